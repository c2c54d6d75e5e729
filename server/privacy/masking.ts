import { PERSONAL_FIELDS, type SchemaFields } from './personal-data';

/** What a personal value becomes in records the platform keeps. */
export const MASK = '***';

const PERSONAL = new Set<string>(PERSONAL_FIELDS);

const present = (value: unknown): boolean => value !== null && value !== undefined;

/**
 * A record as the decision log keeps it: only the fields its schema names (anything else a caller
 * sends, such as a customer's name under another key, is dropped), with personal ones masked.
 */
export function allowListed(record: Record<string, unknown>, fields: SchemaFields): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (!fields.named.has(key)) continue;
    const value = record[key];
    kept[key] = fields.personal.has(key) && present(value) ? MASK : value;
  }
  return kept;
}

/**
 * The value with personal fields (at any depth) replaced by a mask, for records kept by the
 * platform (job records, claim cases, audit entries). Values without personal fields are returned
 * as they are, not copied: the caller must treat the result as read-only.
 */
export function maskPersonalFields(value: unknown): unknown {
  return holdsPersonalField(value) ? masked(value) : value;
}

function holdsPersonalField(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsPersonalField);
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (PERSONAL.has(key) ? present(item) : holdsPersonalField(item)) return true;
  }
  return false;
}

function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, PERSONAL.has(key) && present(item) ? MASK : masked(item)]));
  }
  return value;
}

/**
 * A copy without personal fields at any depth, for what leaves the platform (webhook payloads):
 * receivers get obligors by pseudonymous id only. Dates become ISO text.
 */
export function withoutPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalFields);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !PERSONAL.has(key))
        .map(([key, item]) => [key, withoutPersonalFields(item)]),
    );
  }
  return value;
}

/**
 * The logger's redaction paths for personal data: every personal field and whole fact sets, up to
 * two levels down (`{ name }`, `{ obligor: { name } }`, `{ request: { body: { facts } } }`). Each
 * wildcard level costs every log line, so deeper objects are not walked.
 */
export const PERSONAL_REDACT_PATHS: readonly string[] = ['facts', ...PERSONAL_FIELDS].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
