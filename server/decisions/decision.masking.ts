import type { Family } from '../generated/schema-types';
import { allowListed } from '../privacy/masking';
import { fieldsOf, readSchema, type SchemaFields } from '../privacy/personal-data';
import { FAMILIES, FAMILY_NAMES } from '../rulesets/families';

/**
 * What the decision log may keep, read once from the fact schemas (schemas/rulesets/facts): the
 * facts each family names, and those marked personal data (server/privacy is the one home of that
 * annotation and of masking).
 */
const FAMILY_FACTS: ReadonlyMap<Family, SchemaFields> = new Map(FAMILY_NAMES.map((family) => [family, fieldsOf(readSchema(FAMILIES[family].facts))]));

/**
 * The facts as the decision log keeps them: only those the family's schema names (anything else a
 * caller sends, such as a customer's name under another key, is dropped: rules cannot use it and a
 * replay decides the same without it), with personal ones masked (Art. 31).
 */
export function factsForLog(family: Family, facts: Record<string, unknown>): Record<string, unknown> {
  const known = FAMILY_FACTS.get(family);
  return known ? allowListed(facts, known) : {};
}
