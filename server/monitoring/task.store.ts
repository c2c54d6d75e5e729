import { dateOfMoment } from '../ground/calendar';
import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { findByIds } from '../store/find-by-ids';
import { readAll } from '../store/read-all';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import { ALERT_HISTORY } from './alert.model';
import { taskCollections, type TaskRecord, type TaskStatus } from './task.model';
import { unitFilter } from '../authority/org-scope';

export interface TaskFilter {
  orgUnits?: readonly string[];
  status?: TaskStatus;
  /** Open or acknowledged: work not yet done. */
  pending?: boolean;
  ownerRole?: string;
  assignee?: string;
  alertLevel?: string;
  alertId?: string;
  obligorId?: string;
  overdue?: boolean;
  limit: number;
}

/** What the monthly report reads of a task. */
export type ReportTask = Pick<TaskRecord, '_id' | 'status' | 'action' | 'createdOn' | 'dueOn' | 'completedAt' | 'updatedAt' | 'orgUnit'>;
const REPORT_TASK = { status: 1, action: 1, createdOn: 1, dueOn: 1, completedAt: 1, updatedAt: 1, orgUnit: 1 } as const;

const PENDING: TaskStatus[] = ['open', 'acknowledged'];
const FINISHED: TaskStatus[] = ['done', 'cancelled'];

/** Disposition tasks and their history: plain objects out, changes only through the revision gate. */
export class TaskStore {
  private tasks?: Collection<TaskRecord>;
  private history?: Collection<HistoryEntry>;
  private alertHistory?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { tasks, history } = await taskCollections(this.connection);
    this.tasks = tasks;
    this.history = history;
    this.alertHistory = this.connection.db!.collection<HistoryEntry>(ALERT_HISTORY);
    this.writes = new RevisionedWrites(tasks as never, history);
  }

  /** Inserts tasks whose id is new (re-runs produce the same ids); returns the ids inserted. */
  insertNew(records: readonly TaskRecord[], entryOf: (record: TaskRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records.map(stampFinished) as never, entryOf as never);
  }

  /**
   * Inserts the tasks a monitoring run's alert revisions ordered (re-runs produce the same ids); returns the ids inserted.
   * Their creation is not written again as an entry of their own: the alert's history entry of that revision lists each
   * in full (historyOf reads it from there).
   */
  insertOrderedByAlerts(records: readonly TaskRecord[]): Promise<Set<string>> {
    return this.writes!.insertKeptElsewhere(records.map(stampFinished) as never);
  }

  applyMany(changes: readonly RevisionChange[]) {
    return this.writes!.applyMany(changes.map(withFinishedOn));
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(withFinishedOn(change));
  }

  async find(taskId: string): Promise<TaskRecord | undefined> {
    return (await this.tasks!.findOne({ _id: taskId })) ?? undefined;
  }

  findMany(taskIds: readonly string[]): Promise<TaskRecord[]> {
    return findByIds(this.tasks!, taskIds);
  }

  /** Pending tasks of these actions (the underwriting records are reconciled from the suspend and reduce measures), by the `{action, status}` index. */
  pendingOfActions(actions: readonly string[]): Promise<TaskRecord[]> {
    return this.tasks!.find({ status: { $in: PENDING }, action: { $in: [...actions] } }).toArray();
  }

  /** Pending tasks due before the day and not yet flagged. */
  dueBefore(day: string): Promise<TaskRecord[]> {
    return this.tasks!.find({ status: { $in: PENDING }, overdue: false, dueOn: { $ne: null, $lt: day } }).toArray();
  }

  /** A task's revisions in order (the task as the caller read it); a monitoring task's creation comes from the alert revision that ordered it. */
  async historyOf(task: Pick<TaskRecord, '_id' | 'alertId'>): Promise<HistoryEntry[]> {
    const entries = await this.history!.find({ subjectId: task._id }).sort({ revision: 1 }).toArray();
    if (entries[0]?.revision === 1 || !task.alertId) return entries;
    const ordering = await this.alertHistory!.find({ subjectId: task.alertId }).sort({ revision: 1 }).toArray();
    const created = creationFromAlert(task._id, ordering);
    return created ? [created, ...entries] : entries;
  }

  list(filter: TaskFilter): Promise<TaskRecord[]> {
    return this.tasks!.find(taskQuery(filter)).sort({ updatedAt: -1 }).limit(filter.limit).toArray();
  }

  /** One page of the task queue, most recently changed first. */
  page(filter: Omit<TaskFilter, 'limit'>, request: PageRequest): Promise<KeysetPage<TaskRecord>> {
    return readKeysetPage(collectionReader(this.tasks!), taskQuery(filter), BY_LATEST_CHANGE, request);
  }

  /**
   * Tasks that existed within [from, to]: created by `to` and still pending, or finished on or after `from`. For the monthly
   * report; `checkpoint` is called as the read goes on (readAll) and may stop it by throwing.
   */
  async relevantTo(from: string, to: string, orgUnits?: readonly string[], checkpoint?: () => Promise<void>): Promise<ReportTask[]> {
    // Two reads by status, not one $or the local database cannot serve from an index; finished tasks by the indexed day
    // they finished, so the read follows the month's rows rather than every task ever finished.
    const [pending, finished] = await Promise.all([
      readAll(this.tasks!.find({ status: { $in: PENDING }, ...unitFilter(orgUnits), createdOn: { $lte: to } }, { projection: REPORT_TASK }), checkpoint),
      readAll(
        this.tasks!.find(
          { status: { $in: FINISHED }, ...unitFilter(orgUnits), finishedOn: { $gte: from }, createdOn: { $lte: to } },
          { projection: REPORT_TASK },
        ),
        checkpoint,
      ),
    ]);
    return [...pending, ...finished];
  }
}

function stampFinished(record: TaskRecord): TaskRecord {
  return FINISHED.includes(record.status) && record.finishedOn === undefined
    ? { ...record, finishedOn: finishedDay(record) ?? dayOf(record.updatedAt) }
    : record;
}

/** Revision 1 of a task an alert revision ordered, as the monitoring run would have written it: the task as listed, by the run. */
function creationFromAlert(taskId: string, alertEntries: readonly HistoryEntry[]): HistoryEntry | undefined {
  for (const entry of alertEntries) {
    const listed = (entry.tasks as readonly TaskRecord[] | undefined)?.find((task) => task._id === taskId);
    if (!listed) continue;
    const { _id, revision: _revision, ...set } = stampFinished(listed);
    return {
      _id: `${_id}:1`,
      subjectId: _id,
      revision: 1,
      set,
      action: 'created',
      actor: entry.actor,
      at: entry.at,
      asOf: entry.asOf,
      note: null,
      decisionId: listed.decisionId,
      facts: null,
    };
  }
  return undefined;
}

/** The day a change finishes a task, stamped with it: the completion's or cancellation's time (the report's instants), else the entry's. */
function withFinishedOn(change: RevisionChange): RevisionChange {
  const status = change.set.status as TaskStatus | undefined;
  if (!status || !FINISHED.includes(status) || change.set.finishedOn !== undefined) return change;
  return { ...change, set: { ...change.set, finishedOn: finishedDay({ status, ...change.set } as Partial<TaskRecord>) ?? dayOf(change.entry.at) } };
}

function finishedDay(task: Partial<TaskRecord>): string | null {
  const at = task.status === 'done' ? task.completedAt : task.updatedAt;
  return at ? dayOf(at) : null;
}

const dayOf = (at: Date | string) => dateOfMoment(new Date(at));

function taskQuery(filter: Omit<TaskFilter, 'limit'>): Filter<TaskRecord> {
  const query: Filter<TaskRecord> = { ...unitFilter(filter.orgUnits) };
  if (filter.status) query.status = filter.status;
  else if (filter.pending) query.status = { $in: PENDING };
  if (filter.ownerRole) query.ownerRole = filter.ownerRole;
  if (filter.assignee) query.assignee = filter.assignee;
  if (filter.alertLevel) query.alertLevel = filter.alertLevel as TaskRecord['alertLevel'];
  if (filter.alertId) query.alertId = filter.alertId;
  if (filter.obligorId) query.obligorId = filter.obligorId;
  if (filter.overdue !== undefined) query.overdue = filter.overdue;
  return query;
}
