import type { PlatformEvent } from '../../events/platform-events';
import type { CollectionCaseRecord } from './collection-case.model';

/**
 * collection.case-assigned (schemas/webhooks/webhook-collection-case-data.json): a case got a
 * handler or changed handler, by the rules or by hand. Ids and figures only: the obligor by
 * pseudonymous id, no personal data (Art. 31). The id names the case revision, so a rerun publishes once.
 */
export function caseAssignedEvent(record: CollectionCaseRecord, at: Date): PlatformEvent | undefined {
  const handler = record.handler;
  if (!handler) return undefined;
  return {
    id: `collection.case-assigned:${record._id}:${record.revision}`,
    type: 'collection.case-assigned',
    orgUnit: record.orgUnit,
    occurredAt: at,
    data: {
      caseId: record._id,
      obligorId: record.obligorId,
      funderLine: record.funderLine,
      stage: record.stage,
      handler: handler.type,
      ...(handler.agencyCategory ? { agencyCategory: handler.agencyCategory } : {}),
      reason: handler.reason,
      basis: handler.basis,
      decisionId: handler.decisionId,
      assignedBy: handler.assignedBy,
      assignedOn: handler.assignedOn,
      treatment: handler.treatment.map((step) => ({ channel: step.channel, day: step.day, on: step.on, ...(step.repeat ? { repeat: true } : {}) })),
      // The agency it is placed with (a placement or recall publishes this event too); absent before any placement.
      ...(record.placedWith !== undefined ? { placedWith: record.placedWith } : {}),
      revision: record.revision,
    },
  };
}
