import type { Family } from '../generated/schema-types';
import type { Business } from './effective';

/**
 * Families whose facts carry the sales channel and product of the business. (In collection
 * actions, `channel` is how a contact is made — a call, a text — not a sales channel.)
 */
const SALES_FACT_FAMILIES: ReadonlySet<Family> = new Set(['warning.obligor', 'warning.portfolio', 'disposition', 'claim.trigger', 'collection.assignment']);

/** The product and sales channel an evaluation's facts name, for grant scopes and internet business. */
export function businessOf(family: Family, facts: Record<string, unknown>): Business {
  if (!SALES_FACT_FAMILIES.has(family)) return {};
  return {
    ...(typeof facts.product === 'string' ? { product: facts.product } : {}),
    ...(typeof facts.channel === 'string' ? { channel: facts.channel } : {}),
  };
}
