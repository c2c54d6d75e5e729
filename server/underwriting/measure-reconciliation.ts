import type { AlertStore } from '../monitoring/alert.store';
import { REDUCTION_ACTION } from '../monitoring/escalation';
import type { TaskStore } from '../monitoring/task.store';
import { recordIdOfTask, SUSPENSION_ACTION } from './measure-records';
import type { MeasureNotice } from './underwriting.service';
import type { UnderwritingStore } from './underwriting.store';

export interface ReconciliationDependencies {
  tasks: TaskStore;
  alerts: AlertStore;
  records: UnderwritingStore;
  /** Writes the records of the measures (UnderwritingService.fromMeasures: once per task id). */
  write: (notice: MeasureNotice) => Promise<{ written: number }>;
}

/**
 * Closes the gap between a monitoring run storing its measure tasks and the underwriting module
 * writing their records: a run that dies in between leaves pending `suspend-new-credit` and
 * `reduce-credit-limit` tasks without their `m:<taskId>` record, and nothing would tell the module
 * again until the alert changes. At the end of every monitoring run (the daily one included), the
 * pending tasks of those measures are compared with the records; the missing ones are written as
 * the run would have written them (starting on the task's day). Idempotent: a record id already
 * taken, even by a record ended since, is never written again. Only pending tasks count: closing
 * an alert cancels its tasks, so a cancelled task's record must not come back.
 */
export async function reconcileMeasureRecords(dependencies: ReconciliationDependencies, asOf: string): Promise<{ written: number }> {
  const pending = await dependencies.tasks.pendingOfActions([SUSPENSION_ACTION, REDUCTION_ACTION]);
  if (pending.length === 0) return { written: 0 };
  const known = new Set((await dependencies.records.findMany(pending.map(recordIdOfTask))).map((record) => record._id));
  const missing = pending.filter((task) => task.alertId && !known.has(recordIdOfTask(task)));
  if (missing.length === 0) return { written: 0 };
  // The unit answerable is the alert's (a task's own unit is HQ for head-office roles); the gap is rare, so one read per alert.
  const units = new Map<string, string>();
  for (const alertId of new Set(missing.map((task) => task.alertId!))) {
    const alert = await dependencies.alerts.find(alertId);
    if (alert && alert.status !== 'closed') units.set(alertId, alert.orgUnit);
  }
  const ordered = missing.filter((task) => units.has(task.alertId!)).map((task) => ({ task, orgUnit: units.get(task.alertId!)! }));
  if (ordered.length === 0) return { written: 0 };
  return dependencies.write({ asOf, ordered, closedAlerts: [] });
}
