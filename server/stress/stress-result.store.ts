import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../authority/org-scope';
import type { StressResult } from '../generated/schema-types';
import { collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';

/**
 * A stored stress-test result: the API view's fields (cents and basis points already) with dates as dates. `_id` is the
 * result id, `ST-<orgUnit>-<period>-<hash of the inputs and the scenario set>`, so the same inputs make the same result
 * once however many workers or requests run it, and any change of inputs or scenario set makes a new one.
 */
export interface StressResultRecord extends Omit<StressResult, 'resultId' | 'createdAt' | 'approvedAt'> {
  _id: string;
  createdAt: Date;
  approvedAt: Date | null;
  updatedAt: Date;
}

export interface StressResultFilter {
  orgUnits?: readonly string[];
  period?: string;
}

const BY_CREATED = { key: 'createdAt', id: '_id' } as const;

export class StressResultStore {
  private results?: Collection<StressResultRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.results = this.connection.db!.collection<StressResultRecord>('stress_results');
    this.history = this.connection.db!.collection<HistoryEntry>('stress_result_history');
    // The result list, newest first: a branch's (its units) and HQ's (everything), each optionally for one base period.
    await this.results.createIndex({ orgUnit: 1, createdAt: -1, _id: -1 });
    await this.results.createIndex({ createdAt: -1, _id: -1 });
    await this.results.createIndex({ period: 1, orgUnit: 1, createdAt: -1, _id: -1 });
    await this.results.createIndex({ period: 1, createdAt: -1, _id: -1 });
    await this.history.createIndex({ subjectId: 1, revision: 1 });
    this.writes = new RevisionedWrites(this.results as never, this.history);
  }

  /** Stores a new result; false when one with the same id (the same inputs) is stored already. */
  async insert(record: StressResultRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.writes!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(resultId: string): Promise<StressResultRecord | undefined> {
    return (await this.results!.findOne({ _id: resultId })) ?? undefined;
  }

  newestFirst(filter: StressResultFilter, request: PageRequest): Promise<KeysetPage<StressResultRecord>> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.period) query.period = filter.period;
    return readKeysetPage(collectionReader(this.results!), query, BY_CREATED, request);
  }
}
