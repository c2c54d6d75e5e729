import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../../authority/org-scope';
import type { QaItemStatus } from '../../generated/schema-types';
import { chunkedBulkWrite } from '../../store/bulk-writes';
import { findByIds } from '../../store/find-by-ids';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../../store/revisioned-records';
import { qaCollections, type QaCollections, type QaCounterRecord, type QaInboxRecord, type QaItemRecord } from './qa-item.model';

export interface QaItemFilter {
  orgUnits?: readonly string[];
  status?: QaItemStatus;
  team?: string;
  agentId?: string;
  priority?: number;
  assignee?: string;
}

/** One counter increment: the document's key fields and what to add. */
export interface QaCounterIncrement {
  by: QaCounterRecord['by'];
  key: string;
  orgUnit: string;
  month: string;
  add: Record<string, number>;
}

/** The QA queue, its inbox of recorded activities not yet sampled, and the KPI counters. */
export class QaStore {
  private collections?: QaCollections;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.collections = await qaCollections(this.connection);
    this.writes = new RevisionedWrites(this.collections.items as never, this.collections.history);
  }

  /** Notes newly recorded activities for the sampling job: one small document per recorded chunk (called by the activity log). */
  async enqueue(activityIds: readonly string[], now: Date): Promise<void> {
    if (activityIds.length === 0) return;
    // Time first, so the job drains the oldest first; the random part keeps two writers in one millisecond apart.
    await this.collections!.inbox.insertOne({ _id: `${now.toISOString()}|${randomUUID()}`, activityIds: [...activityIds], recordedAt: now });
  }

  /** The oldest inbox documents (sorted on _id, served from its index: no scan of the log). */
  pending(limit: number): Promise<QaInboxRecord[]> {
    return this.collections!.inbox.find({}).sort({ _id: 1 }).limit(limit).toArray();
  }

  async drained(inboxId: string): Promise<void> {
    await this.collections!.inbox.deleteOne({ _id: inboxId });
  }

  insertNew(records: readonly QaItemRecord[], entryOf: (record: QaItemRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(activityId: string): Promise<QaItemRecord | undefined> {
    return (await this.collections!.items.findOne({ _id: activityId })) ?? undefined;
  }

  async existing(ids: readonly string[]): Promise<Set<string>> {
    return new Set((await findByIds(this.collections!.items, ids)).map((item) => item._id));
  }

  historyOf(activityId: string): Promise<HistoryEntry[]> {
    return this.collections!.history.find({ subjectId: activityId }).sort({ revision: 1 }).toArray();
  }

  page(filter: QaItemFilter, request: PageRequest): Promise<KeysetPage<QaItemRecord>> {
    const query: Filter<QaItemRecord> = { ...unitFilter(filter.orgUnits) };
    if (filter.status) query.status = filter.status;
    if (filter.team) query.team = filter.team;
    if (filter.agentId) query['actor.agentId'] = filter.agentId;
    if (filter.priority) query.priority = filter.priority;
    if (filter.assignee) query.assignee = filter.assignee;
    return readKeysetPage(collectionReader(this.collections!.items), query, BY_LATEST_CHANGE, request);
  }

  /** Adds to the KPI counters ($inc upserts on _id, bounded bulk writes). */
  async count(increments: readonly QaCounterIncrement[]): Promise<void> {
    const merged = new Map<string, QaCounterIncrement>();
    for (const increment of increments) {
      const id = counterId(increment);
      const known = merged.get(id);
      if (!known) merged.set(id, { ...increment, add: { ...increment.add } });
      else for (const [field, value] of Object.entries(increment.add)) known.add[field] = (known.add[field] ?? 0) + value;
    }
    const operations: AnyBulkWriteOperation<QaCounterRecord>[] = [...merged.entries()].map(([id, increment]) => ({
      updateOne: {
        filter: { _id: id },
        update: { $inc: increment.add, $setOnInsert: { by: increment.by, key: increment.key, orgUnit: increment.orgUnit, month: increment.month } },
        upsert: true,
      },
    }));
    await chunkedBulkWrite(this.collections!.counters, operations);
  }

  /** One dimension's counters for the months, within the units (by + month $in: the declared index). */
  counters(by: QaCounterRecord['by'], months: readonly string[], orgUnits: readonly string[] | undefined): Promise<QaCounterRecord[]> {
    return this.collections!.counters.find({ by, month: { $in: [...months] }, ...unitFilter(orgUnits) } as Filter<QaCounterRecord>).toArray();
  }
}

function counterId(increment: Pick<QaCounterIncrement, 'by' | 'key' | 'orgUnit' | 'month'>): string {
  return `${increment.by}|${increment.key}|${increment.orgUnit}|${increment.month}`;
}
