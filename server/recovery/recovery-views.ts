import { toChangeEntryView } from '../monitoring/queue.views';
import type { HistoryEntry } from '../store/revisioned-records';
import { outstanding, yuanOf } from './ledger-arithmetic';
import type { LedgerEntry, RecoveryCaseRecord } from './recovery-case.model';

/** A recovery case as the API shows it (schemas/recovery/recovery-case.json): amounts in yuan. */
export function toRecoveryCaseView(record: RecoveryCaseRecord) {
  return {
    caseId: record._id,
    claimId: record.claimId,
    loanId: record.loanId,
    policyId: record.policyId,
    obligorId: record.obligorId,
    orgUnit: record.orgUnit,
    paidOn: record.paidOn,
    basis: record.basis,
    due: yuanOf(record.due),
    recovered: yuanOf(record.recovered),
    writtenOff: yuanOf(record.writtenOff),
    receivable: yuanOf(outstanding(record.due, record.recovered, record.writtenOff)),
    unallocated: record.unallocatedCents / 100,
    handler: record.handler,
    legalAction: record.legalAction,
    litigationStatus: record.litigationStatus,
    preservation: record.preservation
      ? {
          appliedOn: record.preservation.appliedOn,
          court: record.preservation.court,
          amount: record.preservation.amountCents / 100,
          note: record.preservation.note,
        }
      : null,
    hasCollateral: record.hasCollateral,
    impairment: record.impairment
      ? {
          stage: record.impairment.stage,
          expectedRecoveryShare: record.impairment.expectedRecoveryShare,
          allowance: record.impairment.allowanceCents / 100,
          month: record.impairment.month,
          decisionId: record.impairment.decisionId,
        }
      : null,
    pendingWriteOffs: record.pendingWriteOffs.map((writeOff) => ({
      writeOffId: writeOff.writeOffId,
      amounts: yuanOf(writeOff.components),
      reason: writeOff.reason,
      proposedBy: writeOff.proposedBy,
      proposedAt: writeOff.proposedAt.toISOString(),
    })),
    status: record.status,
    closedReason: record.closedReason,
    closedOn: record.closedOn,
    placedWith: record.placedWith,
    revision: record.revision,
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function toLedgerEntryView(entry: LedgerEntry) {
  return {
    entryId: entry._id,
    kind: entry.kind,
    on: entry.on,
    amounts: yuanOf(entry.components),
    recoveryId: entry.recoveryId,
    source: entry.source,
    unallocated: entry.unallocatedCents / 100,
    impairment: entry.impairment
      ? { stage: entry.impairment.stage, expectedRecoveryShare: entry.impairment.expectedRecoveryShare, allowance: entry.impairment.allowanceCents / 100 }
      : null,
    actor: entry.actor,
    at: entry.at.toISOString(),
    note: entry.note,
  };
}

export function toRecoveryDetail(record: RecoveryCaseRecord, history: readonly HistoryEntry[], ledger: readonly LedgerEntry[]) {
  return { case: toRecoveryCaseView(record), history: history.map(toChangeEntryView), ledger: ledger.map(toLedgerEntryView) };
}
