import { boundProblem, describeBound, parameterKind, typeProblem, type ParameterValue } from '../../../server/authority/bounds';
import type { EffectiveRuleSet } from '../api/types';

export type EffectiveParameter = EffectiveRuleSet['parameters'][string];

/** How a value is shown in an input: lists as comma-separated items. */
export function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * Reads what a user typed for a parameter, in the type of HQ's value (a number, text, true/false,
 * or a comma-separated list), and checks it against the bounds in force — the same check the
 * server makes on publishing, so out-of-bounds input is refused before it is submitted.
 */
export function readParameterInput(text: string, parameter: EffectiveParameter): { value: ParameterValue } | { problem: string } {
  const kind = parameterKind(parameter.ruleSetValue as ParameterValue);
  const trimmed = text.trim();
  if (trimmed === '' && !kind.endsWith('list')) return { problem: '请输入 Enter a value' };
  let value: unknown;
  if (kind === 'number') value = Number(trimmed);
  else if (kind === 'boolean') value = trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
  else if (kind === 'string') value = trimmed;
  else {
    const items = trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
    value = kind === 'number-list' ? items.map(Number) : items;
  }
  if (kind === 'number' && (trimmed === '' || Number.isNaN(value))) return { problem: '必须是数字 Must be a number' };
  const wrongType = typeProblem(value, kind);
  if (wrongType) return { problem: wrongType };
  const outside = boundProblem(value, parameter.bounds);
  if (outside) return { problem: `超出授权范围 Outside the bounds: ${outside}` };
  return { value: value as ParameterValue };
}

export { describeBound };
