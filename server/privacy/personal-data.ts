import { projectSchemaFiles } from '../http/schema-files';

/**
 * The one home of personal data (Art. 31). What is personal is declared in one place: the
 * `"x-personal-data": true` annotation on a property in schemas/ (registered with ajv in
 * server/http/schema-registry.ts). Everything that hides personal data reads it from here: the
 * decision log's allow-list (server/decisions/decision.masking.ts), masking of job records and
 * audit entries, webhook payloads, the facts rules may use, and the logger's redaction.
 *
 * This module sits on the infrastructure floor beside the logger, which imports it at load, before
 * any schema registry exists; it takes the schema files from server/http/schema-files.ts, which
 * reads them once per process for it and for the registry.
 */
export const PERSONAL_DATA_KEYWORD = 'x-personal-data';

interface ObjectSchema {
  properties?: Record<string, unknown>;
}

/** A schema's own properties: every name, and those that are personal data. */
export interface SchemaFields {
  named: ReadonlySet<string>;
  personal: ReadonlySet<string>;
}

function isPersonal(property: unknown): boolean {
  return typeof property === 'object' && property !== null && (property as Record<string, unknown>)[PERSONAL_DATA_KEYWORD] === true;
}

/** The top-level properties of an object schema, and which of them are personal. */
export function fieldsOf(schema: unknown): SchemaFields {
  const properties = Object.entries((schema as ObjectSchema).properties ?? {});
  return {
    named: new Set(properties.map(([name]) => name)),
    personal: new Set(properties.filter(([, property]) => isPersonal(property)).map(([name]) => name)),
  };
}

/** The facts rules may use: personal data is accepted in evaluations and masked, never a condition. */
export function usableFieldsOf(schema: unknown): string[] {
  return Object.entries((schema as ObjectSchema).properties ?? {})
    .filter(([, property]) => !isPersonal(property))
    .map(([name]) => name);
}

/** Every property name the schemas mark as personal, at any depth (nested objects, items, $defs). */
export function personalFieldsIn(schemas: readonly unknown[]): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach(walk);
    const { properties } = node as ObjectSchema;
    if (typeof properties === 'object' && properties !== null) {
      for (const [name, property] of Object.entries(properties)) if (isPersonal(property)) found.add(name);
    }
    Object.values(node).forEach(walk);
  };
  schemas.forEach(walk);
  return [...found].sort();
}

/** A schema file under schemas/ by its name without `.json`, e.g. `rulesets/facts/disposition-facts`. */
export function readSchema(name: string): unknown {
  const loaded = projectSchemaFiles().find((candidate) => candidate.name === name);
  if (!loaded) throw new Error(`There is no schema ${name}.json in schemas/`);
  return loaded.schema;
}

/** Every name any schema in schemas/ marks as personal data. */
export const PERSONAL_FIELDS: readonly string[] = personalFieldsIn(projectSchemaFiles().map((loaded) => loaded.schema));
