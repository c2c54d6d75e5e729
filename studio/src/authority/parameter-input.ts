import { boundProblem, describeBound, parameterKind, typeProblem, type ParameterBound, type ParameterValue } from '../../../server/authority/bounds';
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
  return readBoundedInput(text, parameter.ruleSetValue as ParameterValue, parameter.bounds, '超出授权范围 Outside the bounds');
}

/**
 * Reads typed text in the type of `current` (a number, text, true/false, or a comma-separated
 * list) and checks it against `bounds`; `outside` names the bounds in the message (a branch's
 * granted bounds, a parameter's own min / max). Shared by the overlay editor and the threshold table.
 */
export function readBoundedInput(
  text: string,
  current: ParameterValue,
  bounds: ParameterBound,
  outside: string,
): { value: ParameterValue } | { problem: string } {
  const kind = parameterKind(current);
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
  const problem = boundProblem(value, bounds);
  if (problem) return { problem: `${outside}: ${problem}` };
  return { value: value as ParameterValue };
}

export { describeBound };
