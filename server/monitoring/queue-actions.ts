import { ConflictError } from '../http/errors';
import type { AlertRecord } from './alert.model';
import type { TaskRecord } from './task.model';

/** A work-queue action as the fields it sets and the history line it leaves. */
export interface QueueChange {
  set: Record<string, unknown>;
  action: string;
  note: string | null;
}

/** The revision the caller read must be the one stored: anything else means someone changed it meanwhile. */
export function assertRevision(current: number, sent: number): void {
  if (current !== sent)
    throw new ConflictError('stale_version', `Someone changed this since you read it (revision ${sent}, now ${current}); reload and try again`, [
      { path: '/body/revision', message: `is ${current} now` },
    ]);
}

export function assignChange(assignee: string | null): QueueChange {
  return { set: { assignee }, action: assignee ? 'assigned' : 'unassigned', note: assignee };
}

export function acknowledgeAlertChange(alert: Pick<AlertRecord, 'status' | 'acknowledgedBy'>, actor: string, now: Date): QueueChange {
  if (alert.status !== 'open') throw new ConflictError('invalid_state', 'A closed alert cannot be acknowledged');
  if (alert.acknowledgedBy) throw new ConflictError('invalid_state', `Already acknowledged by ${alert.acknowledgedBy}`);
  return { set: { acknowledgedBy: actor, acknowledgedAt: now }, action: 'acknowledged', note: null };
}

export function acknowledgeTaskChange(task: Pick<TaskRecord, 'status'>, actor: string): QueueChange {
  if (task.status !== 'open') throw new ConflictError('invalid_state', `A task that is ${task.status} cannot be acknowledged`);
  return { set: { status: 'acknowledged', acknowledgedBy: actor }, action: 'acknowledged', note: null };
}

export function completeTaskChange(task: Pick<TaskRecord, 'status'>, evidence: { note: string; references?: string[] }, actor: string, now: Date): QueueChange {
  if (task.status === 'done' || task.status === 'cancelled') throw new ConflictError('invalid_state', `A task that is ${task.status} cannot be completed`);
  return {
    set: { status: 'done', completedAt: now, completedBy: actor, evidence: { note: evidence.note, references: evidence.references ?? [] } },
    action: 'completed',
    note: evidence.note,
  };
}

export function commentChange(text: string): QueueChange {
  return { set: {}, action: 'commented', note: text };
}

/** Overdue from the day after the due date while the task is still pending, whether or not the sweep flagged it yet. */
export function isOverdue(task: Pick<TaskRecord, 'status' | 'dueOn' | 'overdue'>, today: string): boolean {
  if (task.status === 'done' || task.status === 'cancelled') return false;
  return task.overdue || (task.dueOn !== null && task.dueOn < today);
}
