import { HEAD_OFFICE, responsibleOrgUnit } from '../authority/responsibility';
import type { JobOutcome } from '../jobs/job-definition';
import type { ClaimDocument, LoanDocument } from '../portfolio/portfolio.model';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { LedgerEntry, RecoveryCaseRecord } from './recovery-case.model';
import { ZERO } from './recovery-case.model';
import type { RecoveryCaseStore } from './recovery-case.store';
import { allocateImported, outstanding } from './ledger-arithmetic';
import type { RecoveryLedger } from './recovery-ledger';

/** A paid claim as the book holds it (portfolio_claims: imports and the claim workflow write it). */
export type PaidClaim = Pick<ClaimDocument, 'claimId' | 'loanId' | 'orgUnit' | 'amountCents'> & { paidAt: string };

const LOANS_PER_QUERY = 500;
/** A booking that lost its revision to a concurrent change (an API booking on the same case) is retried on a fresh read. */
const BOOKING_ATTEMPTS = 3;

export const recoveryCaseId = (claimId: string) => `rec:${claimId}`;

/**
 * Opens recovery cases at payment and brings the imported recoveries into their ledgers. A case
 * is one per paid claim under `rec:<claimId>`, so however many workers (or the claim workflow and
 * the daily job) open it, one insert wins; its receivable is recognised in the same step (ledger
 * entry `<caseId>:1`, the indemnity = the claim amount; the penalty and costs are set later by API).
 */
export class RecoveryOpening {
  constructor(
    private readonly cases: RecoveryCaseStore,
    private readonly portfolio: PortfolioStore,
    private readonly ledger: RecoveryLedger,
    private readonly internetChannels: readonly string[],
  ) {}

  /** Opens the cases of these paid claims that have none yet; returns the ids it opened. */
  async open(claims: readonly PaidClaim[], actor: string): Promise<string[]> {
    const existing = new Set((await this.cases.byIds(claims.map((claim) => recoveryCaseId(claim.claimId)))).map((record) => record._id));
    const fresh = claims.filter((claim) => !existing.has(recoveryCaseId(claim.claimId)));
    if (fresh.length === 0) return [];
    const loans = await this.loansOf(fresh.map((claim) => claim.loanId));
    const now = new Date();
    const records = fresh.map((claim): RecoveryCaseRecord => {
      const loan = loans.get(claim.loanId);
      const paidOn = claim.paidAt.slice(0, 10);
      return {
        _id: recoveryCaseId(claim.claimId),
        claimId: claim.claimId,
        loanId: claim.loanId,
        policyId: loan?.policyId ?? null,
        obligorId: loan?.obligorId ?? null,
        // Internet business is HQ's (Art. 9), as for the collection cases; else the claim's (the loan's) unit.
        orgUnit: loan ? responsibleOrgUnit(loan, this.internetChannels) : (claim.orgUnit ?? HEAD_OFFICE),
        paidOn,
        openedOn: paidOn,
        basis: 'statutory',
        due: { indemnityCents: claim.amountCents, penaltyCents: 0, costsCents: 0 },
        recovered: ZERO,
        writtenOff: ZERO,
        unallocatedCents: 0,
        handler: 'own',
        legalAction: 'none',
        litigationStatus: 'none',
        preservation: null,
        hasCollateral: false,
        impairment: null,
        pendingWriteOffs: [],
        status: 'open',
        closedReason: null,
        closedOn: null,
        placedWith: null,
        revision: 1,
        createdAt: now,
        updatedAt: now,
      };
    });
    const inserted = await this.cases.insertNew(records, () => ({
      action: 'opened',
      actor,
      at: now,
      asOf: null,
      note: 'claim paid',
      decisionId: null,
      facts: null,
    }));
    const receivables: LedgerEntry[] = records.map((record) => ({
      _id: `${record._id}:1`,
      caseId: record._id,
      loanId: record.loanId,
      orgUnit: record.orgUnit,
      kind: 'receivable',
      on: record.paidOn,
      month: record.paidOn.slice(0, 7),
      components: record.due,
      recoveryId: null,
      source: 'payment',
      unallocatedCents: 0,
      impairment: null,
      actor,
      at: now,
      note: `claim ${record.claimId} paid`,
    }));
    // Written for every case, not only those this call inserted: a run that died between the case and its entry completes it.
    await this.cases.addLedger(receivables);
    return [...inserted];
  }

  /** The daily run: cases for the claims paid up to the day, then the imported recoveries of every case's loan not yet in a ledger. */
  async run(asOf: string, actor: string): Promise<JobOutcome> {
    const claims: PaidClaim[] = [];
    for await (const claim of this.portfolio.claims({ paidAt: { $lte: `${asOf}\uffff` } }))
      if (claim.paidAt && claim.status !== 'rejected') claims.push({ ...claim, paidAt: claim.paidAt });
    const opened = await this.open(claims, actor);
    const booked = await this.bookImported(actor);
    return { counts: { paidClaims: claims.length, opened: opened.length, ...booked } };
  }

  /**
   * The book's recoveries (imported; the API's own bookings are in the ledger already under their
   * recoveryId) booked into the case of their loan, oldest first, allocated costs, penalty, then
   * indemnity (ledger-arithmetic.ts); what exceeds the outstanding stays unallocated in the entry.
   * A loan with two paid claims books into its earliest open case.
   */
  async bookImported(actor: string): Promise<{ recoveriesBooked: number; recoveriesUnmatched: number }> {
    const open = await this.cases.open();
    const byLoan = new Map<string, RecoveryCaseRecord[]>();
    for (const record of open) byLoan.set(record.loanId, [...(byLoan.get(record.loanId) ?? []), record]);
    let booked = 0;
    let unmatched = 0;
    const loanIds = [...byLoan.keys()];
    for (let start = 0; start < loanIds.length; start += LOANS_PER_QUERY) {
      const recoveries = [];
      for await (const recovery of this.portfolio.recoveries({ loanId: { $in: loanIds.slice(start, start + LOANS_PER_QUERY) } })) recoveries.push(recovery);
      const done = await this.cases.bookedRecoveryIds(recoveries.map((recovery) => recovery.recoveryId));
      const pending = recoveries
        .filter((recovery) => !done.has(recovery.recoveryId))
        .sort((first, second) => first.receivedAt.localeCompare(second.receivedAt) || first.recoveryId.localeCompare(second.recoveryId));
      for (const recovery of pending) {
        const candidates = (byLoan.get(recovery.loanId) ?? []).filter((record) => record.paidOn <= recovery.receivedAt.slice(0, 10));
        if (candidates.length === 0) {
          unmatched++;
          continue;
        }
        candidates.sort((first, second) => first.paidOn.localeCompare(second.paidOn));
        if (await this.bookOne(candidates[0]!._id, recovery, actor)) booked++;
      }
    }
    return { recoveriesBooked: booked, recoveriesUnmatched: unmatched };
  }

  private async bookOne(caseId: string, recovery: { recoveryId: string; receivedAt: string; amountCents: number }, actor: string): Promise<boolean> {
    for (let attempt = 0; attempt < BOOKING_ATTEMPTS; attempt++) {
      const record = await this.cases.find(caseId);
      if (!record) return false;
      const allocation = allocateImported(recovery.amountCents, outstanding(record.due, record.recovered, record.writtenOff));
      const written = await this.ledger.book(record, {
        kind: 'recovery',
        components: allocation.components,
        unallocatedCents: allocation.unallocatedCents,
        on: recovery.receivedAt.slice(0, 10),
        recoveryId: recovery.recoveryId,
        source: 'import',
        actor,
        note: allocation.unallocatedCents > 0 ? `imported recovery exceeds the outstanding by ${allocation.unallocatedCents / 100} yuan` : null,
      });
      if (written) return true;
    }
    return false;
  }

  private async loansOf(loanIds: readonly string[]): Promise<Map<string, LoanDocument>> {
    const loans = new Map<string, LoanDocument>();
    const unique = [...new Set(loanIds)];
    for (let start = 0; start < unique.length; start += LOANS_PER_QUERY)
      for await (const loan of this.portfolio.loans({ _id: { $in: unique.slice(start, start + LOANS_PER_QUERY) } })) loans.set(loan.loanId, loan);
    return loans;
  }
}
