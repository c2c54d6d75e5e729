import fs from 'node:fs';
import path from 'node:path';
import type { Family } from '../generated/schema-types';
import { FAMILIES, FAMILY_NAMES } from '../rulesets/families';

export const MASK = '***';
/** The schema keyword that marks a fact as personal data (registered with ajv in the schema registry). */
export const PERSONAL_DATA_KEYWORD = 'x-personal-data';

const SCHEMA_DIRECTORY = path.resolve(__dirname, '..', '..', 'schemas');

interface FactSchema {
  properties?: Record<string, Record<string, unknown>>;
}

interface FamilyFacts {
  /** Every fact the family's schema names: the only ones kept in the decision log. */
  named: ReadonlySet<string>;
  personal: ReadonlySet<string>;
}

/**
 * What the decision log may keep, read once from the fact schemas (schemas/rulesets/facts): the
 * facts each family names, and those marked `"x-personal-data": true`. The schemas are the one
 * source: a new personal fact is marked there, and the log, the masking of job records and
 * audit entries, webhook payloads and the logger's redaction all follow.
 */
const FAMILY_FACTS: ReadonlyMap<Family, FamilyFacts> = new Map(
  FAMILY_NAMES.map((family) => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIRECTORY, `${FAMILIES[family].facts}.json`), 'utf8')) as FactSchema;
    const properties = Object.entries(schema.properties ?? {});
    return [family, {
      named: new Set(properties.map(([name]) => name)),
      personal: new Set(properties.filter(([, property]) => property[PERSONAL_DATA_KEYWORD] === true).map(([name]) => name)),
    }];
  }),
);

/** Every fact name any family's schema marks as personal data. */
export const PERSONAL_FIELDS: readonly string[] = [...new Set([...FAMILY_FACTS.values()].flatMap((facts) => [...facts.personal]))].sort();
const PERSONAL = new Set<string>(PERSONAL_FIELDS);

/**
 * The facts as the decision log keeps them: only those the family's schema names (anything else a
 * caller sends, such as a customer's name under another key, is dropped: rules cannot use it and a
 * replay decides the same without it), with personal ones masked (Art. 31).
 */
export function factsForLog(family: Family, facts: Record<string, unknown>): Record<string, unknown> {
  const known = FAMILY_FACTS.get(family);
  if (!known) return {};
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(facts)) {
    if (!known.named.has(key)) continue;
    const value = facts[key];
    kept[key] = known.personal.has(key) && value !== null && value !== undefined ? MASK : value;
  }
  return kept;
}

/**
 * The value with personal fields (at any depth) replaced by a mask, for records that are not
 * one family's facts (job records, audit entries). Values without personal fields are returned as
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
