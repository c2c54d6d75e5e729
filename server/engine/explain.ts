import type { RuleResult } from 'json-rules-engine';
import type { EvaluationCondition, EvaluationExplanation, EvaluationRule, Rule, RuleCondition } from '../generated/schema-types';
import type { Facts } from './evaluate';
import { leafMissingFacts } from './missing-facts';
import { referencedParameters } from './parameters';

/** The explanation's shapes are schemas/rulesets/evaluation-explanation.json, evaluation-rule.json and evaluation-condition.json. */
export type { EvaluationExplanation, EvaluationRule as RuleExplanation, EvaluationCondition as ConditionExplanation };
export type LeafExplanation = Extract<EvaluationCondition, { fact: string }>;

type EvaluatedCondition = Record<string, unknown>;
/** Facts and values arrive as JSON, so what the engine hands back is JSON too. */
type JsonValue = LeafExplanation['expected'];

/** One rule as evaluated; `missingFacts` are the facts whose absence left it undecided (missing-facts.ts). */
export function explainRule(rule: Rule, result: RuleResult | undefined, facts: Facts, missingFacts: string[]): EvaluationRule {
  const evaluated = (result?.conditions ?? {}) as unknown as EvaluatedCondition;
  return {
    name: rule.name,
    basis: rule.basis,
    priority: rule.priority ?? 1,
    result: result?.result === true,
    event: (result?.event as EvaluationRule['event'] | undefined) ?? { type: rule.event.type },
    conditions: explainCondition(rule.conditions, evaluated, facts),
    missingFacts,
  };
}

/** Walks the authored condition and the evaluated copy side by side (they have the same shape). */
function explainCondition(source: RuleCondition, evaluated: EvaluatedCondition | undefined, facts: Facts): EvaluationCondition {
  if ('all' in source || 'any' in source) {
    const operator = 'all' in source ? 'all' : 'any';
    const children = (source as unknown as Record<string, RuleCondition[]>)[operator]!;
    const evaluatedChildren = (evaluated?.[operator] as EvaluatedCondition[] | undefined) ?? [];
    const explained = children.map((child, index) => explainCondition(child, evaluatedChildren[index], facts));
    const results = explained.map((child) => child.result);
    const result =
      operator === 'all'
        ? results.includes(false)
          ? false
          : results.includes(null)
            ? null
            : true
        : results.includes(true)
          ? true
          : results.includes(null)
            ? null
            : false;
    return operator === 'all' ? { all: explained, result } : { any: explained, result };
  }
  if ('not' in source) {
    const inner = explainCondition(source.not as RuleCondition, evaluated?.not as EvaluatedCondition | undefined, facts);
    return { not: inner, result: inner.result === null ? null : !inner.result };
  }
  const leaf = source as { fact: string; path?: string; operator: string; value: unknown };
  const params = referencedParameters(leaf.value);
  const explanation: LeafExplanation = {
    fact: leaf.fact,
    ...(leaf.path ? { path: leaf.path } : {}),
    operator: leaf.operator,
    expected: (evaluated && 'value' in evaluated ? evaluated.value : leaf.value) as JsonValue,
    ...(params.length > 0 ? { params } : {}),
    result: typeof evaluated?.result === 'boolean' ? evaluated.result : null,
  };
  // Said outright: an absent factValue alone may also mean the condition was not evaluated.
  const missing = leafMissingFacts(leaf as unknown as Record<string, unknown>, facts);
  if (missing.length > 0) explanation.missing = missing;
  if (evaluated && evaluated.factResult !== undefined) explanation.factValue = evaluated.factResult as JsonValue;
  // A value of { fact } is resolved by the engine; show what it compared with.
  if (evaluated && evaluated.valueResult !== undefined && typeof leaf.value === 'object' && leaf.value !== null && 'fact' in leaf.value)
    explanation.expected = { ...(leaf.value as object), value: evaluated.valueResult };
  return explanation;
}
