import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { findByIds } from '../store/find-by-ids';
import { readAll } from '../store/read-all';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { alertCollections, type AlertRecord, type AlertStatus, type AlertTarget } from './alert.model';
import { historiesOf, RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import type { Level } from './signals';
import { unitFilter } from '../authority/org-scope';
import { OpenAlertIndex } from './open-alert-index';

/** What the monthly report reads of an alert's history entry. */
export type LevelChange = Pick<HistoryEntry, '_id' | 'subjectId' | 'revision' | 'action' | 'asOf'> & { set: { level?: unknown } };
const LEVEL_CHANGE = { subjectId: 1, revision: 1, action: 1, asOf: 1, 'set.level': 1 } as const;
/** An alert without the measures it ordered (the report and the lists do not show them). */
const WITHOUT_MEASURES = { measures: 0 } as const;

export interface AlertFilter {
  orgUnits?: readonly string[];
  level?: Level;
  status?: AlertStatus;
  target?: AlertTarget;
  signal?: string;
  assignee?: string;
  obligorId?: string;
  notify?: string;
  raisedFrom?: string;
  raisedTo?: string;
  limit: number;
}

/** Alerts and their history: plain objects out, changes only through the revision gate. */
export class AlertStore {
  private alerts?: Collection<AlertRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;
  private openIndex?: OpenAlertIndex;

  constructor(private readonly connection: Connection) {}

  /** The open obligor alerts' read model (open-alert-index.ts): what the daily run and the impact preview plan against. */
  get index(): OpenAlertIndex {
    this.openIndex ??= new OpenAlertIndex(this.connection.db!, () => this.openAlerts('obligor'));
    return this.openIndex;
  }

  async init(): Promise<void> {
    const { alerts, history } = await alertCollections(this.connection);
    this.alerts = alerts;
    this.history = history;
    this.writes = new RevisionedWrites(alerts as never, history);
  }

  openAlerts(target: AlertTarget): Promise<AlertRecord[]> {
    return this.alerts!.find({ target, status: 'open' }).toArray();
  }

  insertNew(records: readonly AlertRecord[], entryOf: (record: AlertRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyMany(changes: readonly RevisionChange[]) {
    return this.writes!.applyMany(changes);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(alertId: string): Promise<AlertRecord | undefined> {
    return (await this.alerts!.findOne({ _id: alertId })) ?? undefined;
  }

  findMany(alertIds: readonly string[]): Promise<AlertRecord[]> {
    return findByIds(this.alerts!, alertIds);
  }

  /** History entries by their ids (`<alertId>:<revision>`). */
  historyEntries(ids: readonly string[]): Promise<HistoryEntry[]> {
    return findByIds(this.history!, ids);
  }

  historyOf(alertId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: alertId }).sort({ revision: 1 }).toArray();
  }

  /** The histories of several alerts, by id, each in revision order: one indexed query, not one per item. */
  historiesOf(ids: readonly string[]): Promise<Map<string, HistoryEntry[]>> {
    return historiesOf(this.history!, ids);
  }

  list(filter: AlertFilter): Promise<AlertRecord[]> {
    return this.alerts!.find(alertQuery(filter)).sort({ updatedAt: -1 }).limit(filter.limit).toArray();
  }

  /** One page of the alert queue, most recently changed first. */
  page(filter: Omit<AlertFilter, 'limit'>, request: PageRequest): Promise<KeysetPage<AlertRecord>> {
    return readKeysetPage(collectionReader(this.alerts!), alertQuery(filter), BY_LATEST_CHANGE, request);
  }

  /**
   * Alerts open at some point within [from, to] (YYYY-MM-DD): raised by `to`, not closed before `from`. For the monthly
   * report; `checkpoint` is called as the read goes on (readAll) and may stop it by throwing.
   */
  async openDuring(from: string, to: string, orgUnits?: readonly string[], checkpoint?: () => Promise<void>): Promise<AlertRecord[]> {
    // Two reads by status (the leading field of the status, orgUnit index), not one $or the local database cannot serve from an index.
    const [open, closed] = await Promise.all([
      readAll(this.alerts!.find({ status: 'open', ...unitFilter(orgUnits), raisedOn: { $lte: to } }, { projection: WITHOUT_MEASURES }), checkpoint),
      readAll(
        this.alerts!.find({ status: 'closed', ...unitFilter(orgUnits), closedOn: { $gte: from }, raisedOn: { $lte: to } }, { projection: WITHOUT_MEASURES }),
        checkpoint,
      ),
    ]);
    return [...open, ...closed];
  }

  /**
   * History entries of these alerts made by jobs up to a day (their level changes), for levels as they stood then: only the
   * fields that say so, not the facts and ordered tasks each entry keeps in full (most of its size).
   */
  async historyUpTo(alertIds: readonly string[], to: string): Promise<LevelChange[]> {
    const entries: LevelChange[] = [];
    for (let start = 0; start < alertIds.length; start += 1000) {
      const filter = { subjectId: { $in: alertIds.slice(start, start + 1000) }, asOf: { $ne: null, $lte: to } };
      entries.push(...(await this.history!.find(filter, { projection: LEVEL_CHANGE }).toArray()));
    }
    return entries;
  }
}

function alertQuery(filter: Omit<AlertFilter, 'limit'>): Filter<AlertRecord> {
  const query: Filter<AlertRecord> = { ...unitFilter(filter.orgUnits) };
  if (filter.level) query.level = filter.level;
  if (filter.status) query.status = filter.status;
  if (filter.target) query.target = filter.target;
  if (filter.signal) query.signal = filter.signal;
  if (filter.assignee) query.assignee = filter.assignee;
  if (filter.obligorId) query.obligorId = filter.obligorId;
  if (filter.notify) query.notify = filter.notify;
  if (filter.raisedFrom || filter.raisedTo)
    query.raisedOn = { ...(filter.raisedFrom ? { $gte: filter.raisedFrom } : {}), ...(filter.raisedTo ? { $lte: filter.raisedTo } : {}) };
  return query;
}
