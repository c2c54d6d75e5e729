import type { RuleResult } from 'json-rules-engine';
import { createPlatformEngine } from './platform-engine';
import { explainRule, type EvaluationExplanation } from './explain';
import { missingFacts, missingFactsByRule } from './missing-facts';
import type { PreparedRuleSet } from './prepare';

export interface DecisionEvent {
  type: string;
  params?: Record<string, unknown>;
  rule?: string;
}

export interface EvaluationOutcome {
  events: DecisionEvent[];
  /** Facts that left a rule undecided because they were not sent (missing-facts.ts); sorted. */
  missingFacts: string[];
  explanation?: EvaluationExplanation;
}

export type Facts = Record<string, unknown>;

/**
 * One evaluation with json-rules-engine. A new Engine every time: the engine keeps run state
 * on the instance, so a shared engine loses events across priority tiers under concurrent
 * runs. Rules are passed as plain JSON because Rule objects are bound to their engine.
 */
export async function evaluateWithEngine(prepared: PreparedRuleSet, facts: Facts, options: { explain?: boolean } = {}): Promise<EvaluationOutcome> {
  const engine = createPlatformEngine(prepared.rules);
  const { results, failureResults } = await engine.run({ ...facts });
  // json-rules-engine fires a priority tier's rules concurrently, so within a tier its order is
  // whichever finished first. Events are ordered by priority, then by position in the rule set,
  // which is deterministic and what a compiled path can reproduce.
  const position = new Map(prepared.rules.map((rule, index) => [rule.name as string, index]));
  const events = [...results]
    .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1) || position.get(a.name as string)! - position.get(b.name as string)!)
    .map((result) => toEvent(result));
  if (!options.explain) return { events, missingFacts: missingFacts(prepared, facts, events) };
  const byName = new Map<string, RuleResult>([...results, ...failureResults].map((result) => [result.name as string, result]));
  const missingByRule = missingFactsByRule(prepared, facts, new Set(results.map((result) => result.name as string)));
  const rules = prepared.source.map((rule) => explainRule(rule, byName.get(rule.name), facts, missingByRule.get(rule.name) ?? []));
  const missing = [...new Set([...missingByRule.values()].flat())].sort();
  return { events, missingFacts: missing, explanation: { rules, missingFacts: missing } };
}

function toEvent(result: RuleResult): DecisionEvent {
  return decisionEvent(result.event as { type: string; params?: Record<string, unknown> }, result.name as string);
}

/** How a fired rule is reported, by either evaluation path: empty params are left out. */
export function decisionEvent(event: { type: string; params?: Record<string, unknown> }, rule: string | undefined): DecisionEvent {
  return {
    type: event.type,
    ...(event.params && Object.keys(event.params).length > 0 ? { params: event.params } : {}),
    ...(rule !== undefined ? { rule } : {}),
  };
}
