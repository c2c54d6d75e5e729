import type { PlatformEvent } from '../events/platform-events';
import { outstanding, sum, yuanOf } from './ledger-arithmetic';
import type { LedgerEntry, RecoveryCaseRecord } from './recovery-case.model';

/**
 * recovery.booked and recovery.case-closed (schemas/webhooks/webhook-recovery-*-data.json): ids,
 * days and amounts by component; no obligor and no personal data (Art. 31). The ids name the
 * case revision, so a retried booking or run publishes once.
 */
export function recoveryBookedEvent(record: RecoveryCaseRecord, entry: LedgerEntry): PlatformEvent {
  return {
    id: `recovery.booked:${record._id}:${record.revision}`,
    type: 'recovery.booked',
    orgUnit: record.orgUnit,
    occurredAt: entry.at,
    data: {
      caseId: record._id,
      claimId: record.claimId,
      loanId: record.loanId,
      receivedOn: entry.on,
      source: entry.source,
      recoveryId: entry.recoveryId,
      booked: yuanOf(entry.components),
      outstanding: yuanOf(outstanding(record.due, record.recovered, record.writtenOff)),
      revision: record.revision,
    },
  };
}

export function recoveryCaseClosedEvent(record: RecoveryCaseRecord, at: Date): PlatformEvent {
  return {
    id: `recovery.case-closed:${record._id}:${record.revision}`,
    type: 'recovery.case-closed',
    orgUnit: record.orgUnit,
    occurredAt: at,
    data: {
      caseId: record._id,
      claimId: record.claimId,
      loanId: record.loanId,
      closedOn: record.closedOn,
      closedReason: record.closedReason,
      due: sum(record.due) / 100,
      recovered: sum(record.recovered) / 100,
      writtenOff: sum(record.writtenOff) / 100,
      revision: record.revision,
    },
  };
}
