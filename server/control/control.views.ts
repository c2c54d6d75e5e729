import type { EmergencyActivation, EmergencyPlan, Inspection, InspectionPlan } from '../generated/schema-types';
import type { EmergencyActivationRecord, EmergencyPlanRecord, InspectionPlanRecord, InspectionRecord } from './control.model';
import { isOverdue } from './remediation';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toPlanView(record: InspectionPlanRecord): InspectionPlan {
  const { _id, approved, createdAt, updatedAt, ...rest } = record;
  return {
    planId: _id,
    ...rest,
    approved: approved ? { ...approved, approvedAt: iso(approved.approvedAt)! } : null,
    createdAt: iso(createdAt)!,
    updatedAt: iso(updatedAt)!,
  };
}

/** An inspection with each remediation's `overdue` as of `today`. */
export function toInspectionView(record: InspectionRecord, today: string): Inspection {
  const { _id, hasOpenRemediations: _open, createdAt, updatedAt, findings, remediations, ...rest } = record;
  return {
    inspectionId: _id,
    ...rest,
    findings: findings.map((finding) => ({ ...finding, recordedAt: iso(finding.recordedAt)! })),
    remediations: remediations.map((item) => ({
      ...item,
      overdue: isOverdue(item, today),
      remediatedAt: iso(item.remediatedAt),
      reviewedAt: iso(item.reviewedAt),
      createdAt: iso(item.createdAt)!,
    })),
    createdAt: iso(createdAt)!,
    updatedAt: iso(updatedAt)!,
  };
}

export function toEmergencyPlanView(record: EmergencyPlanRecord): EmergencyPlan {
  const { _id, approved, createdAt, updatedAt, ...rest } = record;
  return {
    planId: _id,
    ...rest,
    approved: approved ? { ...approved, approvedAt: iso(approved.approvedAt)! } : null,
    createdAt: iso(createdAt)!,
    updatedAt: iso(updatedAt)!,
  };
}

export function toActivationView(record: EmergencyActivationRecord): EmergencyActivation {
  const { _id, activatedAt, updatedAt, steps, closure, ...rest } = record;
  return {
    activationId: _id,
    ...rest,
    activatedAt: iso(activatedAt)!,
    steps: steps.map((step) => ({ ...step, doneAt: iso(step.doneAt) })),
    closure: closure ? { ...closure, at: iso(closure.at)! } : null,
    updatedAt: iso(updatedAt)!,
  };
}
