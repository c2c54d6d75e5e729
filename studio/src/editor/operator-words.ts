/**
 * Operators and units in words for people who do not read json-rules-engine names: the threshold
 * table shows `dpd ≥ 30 天 days` rather than `greaterThanInclusive 30`. Bilingual like terms.ts.
 * An operator without words here (a custom or decorated one) shows under its own name.
 */
export const OPERATOR_WORDS: Record<string, string> = {
  equal: '= 等于 equals',
  notEqual: '≠ 不等于 is not',
  in: '∈ 属于 is one of',
  notIn: '∉ 不属于 is none of',
  contains: '包含 contains',
  doesNotContain: '不包含 does not contain',
  lessThan: '< 小于 below',
  lessThanInclusive: '≤ 不超过 at most',
  greaterThan: '> 大于 above',
  greaterThanInclusive: '≥ 不少于 at least',
  between: '介于 between (含两端 both included)',
  notBetween: '不介于 outside',
  inRange: '从…到不足 from … up to (not including)',
  timeWithin: '时间在…之内 time within',
  timeOutside: '时间在…之外 time outside',
  containsAny: '包含任一 contains any of',
  containsNone: '不含任何 contains none of',
  exists: '存在 is present',
};

/** "not x" (a negated comparison) reads as the negation of x's words. */
export function operatorWords(operator: string): string {
  const negated = operator.startsWith('not ');
  const name = negated ? operator.slice(4) : operator;
  const words = OPERATOR_WORDS[name] ?? name;
  return negated ? `非 not (${words})` : words;
}

const UNIT_WORDS: Record<string, string> = {
  days: '天 days',
  months: '个月 months',
  RMB: '元 RMB',
  ratio: '比率 ratio',
  points: '分 points',
  notches: '级 notches',
  count: '次 count',
};

/** A unit (a fact schema's x-unit or a parameter's unit) in words; unknown units as they are. */
export function unitWords(unit: string | undefined): string {
  return unit ? (UNIT_WORDS[unit] ?? unit) : '';
}
