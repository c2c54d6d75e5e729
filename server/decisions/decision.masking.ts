import { PERSONAL_FIELDS } from '../rulesets/families';

export const MASK = '***';
const PERSONAL = new Set<string>(PERSONAL_FIELDS);

/**
 * A copy of the facts with personal fields (at any depth) replaced by a mask, so the decision
 * log never holds an obligor's identity (Art. 31). Rules never use these fields, so a replay of
 * masked facts decides the same.
 */
export function maskPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalFields);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, PERSONAL.has(key) && item !== null && item !== undefined ? MASK : maskPersonalFields(item)]),
    );
  }
  return value;
}
