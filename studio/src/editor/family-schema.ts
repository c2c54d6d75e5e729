/**
 * The JSON Schema Monaco validates a rule set of one family against: the rule-set schema, plus
 * the family's fact schema where facts are named (a condition's `fact`, a `{ "fact": ... }` value,
 * an embedded test's facts). So an unknown fact name is marked as the server would refuse it, and
 * hovers and completion of fact names carry the fact schema's descriptions. Pure, so it is
 * unit-tested without a browser.
 */

/** Models of rule sets live under this prefix, one folder per family (the family's schema matches the folder). */
export const RULE_SET_MODEL_PREFIX = 'inmemory://policy-studio/rulesets/';
const FAMILY_SCHEMA_PREFIX = 'inmemory://policy-studio/schemas/family/';

export interface FactProperty {
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  /** Values seen today, for an open domain (no enum). */
  examples?: unknown[];
  'x-unit'?: string;
  'x-enum-labels'?: Record<string, string>;
  'x-personal-data'?: boolean;
}

export interface FactSchema {
  $id?: string;
  properties?: Record<string, FactProperty>;
}

/** The schema name of a family's fact schema, as server/rulesets/families.ts links them: warning.obligor -> rulesets/facts/warning-obligor-facts. */
export function factSchemaName(family: string): string {
  return `rulesets/facts/${family.replace(/\./g, '-')}-facts`;
}

/** The folder of a family's models, matched by the family's schema. */
export function familyModelUri(family: string, modelName: string): string {
  return `${RULE_SET_MODEL_PREFIX}${encodeURIComponent(family)}/${modelName}.json`;
}

/** The family a rule-set text declares, read without parsing (the text may not parse while being edited). */
export function familyOfText(text: string): string | undefined {
  return /"family"\s*:\s*"([^"\\]+)"/.exec(text)?.[1];
}

function typeText(property: FactProperty): string {
  if (property.enum) return property.enum.map((item) => JSON.stringify(item)).join(' | ');
  return Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'any');
}

/**
 * The family's schema for Monaco: `allOf` the rule-set schema (by $id), with fact names limited to
 * the fact schema's (personal data excluded: rules may not use it) and test facts typed by it.
 */
/** The facts rules may use: every fact of the schema but personal data, which is accepted in evaluations and masked in the log. */
export function usableFacts(factSchema: FactSchema | undefined): [string, FactProperty][] {
  return Object.entries(factSchema?.properties ?? {}).filter(([, property]) => property['x-personal-data'] !== true);
}

export function familySchema(
  family: string,
  ruleSetSchemaId: string,
  factSchema: FactSchema,
): { uri: string; fileMatch: string[]; schema: Record<string, unknown> } {
  const usable = usableFacts(factSchema);
  const factName = {
    enum: usable.map(([name]) => name),
    // Shown by Monaco after the fact name, in completion and on hover.
    markdownEnumDescriptions: usable.map(
      ([, property]) => `*${typeText(property)}${property['x-unit'] ? `, ${property['x-unit']}` : ''}*\n\n${property.description ?? ''}`,
    ),
    errorMessage: `未知事实：${family} 的事实模式中没有此名称 Not a fact of ${family} (see its fact schema)`,
  };
  const uri = `${FAMILY_SCHEMA_PREFIX}${encodeURIComponent(family)}.json`;
  return {
    uri,
    fileMatch: [`${RULE_SET_MODEL_PREFIX}${encodeURIComponent(family)}/**`],
    schema: {
      $id: uri,
      allOf: [{ $ref: ruleSetSchemaId }],
      properties: {
        rules: { items: { properties: { conditions: { $ref: '#/$defs/condition' } } } },
        tests: { items: { properties: { facts: factSchema.$id ? { $ref: factSchema.$id } : {} } } },
      },
      $defs: {
        condition: {
          properties: {
            all: { items: { $ref: '#/$defs/condition' } },
            any: { items: { $ref: '#/$defs/condition' } },
            not: { $ref: '#/$defs/condition' },
            fact: factName,
            value: { properties: { fact: factName } },
          },
        },
      },
    },
  };
}
