import { visibleUnits, type OrgScope } from '../authority/org-scope';
import type { BureauReconciliation } from '../generated/schema-types';
import type { Principal } from '../identity/principal';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import { itemIds } from './bureau-derivation';
import { bureauEligible } from './bureau-eligibility';
import { claimApprovedOn, readBureauSources, type BureauSourceDependencies } from './bureau-sources';
import type { BureauStore } from './bureau.store';

/**
 * A month's reconciliation (Art. 32: accurately, completely and timely): every claim approved in the month and every
 * recovery received in it, of an eligible policy, has its bureau items (a notice and a compensation report; a recovery
 * report), and no item of the month belongs to a policy that is not eligible. Branches see their units' part.
 */
export async function reconcileMonth(
  dependencies: BureauSourceDependencies & { store: BureauStore; orgScope: OrgScope; portfolio: PortfolioStore },
  principal: Principal,
  month: string,
): Promise<BureauReconciliation> {
  const first = `${month}-01`;
  const last = `${month}-31`;
  const units = await visibleUnits(dependencies.orgScope, principal);
  const inScope = (orgUnit: string) => units === undefined || units.includes(orgUnit);
  const sources = await readBureauSources(dependencies, last, undefined);
  const expected: BureauReconciliation['missing'] = [];
  let claimsChecked = 0;
  let recoveriesChecked = 0;
  for (const claim of sources.claims) {
    const approvedOn = claimApprovedOn(claim)!;
    const owner = sources.owners.get(claim.loanId);
    if (approvedOn < first || !owner || !inScope(owner.orgUnit) || !bureauEligible(sources.policies.get(owner.policyId))) continue;
    claimsChecked += 1;
    const source = { sourceId: claim.claimId, loanId: claim.loanId, policyId: owner.policyId };
    expected.push({ kind: 'default-notice', ...source, expectedItemId: itemIds.notice(claim.claimId) });
    expected.push({ kind: 'compensation', ...source, expectedItemId: itemIds.compensation(claim.claimId) });
  }
  for (const recovery of sources.recoveries) {
    const owner = sources.owners.get(recovery.loanId);
    if (recovery.receivedAt < first || !owner || !inScope(owner.orgUnit) || !bureauEligible(sources.policies.get(owner.policyId))) continue;
    recoveriesChecked += 1;
    expected.push({
      kind: 'recovery',
      sourceId: recovery.recoveryId,
      loanId: recovery.loanId,
      policyId: owner.policyId,
      expectedItemId: itemIds.recovery(recovery.recoveryId),
    });
  }
  const found = new Set((await dependencies.store.byIds(expected.map((item) => item.expectedItemId))).map((item) => item._id));
  const ofMonth = (await dependencies.store.ofMonth(first, last)).filter((item) => inScope(item.orgUnit));
  const policies = await dependencies.portfolio.policiesById([...new Set(ofMonth.map((item) => item.policyId))]);
  return {
    month,
    claimsChecked,
    recoveriesChecked,
    missing: expected.filter((item) => !found.has(item.expectedItemId)),
    ineligible: ofMonth
      .filter((item) => !bureauEligible(policies.get(item.policyId)))
      .map((item) => ({ itemId: item._id, kind: item.kind, loanId: item.loanId, policyId: item.policyId, status: item.status })),
  };
}
