import type { ObligorFacts } from '../api/types';

/**
 * The metric module's view of an obligor, shaped as warning.obligor facts (the same mapping the
 * impact preview uses on the server): figures from the obligor's totals, the segment from their
 * first loan. Nulls (no rating yet) are left out, so the rules see the fact as absent.
 */
export function warningFactsFromObligor(view: ObligorFacts): Record<string, unknown> {
  const first = view.loans[0]?.facts;
  const facts: Record<string, unknown> = {
    obligorId: view.obligorId,
    asOf: view.asOf,
    dpd: view.facts.dpd,
    overdueAmount: view.facts.overdueAmount,
    remainingPrincipal: view.facts.remainingPrincipal,
    scoreDrop: view.facts.scoreDrop,
    grade: view.facts.grade,
    monthsOnBook: view.facts.monthsOnBook,
    customerTier: first?.customerTier,
    channel: first?.channel,
    product: first?.product,
    orgUnit: first?.orgUnit,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * One segment of the metric module's portfolio figures as warning.portfolio facts: the month,
 * the segment's dimensions and its metrics, keeping only names the fact schema lists (nulls,
 * i.e. zero denominators, are left out so the conditions see an absent fact).
 */
export function portfolioSegmentFacts(month: string, segment: Record<string, string>, metrics: Record<string, unknown>, factNames: readonly string[]): Record<string, unknown> {
  const facts: Record<string, unknown> = { month, ...segment, ...metrics };
  return Object.fromEntries(Object.entries(facts).filter(([name, value]) => factNames.includes(name) && value !== null && value !== undefined && !(name === 'vintage' && typeof value !== 'number')));
}
