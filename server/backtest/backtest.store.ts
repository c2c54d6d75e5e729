import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../authority/org-scope';
import type { BacktestResult } from '../generated/schema-types';
import { readKeysetPage, type KeysetPage, type PageReader, type PageRequest } from '../store/keyset-page';
import { backtestCollection, type BacktestRecord } from './backtest.model';

export interface BacktestFilter {
  /** The units whose backtests the reader may see; undefined: every one (HQ). */
  orgUnits?: readonly string[];
  key?: string;
}

const BY_REQUESTED = { key: 'requestedAt', id: '_id' } as const;

/** Backtests: requested, taken by the job, progress, then the result or the error. Plain objects out. */
export class BacktestStore {
  private backtests?: Collection<BacktestRecord>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.backtests = await backtestCollection(this.connection.db!);
  }

  async insert(record: BacktestRecord): Promise<void> {
    await this.backtests!.insertOne(record);
  }

  async find(backtestId: string): Promise<BacktestRecord | undefined> {
    return (await this.backtests!.findOne({ _id: backtestId })) ?? undefined;
  }

  /** Takes the oldest queued backtest for `worker`; undefined when none is queued. */
  async takeNext(worker: string, now: Date): Promise<BacktestRecord | undefined> {
    for (;;) {
      const [next] = await this.backtests!.find({ status: 'queued' }).sort({ requestedAt: 1, _id: 1 }).limit(1).toArray();
      if (!next) return undefined;
      // Claimed by the status transition, so two workers never take the same one.
      const taken = await this.backtests!.updateOne({ _id: next._id, status: 'queued' }, { $set: { status: 'running', worker, startedAt: now } });
      if (taken.modifiedCount === 1) return { ...next, status: 'running', worker, startedAt: now };
    }
  }

  async progress(backtestId: string, progress: BacktestRecord['progress']): Promise<void> {
    await this.backtests!.updateOne({ _id: backtestId, status: 'running' }, { $set: { progress } });
  }

  async succeed(backtestId: string, result: BacktestResult, now: Date): Promise<void> {
    await this.backtests!.updateOne({ _id: backtestId }, { $set: { status: 'succeeded', result, finishedAt: now, error: null } });
  }

  async fail(backtestId: string, error: string, now: Date): Promise<void> {
    await this.backtests!.updateOne({ _id: backtestId }, { $set: { status: 'failed', error, finishedAt: now } });
  }

  /** Newest requested first, without the results (a list never carries them). */
  page(filter: BacktestFilter, request: PageRequest): Promise<KeysetPage<BacktestRecord>> {
    const query = {
      ...unitFilter(filter.orgUnits),
      ...(filter.key !== undefined ? { key: filter.key } : {}),
    };
    const reader: PageReader<BacktestRecord> = async (where, sort, count) =>
      (await this.backtests!.find(where).project({ result: 0 }).sort(sort).limit(count).toArray()) as BacktestRecord[];
    return readKeysetPage(reader, query, BY_REQUESTED, request);
  }
}
