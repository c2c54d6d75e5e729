import type { PlatformEvent } from '../events/platform-events';
import type { AlertRecord } from './alert.model';
import { alertEvent } from './platform-event-data';
import type { HistoryEntry } from '../store/revisioned-records';
import type { TaskRecord } from './task.model';

/** The measures the open alerts ordered on `asOf`, by task id: what a later attempt of the day checks are stored. */
export function tasksOrderedOn(open: readonly AlertRecord[], asOf: string): string[] {
  return open.flatMap((alert) => (alert.measures ?? []).filter((measure) => measure.createdOn === asOf).map((measure) => measure.taskId));
}

/**
 * What a killed attempt of the day left unfinished (pure): walking each affected alert's history
 * in revision order, the task records a revision ordered that were never stored (`missing`), and
 * the alert events of those revisions, rebuilt with the alert as it stood then, to publish again
 * (their ids are stable, so a sink that had them keeps one).
 */
export function unfinishedWork(
  affected: readonly AlertRecord[],
  entries: ReadonlyMap<string, HistoryEntry>,
  missing: ReadonlySet<string>,
  asOf: string,
): { tasks: TaskRecord[]; events: PlatformEvent[] } {
  const tasks: TaskRecord[] = [];
  const events: PlatformEvent[] = [];
  for (const alert of affected) {
    let level: string | null = null;
    let state = { ...alert } as AlertRecord;
    for (let revision = 1; revision <= alert.revision; revision++) {
      const entry = entries.get(`${alert._id}:${revision}`);
      if (!entry) continue;
      const previousLevel = level;
      state = { ...state, ...(entry.set as Partial<AlertRecord>), revision };
      level = state.level;
      const lost = ((entry.tasks ?? []) as TaskRecord[]).filter((task) => missing.has(task._id));
      if (lost.length === 0) continue;
      tasks.push(...lost);
      const kind =
        entry.action === 'raised' ? 'raise' : entry.action === 'escalated' ? 'escalate' : entry.action === 'de-escalated' ? 'de-escalate' : undefined;
      if (kind) events.push(alertEvent(kind, state, previousLevel, asOf, entry.at));
    }
  }
  return { tasks, events };
}
