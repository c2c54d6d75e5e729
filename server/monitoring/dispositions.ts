import type { DecisionEvent } from '../engine/evaluate';
import { dateFromDay, dayFromDate } from '../ground/calendar';
import { HEAD_OFFICE } from '../authority/responsibility';

/** A measure as the disposition rules ordered it. */
export interface Measure {
  action: string;
  amount: number | null;
  share: number | null;
  deadlineDays: number | null;
  ownerRole: string;
  basis: string;
}

/** Why a disposition was evaluated: a new or changed warning (its revision), or a deadline review (its step). */
export type DispositionOrigin = { kind: 'warning'; alertRevision: number } | { kind: 'deadline'; escalationStep: number };

export interface TaskDraft extends Measure {
  taskId: string;
  alertId: string;
  /** The org unit that owns the task: the alert's unit, or HQ for head-office roles. */
  orgUnit: string;
  dueOn: string | null;
  escalationStep: number;
  valueAtMeasure: number | null;
  createdOn: string;
}

export function measuresFromEvents(events: readonly DecisionEvent[]): Measure[] {
  return events
    .filter((event) => event.type === 'measure')
    .map((event) => {
      const params = (event.params ?? {}) as Record<string, unknown>;
      const number = (value: unknown) => (typeof value === 'number' ? value : null);
      return {
        action: String(params.action),
        amount: number(params.amount),
        share: number(params.share),
        deadlineDays: number(params.deadlineDays),
        ownerRole: String(params.ownerRole),
        basis: String(params.basis ?? ''),
      };
    });
}

/**
 * Tasks for the measures of one disposition. Task ids name the alert, the origin and the
 * measure, so evaluating the same origin again (a re-run, a second worker) yields the same ids
 * and the unique _id keeps one task each.
 */
export function taskDrafts(
  alert: { alertId: string; orgUnit: string; value: number | null },
  measures: readonly Measure[],
  origin: DispositionOrigin,
  asOf: string,
  headOfficeRoles: readonly string[],
): TaskDraft[] {
  const prefix = origin.kind === 'warning' ? `r${origin.alertRevision}` : `e${origin.escalationStep}`;
  const seen = new Set<string>();
  const drafts: TaskDraft[] = [];
  for (const measure of measures) {
    const taskId = `${alert.alertId}:${prefix}:${measure.action}:${measure.ownerRole}`;
    if (seen.has(taskId)) continue;
    seen.add(taskId);
    drafts.push({
      ...measure,
      taskId,
      alertId: alert.alertId,
      orgUnit: headOfficeRoles.includes(measure.ownerRole) ? HEAD_OFFICE : alert.orgUnit,
      dueOn: measure.deadlineDays !== null ? dateFromDay(dayFromDate(asOf) + measure.deadlineDays) : null,
      escalationStep: origin.kind === 'deadline' ? origin.escalationStep : 0,
      valueAtMeasure: alert.value,
      createdOn: asOf,
    });
  }
  return drafts;
}
