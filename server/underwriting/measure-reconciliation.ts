import type { AlertStore } from '../monitoring/alert.store';
import { REDUCTION_ACTION } from '../monitoring/escalation';
import type { TaskStore } from '../monitoring/task.store';
import { recordIdOfTask, SUSPENSION_ACTION } from './measure-records';
import type { MeasureRuns } from './measure-runs';
import type { MeasureNotice } from './underwriting.service';
import type { UnderwritingStore } from './underwriting.store';

/**
 * No monitoring run lasts this long (a 1,000,000-loan day takes well under an hour): a registration older than this
 * belongs to a run that is no longer under way, and once a reconciliation has covered it, it is dropped. A younger one
 * may be another worker's run still going; it is left for its owner to clear (and reconciled again meanwhile, harmlessly).
 */
export const LONGEST_RUN_MS = 6 * 3_600_000;

export interface ReconciliationDependencies {
  runs: MeasureRuns;
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
 * again until the alert changes. Such a run also leaves its registration (measure-runs.ts), so at
 * the end of every monitoring run (the daily one included), after clearing its own registration,
 * a run that finds another one compares the pending tasks of those measures with the records and
 * writes the missing ones as the run would have written them (starting on the task's day). A run
 * that finds none reads nothing: every pending task of every run so far was told (reading them all
 * cost 8 s a run at 100,000 loans). Idempotent: a record id already taken, even by a record ended
 * since, is never written again. Only pending tasks count: closing an alert cancels its tasks, so
 * a cancelled task's record must not come back. The mirror gap is closed the same way: a run that
 * closed an alert and died before telling the module left the alert's suspensions open, so the
 * reconciliation also ends the open measure blocks whose alert is closed, on the day it closed.
 */
export async function reconcileMeasureRecords(
  dependencies: ReconciliationDependencies,
  asOf: string,
  registration: string | undefined,
): Promise<{ written: number; reconciled: boolean }> {
  if (registration) await dependencies.runs.clear(registration);
  const unfinished = await dependencies.runs.list();
  if (unfinished.length === 0) return { written: 0, reconciled: false };
  const startedAt = Date.now();
  const { written } = await writeMissingRecords(dependencies, asOf);
  await endSuspensionsOfClosedAlerts(dependencies);
  await dependencies.runs.forget(unfinished.filter((run) => startedAt - run.startedAt.getTime() >= LONGEST_RUN_MS).map((run) => run._id));
  return { written, reconciled: true };
}

async function writeMissingRecords(dependencies: ReconciliationDependencies, asOf: string): Promise<{ written: number }> {
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

/**
 * The open suspensions whose alert a run closed without telling the module (it died in between): ended as that run would
 * have ended them, on the day the alert closed. Read only after a run that did not finish: the open measure blocks, then
 * their alerts by id.
 */
async function endSuspensionsOfClosedAlerts(dependencies: ReconciliationDependencies): Promise<void> {
  const blocks = (await dependencies.records.openMeasureBlocks()).filter((record) => record.source.action === SUSPENSION_ACTION && record.source.alertId);
  if (blocks.length === 0) return;
  const alerts = await dependencies.alerts.findMany([...new Set(blocks.map((record) => record.source.alertId!))]);
  const closedOn = new Map<string, string[]>();
  for (const alert of alerts) {
    if (alert.status !== 'closed' || !alert.closedOn) continue;
    closedOn.set(alert.closedOn, [...(closedOn.get(alert.closedOn) ?? []), alert._id]);
  }
  for (const [day, closedAlerts] of closedOn) await dependencies.write({ asOf: day, ordered: [], closedAlerts });
}
