import { PERSONAL_FIELDS } from '../rulesets/families';

export const MASK = '***';
const PERSONAL = new Set<string>(PERSONAL_FIELDS);

/**
 * The facts with personal fields (at any depth) replaced by a mask, so the decision log never
 * holds an obligor's identity (Art. 31). Rules never use these fields, so a replay of masked
 * facts decides the same. Facts without personal fields (most evaluations) are returned as
 * they are, not copied: the caller must treat the result as read-only.
 */
export function maskPersonalFields(value: unknown): unknown {
  return holdsPersonalField(value) ? masked(value) : value;
}

function holdsPersonalField(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsPersonalField);
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (PERSONAL.has(key) ? item !== null && item !== undefined : holdsPersonalField(item)) return true;
  }
  return false;
}

function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, PERSONAL.has(key) && item !== null && item !== undefined ? MASK : masked(item)]),
    );
  }
  return value;
}
