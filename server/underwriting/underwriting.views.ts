import type { UnderwritingRecord } from '../generated/schema-types';
import { inForce } from './check-logic';
import type { UnderwritingRecordDocument } from './underwriting.model';

export function toRecordView(record: UnderwritingRecordDocument, today: string): UnderwritingRecord {
  const { rectification } = record;
  return {
    recordId: record._id,
    kind: record.kind,
    scope: record.scope,
    obligorId: record.obligorId,
    segment: record.segment,
    segmentKey: record.segmentKey,
    orgUnit: record.orgUnit,
    reason: record.reason,
    source: record.source,
    share: record.share,
    startOn: record.startOn,
    endOn: record.endOn,
    active: inForce(record, today),
    status: record.status,
    rectification: rectification
      ? {
          recordedBy: rectification.recordedBy,
          recordedAt: rectification.recordedAt.toISOString(),
          note: rectification.note,
          evidenceRef: rectification.evidenceRef,
          confirmedBy: rectification.confirmedBy,
          confirmedAt: rectification.confirmedAt?.toISOString() ?? null,
        }
      : null,
    revision: record.revision,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
