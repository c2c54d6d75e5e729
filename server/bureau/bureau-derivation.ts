import type { ClaimDocument, RecoveryDocument } from '../portfolio/portfolio.model';
import { bureauEligible } from './bureau-eligibility';
import type { BureauItemRecord, BureauValues } from './bureau-item.model';
import { claimApprovedOn, type BureauSources, type LoanOwner } from './bureau-sources';
import type { BureauKind, BureauStatus } from './bureau-transitions';

/** An item the sources call for, before it is stored (the job adds revision and times). */
export type DerivedItem = Omit<BureauItemRecord, 'revision' | 'createdAt' | 'updatedAt'>;

/** The deterministic id of the item a source event calls for: the job's idempotence rests on it. */
export const itemIds = {
  overdue: (loanId: string, monthEnd: string) => `overdue:${loanId}:${monthEnd}`,
  notice: (claimId: string) => `default-notice:${claimId}`,
  compensation: (claimId: string) => `compensation:${claimId}`,
  recovery: (recoveryId: string) => `recovery:${recoveryId}`,
};

/**
 * The items the sources call for on `asOf` (pure): overdue information for every eligible loan overdue at the
 * month-end; for every approved claim of an eligible policy a notice to the obligor (pending until recorded as sent)
 * and its compensation report (pending until the notice's lead time has passed); for every recovery of an eligible
 * policy its recovery report (pending until the loan's compensation was reported). Loans of credit-insurance
 * policies, of obligors who did not authorise credit reporting, or of unknown policies produce nothing (Art. 32).
 */
export function deriveItems(sources: BureauSources, monthEnd: string): DerivedItem[] {
  const eligible = (owner: LoanOwner | undefined): owner is LoanOwner => owner !== undefined && bureauEligible(sources.policies.get(owner.policyId));
  const items: DerivedItem[] = [];
  for (const loan of sources.overdue) {
    if (!eligible(loan)) continue;
    items.push(
      item('overdue', itemIds.overdue(loan.loanId, monthEnd), 'ready', loan.loanId, loan, monthEnd, {
        monthEnd,
        daysPastDue: loan.daysPastDue,
        overdueAmountCents: loan.overdueAmountCents,
      }),
    );
  }
  for (const claim of sources.claims) {
    const owner = sources.owners.get(claim.loanId);
    if (!eligible(owner)) continue;
    const approvedOn = claimApprovedOn(claim)!;
    items.push({ ...item('default-notice', itemIds.notice(claim.claimId), 'pending', claim.loanId, owner, approvedOn, {}), claimId: claim.claimId });
    items.push({
      ...item('compensation', itemIds.compensation(claim.claimId), 'pending', claim.loanId, owner, approvedOn, compensationValues(claim, sources.recoveries)),
      claimId: claim.claimId,
    });
  }
  for (const recovery of sources.recoveries) {
    const owner = sources.owners.get(recovery.loanId);
    if (!eligible(owner)) continue;
    items.push({
      ...item('recovery', itemIds.recovery(recovery.recoveryId), 'pending', recovery.loanId, owner, recovery.receivedAt, {
        recoveryDate: recovery.receivedAt,
        recoveryAmountCents: recovery.amountCents,
      }),
      recoveryId: recovery.recoveryId,
    });
  }
  return items;
}

/**
 * Compensation (代偿) date, amount and amount to recover: the payment day once the claim is paid (the approval day
 * until then), the claim's amount, and that amount less what was recovered on the loan by then. The job refreshes
 * these on an item not yet submitted, so the report carries the figures of the day it is batched.
 */
export function compensationValues(claim: ClaimDocument, recoveries: readonly RecoveryDocument[]): BureauValues {
  const compensationDate = claim.paidAt ?? claimApprovedOn(claim)!;
  const recovered = recoveries.filter((recovery) => recovery.loanId === claim.loanId).reduce((sum, recovery) => sum + recovery.amountCents, 0);
  return {
    compensationDate,
    compensationAmountCents: claim.amountCents,
    amountToRecoverCents: Math.max(0, claim.amountCents - recovered),
  };
}

function item(kind: BureauKind, id: string, status: BureauStatus, loanId: string, owner: LoanOwner, eventDate: string, values: BureauValues): DerivedItem {
  return {
    _id: id,
    kind,
    status,
    loanId,
    policyId: owner.policyId,
    obligorId: owner.obligorId,
    orgUnit: owner.orgUnit,
    claimId: null,
    recoveryId: null,
    eventDate,
    values,
    notice: null,
    correctsItemId: null,
    correctedByItemId: null,
    batchId: null,
    rejectionReason: null,
  };
}
