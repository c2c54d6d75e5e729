import { newTaskState, type TaskRecord } from '../monitoring/task.model';
import type { InspectionRecord, RemediationRecord } from './control.model';

const BASIS =
  '第三十四条:建立常态化的督导检查机制,总公司加强对分支机构的监督检查,分支机构定期开展业务自查。Art. 34: regular inspections, HQ of its branches and each branch of itself';

function inspectionTaskBase(
  inspection: InspectionRecord,
  today: string,
  now: Date,
): Omit<TaskRecord, '_id' | 'orgUnit' | 'signal' | 'action' | 'dueOn' | 'escalationStep'> {
  return {
    kind: 'inspection',
    alertId: null,
    target: 'portfolio',
    obligorId: null,
    subjectKey: `inspection:${inspection._id}`,
    alertLevel: null,
    ownerRole: 'branch-operator',
    assignee: null,
    amount: null,
    share: null,
    deadlineDays: null,
    basis: BASIS,
    valueAtMeasure: null,
    ...newTaskState(today, now),
    decisionId: null,
    ruleSet: null,
  };
}

export const inspectionTaskId = (inspectionId: string) => `inspection:${inspectionId}`;

/** The inspection to carry out, on the queue of the inspecting unit (HQ for hq-on-branch, the branch for a self-inspection). */
export function inspectionTask(inspection: InspectionRecord, today: string, now: Date): TaskRecord {
  return {
    _id: inspectionTaskId(inspection._id),
    ...inspectionTaskBase(inspection, today, now),
    orgUnit: inspection.inspectingUnit,
    signal: `inspection-${inspection.kind}`,
    action: 'carry-out-inspection',
    dueOn: inspection.dueOn,
    escalationStep: 0,
  };
}

/**
 * A remediation past its due date, on the queue of the inspected unit that owes it. The id names the inspection,
 * the remediation and its due date: re-runs and a second worker insert nothing new; a new due date is a new task.
 */
export function remediationOverdueTask(inspection: InspectionRecord, remediation: RemediationRecord, asOf: string, now: Date): TaskRecord {
  return {
    _id: `inspection-remediation:${inspection._id}:${remediation.remediationId}:${remediation.dueOn}`,
    ...inspectionTaskBase(inspection, asOf, now),
    orgUnit: inspection.orgUnit,
    signal: 'inspection-remediation-overdue',
    action: 'complete-remediation',
    dueOn: remediation.dueOn,
    escalationStep: 1,
  };
}
