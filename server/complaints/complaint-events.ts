import type { PlatformEvent, PlatformEventType } from '../events/platform-events';
import type { ComplaintRecord } from './complaint.model';

/**
 * A complaint.* event (schemas/webhooks/webhook-complaint-data.json): ids, classifications and
 * dates only, never the complainant, the summary or a note (Art. 31). The id names the revision,
 * so the same transition is delivered once.
 */
export function complaintEvent(type: PlatformEventType, complaint: ComplaintRecord, at: Date, missing?: readonly string[]): PlatformEvent {
  const { kind, obligorId, caseId, agencyId, activityId, partnerId } = complaint.subject;
  const subject = { kind, ...(obligorId ? { obligorId } : {}), ...(caseId ? { caseId } : {}), ...(agencyId ? { agencyId } : {}) };
  return {
    id: `${type}:${complaint._id}:${complaint.revision}`,
    type,
    orgUnit: complaint.orgUnit,
    occurredAt: at,
    data: {
      complaintId: complaint._id,
      status: complaint.status,
      channel: complaint.channel,
      subject: { ...subject, ...(activityId ? { activityId } : {}), ...(partnerId ? { partnerId } : {}) },
      complexity: complaint.complexity,
      receivedOn: complaint.receivedOn,
      ...(complaint.acceptedOn ? { acceptedOn: complaint.acceptedOn } : {}),
      ...(complaint.decidedOn ? { decidedOn: complaint.decidedOn } : {}),
      ...(complaint.extendedUntil ? { extendedUntil: complaint.extendedUntil } : {}),
      ...(complaint.closedOn ? { closedOn: complaint.closedOn } : {}),
      ...(missing ? { missing: [...missing] } : {}),
      revision: complaint.revision,
    },
  };
}
