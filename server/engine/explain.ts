import type { RuleResult } from 'json-rules-engine';
import type { Rule, RuleCondition } from '../generated/schema-types';
import { referencedParameters } from './parameters';

export interface LeafExplanation {
  fact: string;
  path?: string;
  operator: string;
  /** The value compared with, after parameters were resolved. */
  expected: unknown;
  /** Parameter names the expected value came from. */
  params?: string[];
  /** The fact's value; absent when the fact was not supplied. */
  factValue?: unknown;
  /** null when json-rules-engine did not evaluate the condition (an earlier priority tier failed). */
  result: boolean | null;
}

export type ConditionExplanation =
  | { all: ConditionExplanation[]; result: boolean | null }
  | { any: ConditionExplanation[]; result: boolean | null }
  | { not: ConditionExplanation; result: boolean | null }
  | LeafExplanation;

export interface RuleExplanation {
  name: string;
  basis: string;
  priority: number;
  result: boolean;
  event: { type: string; params?: Record<string, unknown> };
  conditions: ConditionExplanation;
}

type EvaluatedCondition = Record<string, unknown>;

export function explainRule(rule: Rule, result: RuleResult | undefined): RuleExplanation {
  const evaluated = (result?.conditions ?? {}) as unknown as EvaluatedCondition;
  return {
    name: rule.name,
    basis: rule.basis,
    priority: rule.priority ?? 1,
    result: result?.result === true,
    event: (result?.event as RuleExplanation['event'] | undefined) ?? { type: rule.event.type },
    conditions: explainCondition(rule.conditions, evaluated),
  };
}

/** Walks the authored condition and the evaluated copy side by side (they have the same shape). */
function explainCondition(source: RuleCondition, evaluated: EvaluatedCondition | undefined): ConditionExplanation {
  if ('all' in source || 'any' in source) {
    const operator = 'all' in source ? 'all' : 'any';
    const children = (source as unknown as Record<string, RuleCondition[]>)[operator]!;
    const evaluatedChildren = (evaluated?.[operator] as EvaluatedCondition[] | undefined) ?? [];
    const explained = children.map((child, index) => explainCondition(child, evaluatedChildren[index]));
    const results = explained.map((child) => child.result);
    const result = operator === 'all'
      ? results.includes(false) ? false : results.includes(null) ? null : true
      : results.includes(true) ? true : results.includes(null) ? null : false;
    return operator === 'all' ? { all: explained, result } : { any: explained, result };
  }
  if ('not' in source) {
    const inner = explainCondition(source.not as RuleCondition, evaluated?.not as EvaluatedCondition | undefined);
    return { not: inner, result: inner.result === null ? null : !inner.result };
  }
  const leaf = source as { fact: string; path?: string; operator: string; value: unknown };
  const params = referencedParameters(leaf.value);
  const explanation: LeafExplanation = {
    fact: leaf.fact,
    ...(leaf.path ? { path: leaf.path } : {}),
    operator: leaf.operator,
    expected: evaluated && 'value' in evaluated ? evaluated.value : leaf.value,
    ...(params.length > 0 ? { params } : {}),
    result: typeof evaluated?.result === 'boolean' ? evaluated.result : null,
  };
  if (evaluated && evaluated.factResult !== undefined) explanation.factValue = evaluated.factResult;
  // A value of { fact } is resolved by the engine; show what it compared with.
  if (evaluated && evaluated.valueResult !== undefined && typeof leaf.value === 'object' && leaf.value !== null && 'fact' in leaf.value) explanation.expected = { ...(leaf.value as object), value: evaluated.valueResult };
  return explanation;
}
