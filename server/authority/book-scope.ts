import type { Principal } from '../identity/principal';
import type { BookScope } from '../metrics/metric.service';
import type { OrgScope } from './org-scope';
import { HEAD_OFFICE } from './responsibility';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A principal's share of the portfolio: undefined (everything) at HQ; below it, the loans of the
 * units of its subtree that are not internet business (internet business is HQ's whatever branch
 * the loan names, Art. 9), with the premiums and financials of those units.
 */
export async function bookScopeOf(principal: Pick<Principal, 'orgUnit'>, orgScope: OrgScope, internetChannels: readonly string[]): Promise<BookScope | undefined> {
  if (principal.orgUnit === HEAD_OFFICE) return undefined;
  const orgUnits = await orgScope.unitsWithin(principal.orgUnit);
  const internet = internetChannels.map((pattern) => (pattern.endsWith('*') ? { channel: { $regex: `^${escapeRegex(pattern.slice(0, -1))}` } } : { channel: pattern }));
  return { orgUnits, loanFilter: { orgUnit: { $in: orgUnits }, ...(internet.length > 0 ? { $nor: internet } : {}) } };
}
