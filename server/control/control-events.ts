import type { PlatformEvent } from '../events/platform-events';
import type { EmergencyActivationRecord, FindingRecord, InspectionRecord, RemediationRecord } from './control.model';

/*
 * The internal-control webhook events (schemas/control/control-event-data.json): ids and classifications only, never
 * a finding's description, a remediation's evidence or an activation's reason. Each id names the fact, so a second
 * publication (a retry, a second worker) delivers once.
 */

export function findingRecordedEvent(inspection: InspectionRecord, finding: FindingRecord, at: Date): PlatformEvent {
  return {
    id: `inspection.finding-recorded:${inspection._id}:${finding.findingId}`,
    type: 'inspection.finding-recorded',
    orgUnit: inspection.orgUnit,
    occurredAt: at,
    data: { inspectionId: inspection._id, findingId: finding.findingId, severity: finding.severity },
  };
}

/** Once per remediation and due date: a remediation reopened with the same due date is not announced again. */
export function remediationOverdueEvent(inspection: InspectionRecord, remediation: RemediationRecord, at: Date): PlatformEvent {
  return {
    id: `inspection.remediation-overdue:${inspection._id}:${remediation.remediationId}:${remediation.dueOn}`,
    type: 'inspection.remediation-overdue',
    orgUnit: inspection.orgUnit,
    occurredAt: at,
    data: { inspectionId: inspection._id, findingId: remediation.findingId, remediationId: remediation.remediationId, dueOn: remediation.dueOn },
  };
}

export function activationEvent(type: 'emergency-plan.activated' | 'emergency-plan.closed', activation: EmergencyActivationRecord, at: Date): PlatformEvent {
  return {
    id: `${type}:${activation._id}`,
    type,
    orgUnit: activation.orgUnit,
    occurredAt: at,
    data: { planId: activation.planId, planVersion: activation.planVersion, activationId: activation._id, scenario: activation.scenario },
  };
}
