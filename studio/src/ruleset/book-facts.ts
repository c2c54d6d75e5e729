/**
 * One segment of the metric module's portfolio figures as warning.portfolio facts: the month,
 * the segment's dimensions and its metrics, keeping only names the fact schema lists (nulls,
 * i.e. zero denominators, are left out so the conditions see an absent fact).
 */
export function portfolioSegmentFacts(
  month: string,
  segment: Record<string, string>,
  metrics: Record<string, unknown>,
  factNames: readonly string[],
): Record<string, unknown> {
  const facts: Record<string, unknown> = { month, ...segment, ...metrics };
  return Object.fromEntries(
    Object.entries(facts).filter(
      ([name, value]) => factNames.includes(name) && value !== null && value !== undefined && !(name === 'vintage' && typeof value !== 'number'),
    ),
  );
}
