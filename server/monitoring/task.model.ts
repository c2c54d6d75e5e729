import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { HistoryEntry } from '../store/revisioned-records';
import type { AlertTarget } from './alert.model';
import type { Level } from './signals';

export type TaskStatus = 'open' | 'acknowledged' | 'done' | 'cancelled';
/**
 * measure: a disposition measure of an alert; data-quality: data a job needs and did not find (no alert behind it);
 * compliance: a collection-conduct finding for the responsible unit to put right (server/collections/findings);
 * complaint-deadline: a complaint approaching or past a handling deadline (server/complaints/deadlines);
 * claim-deadline: a claim case approaching or past a claim.handling deadline (server/claims/deadlines);
 * inspection: an internal-control inspection to carry out, or an overdue remediation of its findings (server/control).
 * actuarial-notice: a material change for the actuarial and reserving function to assess (server/actuarial, Art. 8).
 * partner-review: a channel partner's quarterly review decided other than continue (server/partners).
 */
export type TaskKind =
  'measure' | 'data-quality' | 'compliance' | 'complaint-deadline' | 'claim-deadline' | 'inspection' | 'actuarial-notice' | 'partner-review';

/** A disposition measure to carry out (Art. 8), or data to put right: what, how much, by when, and who owns it. */
/** What every new task starts as: open, not yet overdue, nobody acknowledged or finished it, revision 1 (one home for the jobs that raise tasks). */
export function newTaskState(createdOn: string, now: Date) {
  return {
    status: 'open' as const,
    overdue: false,
    overdueSince: null,
    createdOn,
    createdAt: now,
    updatedAt: now,
    acknowledgedBy: null,
    completedAt: null,
    completedBy: null,
    evidence: null,
    revision: 1,
  };
}

export interface TaskRecord {
  _id: string;
  /** Set on data-quality tasks; a disposition measure's task leaves it out. */
  kind?: TaskKind;
  /** The alert whose measure this is; null for a data-quality task. */
  alertId: string | null;
  target: AlertTarget;
  obligorId: string | null;
  subjectKey: string;
  signal: string;
  /** The alert's level; null for a data-quality task. */
  alertLevel: Level | null;
  /** The unit that owns the task: the alert's unit, or HQ for head-office roles. */
  orgUnit: string;
  ownerRole: string;
  assignee: string | null;
  action: string;
  amount: number | null;
  share: number | null;
  deadlineDays: number | null;
  dueOn: string | null;
  basis: string;
  escalationStep: number;
  valueAtMeasure: number | null;
  status: TaskStatus;
  /** Set once by the overdue sweep (it publishes task.overdue then). */
  overdue: boolean;
  overdueSince: string | null;
  createdOn: string;
  createdAt: Date;
  updatedAt: Date;
  acknowledgedBy: string | null;
  completedAt: Date | null;
  /**
   * The day (YYYY-MM-DD, UTC) the task was done or cancelled, stamped by the store with the change that finished it, so the
   * monthly report reads a month's finished tasks by an indexed day (dates are not ranges the local database serves).
   */
  finishedOn?: string | null;
  completedBy: string | null;
  evidence: { note: string; references: string[] } | null;
  revision: number;
  decisionId: string | null;
  ruleSet: { key: string; version: number } | null;
}

export const TASKS = 'monitoring_tasks';
export const TASK_HISTORY = 'monitoring_task_history';

export async function taskCollections(connection: Connection): Promise<{ tasks: Collection<TaskRecord>; history: Collection<HistoryEntry> }> {
  const tasks = connection.db!.collection<TaskRecord>(TASKS);
  const history = connection.db!.collection<HistoryEntry>(TASK_HISTORY);
  await tasks.createIndex({ alertId: 1 });
  await tasks.createIndex({ obligorId: 1 });
  // The queue's pages: a branch's by status and unit, HQ's (all units) by status alone, newest change first, ties by id.
  await tasks.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await tasks.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await tasks.createIndex({ status: 1, dueOn: 1 });
  // The pending tasks of a few measures (the underwriting reconciliation at the end of every monitoring run): by status
  // alone it read every pending task (160,124 at 100,000 loans, 29-33 s on the local database); 27,631 in 7.8-8.7 s by this.
  await tasks.createIndex({ action: 1, status: 1 });
  // A month's finished tasks, at HQ and for a branch (the monthly report).
  await tasks.createIndex({ status: 1, finishedOn: 1 });
  await tasks.createIndex({ status: 1, orgUnit: 1, finishedOn: 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  return { tasks, history };
}
