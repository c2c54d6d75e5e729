import type { PlatformEvent } from '../events/platform-events';
import type { AgencyRecord } from './agency.model';

export type AgencyEventType = 'vendor.admitted' | 'vendor.suspended' | 'vendor.terminated';

/**
 * vendor.admitted, vendor.suspended, vendor.terminated (schemas/vendors/agency-event-data.json): the agency
 * by id, name and kind, its new status and why, never its legal representative. The register is HQ's,
 * so the events are HQ's. The id names the revision, so a retried write publishes once.
 */
export function agencyEvent(type: AgencyEventType, record: AgencyRecord, reason: string, at: Date): PlatformEvent {
  return {
    id: `${type}:${record._id}:${record.revision}`,
    type,
    orgUnit: 'HQ',
    occurredAt: at,
    data: {
      agencyId: record._id,
      agencyName: record.agencyName,
      kind: record.kind,
      workKinds: record.workKinds,
      status: record.status,
      reason,
      decisionId: type === 'vendor.admitted' ? (record.admission?.decisionId ?? null) : null,
      revision: record.revision,
    },
  };
}
