import type { DecisionEvent } from '../generated/schema-types';

/**
 * What vendor.admission's events decide: any reject event rejects, with every reason given; an admit
 * event alone admits; no event at all rejects (fail closed: a pack that says nothing admits no one). Pure.
 */
export function admissionOutcome(events: readonly DecisionEvent[]): { decision: 'admit' | 'reject'; reasons: string[] } {
  const rejects = events.filter((event) => (event.params as { decision?: string } | undefined)?.decision === 'reject');
  if (rejects.length > 0)
    return { decision: 'reject', reasons: [...new Set(rejects.flatMap((event) => (event.params as { reasons?: string[] } | undefined)?.reasons ?? []))] };
  if (events.some((event) => (event.params as { decision?: string } | undefined)?.decision === 'admit')) return { decision: 'admit', reasons: [] };
  return { decision: 'reject', reasons: ['no-decision'] };
}
