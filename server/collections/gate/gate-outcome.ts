import type { GateCheckResult } from '../../generated/schema-types';
import type { DecisionEvent } from '../../engine/evaluate';

const STRICTNESS = { allow: 0, 'require-consent': 1, block: 2 } as const;
type Outcome = keyof typeof STRICTNESS;

/**
 * The strictest decision of the collection events (block > require-consent > allow), with the
 * rules that decided it. No event at all (a rule set without a catch-all allow) blocks: the gate
 * lets nothing through that no rule allowed.
 */
export function outcomeOf(events: readonly DecisionEvent[]): { outcome: Outcome; reasons: GateCheckResult['reasons'] } {
  const collection = events.filter((event) => event.type === 'collection');
  let outcome: Outcome = collection.length === 0 ? 'block' : 'allow';
  for (const event of collection) {
    const decision = event.params?.decision as Outcome | undefined;
    if (decision && STRICTNESS[decision] > STRICTNESS[outcome]) outcome = decision;
  }
  const reasons = collection
    .filter((event) => event.params?.decision === outcome)
    .map((event) => ({ rule: event.rule ?? '', reason: String(event.params?.reason ?? ''), basis: String(event.params?.basis ?? '') }));
  if (collection.length === 0) reasons.push({ rule: '', reason: 'no-rule-allowed', basis: 'no collection.action rule allowed this contact' });
  return { outcome, reasons };
}
