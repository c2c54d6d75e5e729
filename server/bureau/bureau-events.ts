import type { PlatformEvent } from '../events/platform-events';
import type { BureauBatchRecord, BureauItemRecord } from './bureau-item.model';

/**
 * bureau.item-ready, bureau.item-rejected (schemas/bureau/bureau-item-event-data.json) and bureau.batch-submitted
 * (schemas/bureau/bureau-batch-event-data.json): ids, kinds, statuses, dates and counts only, never the obligor
 * (not even the pseudonymous id) nor amounts. The id names the item's revision, so a retried write publishes once.
 */
export function itemEvent(type: 'bureau.item-ready' | 'bureau.item-rejected', item: BureauItemRecord, at: Date): PlatformEvent {
  return {
    id: `${type}:${item._id}:${item.revision}`,
    type,
    orgUnit: item.orgUnit,
    occurredAt: at,
    data: {
      itemId: item._id,
      kind: item.kind,
      status: item.status,
      loanId: item.loanId,
      claimId: item.claimId,
      recoveryId: item.recoveryId,
      eventDate: item.eventDate,
      batchId: item.batchId,
      reason: item.rejectionReason,
      revision: item.revision,
    },
  };
}

/** The batch is HQ's (HQ runs the reporting). */
export function batchEvent(batch: BureauBatchRecord, at: Date): PlatformEvent {
  return {
    id: `bureau.batch-submitted:${batch._id}`,
    type: 'bureau.batch-submitted',
    orgUnit: 'HQ',
    occurredAt: at,
    data: { batchId: batch._id, itemCount: batch.itemIds.length, counts: batch.counts, createdBy: batch.createdBy },
  };
}
