import type { BureauBatch, BureauItem } from '../generated/schema-types';
import type { BureauBatchRecord, BureauItemRecord } from './bureau-item.model';
import { noticeReadyOn } from './bureau-transitions';

export function toBureauItemView(record: BureauItemRecord, noticeLeadDays: number): BureauItem {
  return {
    itemId: record._id,
    kind: record.kind,
    status: record.status,
    loanId: record.loanId,
    policyId: record.policyId,
    obligorId: record.obligorId,
    orgUnit: record.orgUnit,
    claimId: record.claimId,
    recoveryId: record.recoveryId,
    eventDate: record.eventDate,
    values: record.values,
    notice: record.notice as BureauItem['notice'],
    noticeReadyOn: record.notice ? noticeReadyOn(record.notice.sentOn, noticeLeadDays) : null,
    correctsItemId: record.correctsItemId,
    correctedByItemId: record.correctedByItemId,
    batchId: record.batchId,
    rejectionReason: record.rejectionReason,
    revision: record.revision,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

export function toBureauBatchView(record: BureauBatchRecord): BureauBatch {
  return {
    batchId: record._id,
    createdBy: record.createdBy,
    createdAt: new Date(record.createdAt).toISOString(),
    itemCount: record.itemIds.length,
    counts: record.counts,
    acknowledged: record.acknowledged,
    rejected: record.rejected,
  };
}
