import type { PlatformEvent } from '../events/platform-events';
import type { AlertRecord } from './alert.model';
import type { TaskRecord } from './task.model';

/**
 * Event payloads: what a subscriber needs to act, with the obligor's pseudonymous id only
 * (Art. 31). Ids are stable for the fact they report, so a re-run publishes each once.
 */
export function alertEvent(
  kind: 'escalate' | 'de-escalate' | 'close' | 'raise',
  alert: AlertRecord,
  previousLevel: string | null,
  asOf: string,
  at: Date,
): PlatformEvent {
  const type = kind === 'raise' ? 'alert.raised' : kind === 'close' ? 'alert.closed' : 'alert.changed';
  return {
    id: `${type}:${alert._id}:${alert.revision}`,
    type,
    orgUnit: alert.orgUnit,
    occurredAt: at,
    data: {
      alertId: alert._id,
      target: alert.target,
      ...(alert.obligorId ? { obligorId: alert.obligorId } : {}),
      ...(alert.segment ? { segment: alert.segment } : {}),
      signal: alert.signal,
      level: alert.level,
      ...(kind === 'escalate' || kind === 'de-escalate' ? { previousLevel, direction: kind === 'escalate' ? 'escalated' : 'de-escalated' } : {}),
      status: alert.status,
      notify: alert.notify,
      asOf,
      revision: alert.revision,
    },
  };
}

export function taskCreatedEvent(task: TaskRecord, at: Date): PlatformEvent {
  return { id: `task.created:${task._id}`, type: 'task.created', orgUnit: task.orgUnit, occurredAt: at, data: taskData(task) };
}

export function taskOverdueEvent(task: TaskRecord, asOf: string, at: Date): PlatformEvent {
  return { id: `task.overdue:${task._id}`, type: 'task.overdue', orgUnit: task.orgUnit, occurredAt: at, data: { ...taskData(task), overdueSince: asOf } };
}

function taskData(task: TaskRecord): Record<string, unknown> {
  return {
    taskId: task._id,
    alertId: task.alertId,
    target: task.target,
    ...(task.obligorId ? { obligorId: task.obligorId } : {}),
    action: task.action,
    ...(task.share !== null ? { share: task.share } : {}),
    ...(task.amount !== null ? { amount: task.amount } : {}),
    dueOn: task.dueOn,
    ownerRole: task.ownerRole,
    escalationStep: task.escalationStep,
  };
}
