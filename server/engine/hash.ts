import { createHash } from 'node:crypto';
import type { RuleSetVersion } from '../generated/schema-types';

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of what decides: family, parameters and rules. Descriptions and tests are left out, so
 * a rollback to an earlier version's content carries that version's hash, and caches of
 * prepared rule sets are shared between versions that decide identically.
 */
export function ruleSetHash(content: Pick<RuleSetVersion, 'family' | 'parameters' | 'rules'>): string {
  const digest = createHash('sha256')
    .update(canonicalJson({ family: content.family, parameters: content.parameters, rules: content.rules }))
    .digest('hex');
  return `sha256:${digest}`;
}
