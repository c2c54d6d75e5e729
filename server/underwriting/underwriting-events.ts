import type { PlatformEvent, PlatformEventType } from '../events/platform-events';
import type { UnderwritingRecordDocument } from './underwriting.model';

/**
 * The event a record's start or end publishes (schemas/webhooks/webhook-underwriting-data.json):
 * ids, the source kind, dates and the share only; never the funder's evidence, a note or a name.
 * The id names the record's revision, so a change is delivered once.
 */
export function underwritingEvent(record: UnderwritingRecordDocument, at: Date): PlatformEvent {
  const type: PlatformEventType = record.open ? (record.kind === 'block' ? 'underwriting.blocked' : 'underwriting.limit-reduced') : 'underwriting.unblocked';
  return {
    id: `${type}:${record._id}:${record.revision}`,
    type,
    orgUnit: record.orgUnit,
    occurredAt: at,
    data: {
      recordId: record._id,
      kind: record.kind,
      scope: record.scope,
      ...(record.obligorId ? { obligorId: record.obligorId } : {}),
      ...(record.segmentKey ? { segmentKey: record.segmentKey } : {}),
      sourceKind: record.sourceKind,
      ...(record.source.alertId ? { alertId: record.source.alertId } : {}),
      ...(record.share !== null ? { share: record.share } : {}),
      startOn: record.startOn,
      endOn: record.endOn,
      revision: record.revision,
    },
  };
}
