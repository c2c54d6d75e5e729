import type { Principal } from '../identity/principal';
import type { BookScope } from '../metrics/metric.service';
import type { UnitShare } from '../metrics/unit-month';
import { unitFilter, visibleUnits, type OrgScope } from './org-scope';
import type { OrgTree } from './org-tree';
import { HEAD_OFFICE } from './responsibility';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A principal's share of the portfolio: undefined (everything) at HQ; below it, the loans of the
 * units of its subtree that are not internet business (internet business is HQ's whatever branch
 * the loan names, Art. 9), with the premiums and financials of those units.
 */
export async function bookScopeOf(
  principal: Pick<Principal, 'orgUnit'>,
  orgScope: OrgScope,
  internetChannels: readonly string[],
): Promise<BookScope | undefined> {
  const orgUnits = await visibleUnits(orgScope, principal);
  if (!orgUnits) return undefined;
  const internet = internetChannels.map((pattern) =>
    pattern.endsWith('*') ? { channel: { $regex: `^${escapeRegex(pattern.slice(0, -1))}` } } : { channel: pattern },
  );
  return {
    orgUnits,
    excludedChannels: [...internetChannels],
    loanFilter: { ...unitFilter(orgUnits), ...(internet.length > 0 ? { $nor: internet } : {}) },
  };
}

/** Every unit's share of the book below HQ (its subtree's, without internet business): what month-end snapshots are kept for. */
export async function unitShares(directory: { tree(): Promise<OrgTree> }, internetChannels: readonly string[]): Promise<UnitShare[]> {
  const tree = await directory.tree();
  return tree
    .list()
    .filter((unit) => unit.id !== HEAD_OFFICE)
    .map((unit) => ({ orgUnits: tree.subtree(unit.id), excludedChannels: [...internetChannels] }));
}
