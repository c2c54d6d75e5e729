import { randomUUID } from 'node:crypto';
import type { DecisionStore } from '../../decisions/decision.store';
import type { Facts } from '../../engine/evaluate';
import { missingFacts } from '../../engine/missing-facts';
import { maskPersonalFields } from '../../privacy/masking';
import { business, type RunRules } from '../../monitoring/effective-rule-sets';
import { chooseAssignment, scheduleTreatment } from './case-plan';
import type { CaseHandler } from './collection-case.model';

export const ASSIGNMENT_FAMILY = 'collection.assignment';

/**
 * collection.assignment for a case's responsible unit, with the overlays on its path (RunRules:
 * the rule-run home the monitoring runs use), the decision logged under a new id the case keeps.
 * Facts the rules read but were not given are reported with the outcome, never guessed: a case
 * no rule assigns stays without a handler and says which facts were missing.
 */
export async function assignCase(
  rules: RunRules,
  decisions: DecisionStore,
  subject: { orgUnit: string; facts: Facts; stageSince: string; asOf: string; caller: string; at: Date },
): Promise<{ handler: CaseHandler | null; missingFacts: string[]; decisionId: string }> {
  const { facts } = subject;
  const { prepared, run } = await rules.forUnit(
    ASSIGNMENT_FAMILY,
    subject.orgUnit,
    business({ product: typeof facts.product === 'string' ? facts.product : null, channel: typeof facts.channel === 'string' ? facts.channel : null }),
  );
  const events = await run(facts);
  const missing = missingFacts(prepared, facts, events);
  const decisionId = randomUUID();
  decisions.add({
    decisionId,
    ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
    orgUnit: subject.orgUnit,
    caller: subject.caller,
    facts: maskPersonalFields(facts) as Facts,
    events,
    eventTypes: [...new Set(events.map((event) => event.type))],
    ...(missing.length > 0 ? { missingFacts: missing } : {}),
    at: subject.at,
    durationMs: 0,
  });
  const priorities = new Map(prepared.rules.map((rule) => [rule.name ?? '', rule.priority ?? 1]));
  const chosen = chooseAssignment(events, priorities);
  const handler: CaseHandler | null = chosen
    ? {
        type: chosen.handler,
        ...(chosen.agencyCategory ? { agencyCategory: chosen.agencyCategory } : {}),
        reason: chosen.reason,
        basis: chosen.basis,
        rule: chosen.rule,
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version },
        treatment: scheduleTreatment(chosen.treatment, subject.stageSince),
        assignedBy: subject.caller,
        assignedOn: subject.asOf,
        note: null,
      }
    : null;
  return { handler, missingFacts: missing, decisionId };
}

/** Whether two handlers are the same assignment (team or agency category): a stage move that keeps it publishes nothing. */
export function sameHandler(first: CaseHandler | null, second: CaseHandler | null): boolean {
  return (first?.type ?? null) === (second?.type ?? null) && (first?.agencyCategory ?? null) === (second?.agencyCategory ?? null);
}
