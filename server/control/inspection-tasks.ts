import { completeTaskChange } from '../monitoring/queue-actions';
import { newTaskState, type TaskRecord } from '../monitoring/task.model';
import type { TaskStore } from '../monitoring/task.store';
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
export const remediationOverdueTaskId = (inspectionId: string, remediation: Pick<RemediationRecord, 'remediationId' | 'dueOn'>) =>
  `inspection-remediation:${inspectionId}:${remediation.remediationId}:${remediation.dueOn}`;

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
    _id: remediationOverdueTaskId(inspection._id, remediation),
    ...inspectionTaskBase(inspection, asOf, now),
    orgUnit: inspection.orgUnit,
    signal: 'inspection-remediation-overdue',
    action: 'complete-remediation',
    dueOn: remediation.dueOn,
    escalationStep: 1,
  };
}

const PENDING = new Set(['open', 'acknowledged']);
const ATTEMPTS = 3;

/**
 * Finishes a task the inspection raised once its work is settled: the inspection task when the inspection completes,
 * an overdue-remediation task when the item is closed after review. Done with the evidence (the queue's own
 * completion: status, completedBy, evidence, a `completed` history line). A task already finished, or never raised
 * (an item closed before it fell due), is left alone; one changed meanwhile (a comment, an assignment) is read again
 * and finished at its new revision.
 */
export async function finishInspectionTask(
  tasks: TaskStore,
  taskId: string,
  evidence: { note: string; references: string[] },
  actor: string,
  now: Date,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const task = await tasks.find(taskId);
    if (!task || !PENDING.has(task.status)) return;
    const change = completeTaskChange(task, evidence, actor, now);
    const applied = await tasks.applyOne({
      id: taskId,
      expectedRevision: task.revision,
      set: { ...change.set, updatedAt: now },
      entry: { action: change.action, actor, at: now, asOf: null, note: change.note, decisionId: null, facts: null },
    });
    if (applied) return;
  }
}
