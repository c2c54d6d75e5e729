import type { TaskRecord } from '../monitoring/task.model';
import { REDUCTION_ACTION } from '../monitoring/escalation';
import { segmentOfKey } from './check-logic';
import type { UnderwritingRecordDocument } from './underwriting.model';

export const SUSPENSION_ACTION = 'suspend-new-credit';

/** A measure's record is named by its task: `m:<taskId>` (the reconciliation finds the missing ones by it). */
export function recordIdOfTask(task: Pick<TaskRecord, '_id'>): string {
  return `m:${task._id}`;
}

/** A measure the disposition rules ordered and the monitoring run stored as a task, with the alert's subject. */
export interface OrderedMeasure {
  task: Pick<
    TaskRecord,
    '_id' | 'alertId' | 'target' | 'obligorId' | 'subjectKey' | 'signal' | 'alertLevel' | 'action' | 'share' | 'basis' | 'createdOn' | 'decisionId'
  >;
  /** The unit answerable for the alert (the task's own unit is HQ for head-office roles). */
  orgUnit: string;
}

/**
 * The record a measure writes, or undefined for measures that do not touch new business. Its id
 * is the task's (which names the alert, the revision or escalation step and the measure), so a
 * run repeated, a second worker or an interrupted day completed writes it once. A limit cut
 * without a share (a rule set that names none) cuts nothing but is kept, so the reason shows.
 */
export function measureRecord(measure: OrderedMeasure, now: Date): UnderwritingRecordDocument | undefined {
  const { task } = measure;
  if ((task.action !== SUSPENSION_ACTION && task.action !== REDUCTION_ACTION) || !task.alertId) return undefined;
  const obligor = task.target === 'obligor';
  const segmentKey = obligor ? null : task.subjectKey;
  return {
    _id: recordIdOfTask(task),
    kind: task.action === SUSPENSION_ACTION ? 'block' : 'limit',
    scope: obligor ? 'obligor' : 'segment',
    obligorId: obligor ? task.obligorId : null,
    segment: segmentKey === null ? null : segmentOfKey(segmentKey),
    segmentKey,
    orgUnit: measure.orgUnit,
    reason: `${task.alertLevel} ${task.signal}: ${task.action} (${task.basis})`,
    source: {
      kind: 'measure',
      alertId: task.alertId ?? '',
      taskId: task._id,
      action: task.action,
      ...(task.decisionId ? { decisionId: task.decisionId } : {}),
    },
    sourceKind: 'measure',
    share: task.action === REDUCTION_ACTION ? (task.share ?? 0) : null,
    startOn: task.createdOn,
    endOn: null,
    open: true,
    status: 'active',
    rectification: null,
    revision: 1,
    createdBy: 'job:monitoring',
    createdAt: now,
    updatedAt: now,
  };
}
