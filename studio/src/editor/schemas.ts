/**
 * Every JSON Schema under schemas/, bundled at build time (the same files ajv uses on the
 * server), keyed by name without .json, e.g. "rulesets/facts/warning-obligor-facts".
 */
const files = import.meta.glob('../../../schemas/**/*.json', { eager: true, import: 'default' }) as Record<string, { $id?: string }>;

export const SCHEMAS: Record<string, { $id?: string }> = Object.fromEntries(
  Object.entries(files).map(([file, schema]) => [file.replace(/^.*\/schemas\//, '').replace(/\.json$/, ''), schema]),
);
