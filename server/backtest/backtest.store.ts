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

  /** Stores the progress; answers whether a cancel has been asked for meanwhile. */
  async progress(backtestId: string, progress: BacktestRecord['progress']): Promise<boolean> {
    await this.backtests!.updateOne({ _id: backtestId, status: 'running' }, { $set: { progress } });
    return (await this.backtests!.findOne({ _id: backtestId }, { projection: { cancelRequested: 1 } }))?.cancelRequested === true;
  }

  /**
   * The backtests left running by a run of the job that is no longer going (its worker died; only one run goes at a time,
   * so any other run's are orphans): queued again, oldest first as before, or cancelled when a cancel was asked for.
   */
  async takeOver(worker: string, now: Date): Promise<{ requeued: number; cancelled: number }> {
    const cancelled = await this.backtests!.updateMany(
      { status: 'running', worker: { $ne: worker }, cancelRequested: true },
      { $set: { status: 'cancelled', finishedAt: now, error: 'cancelled; its worker had stopped' } },
    );
    const requeued = await this.backtests!.updateMany(
      { status: 'running', worker: { $ne: worker } },
      { $set: { status: 'queued', progress: { phase: 'queued', done: 0, total: 0 }, startedAt: null, error: null } },
    );
    return { requeued: requeued.modifiedCount, cancelled: cancelled.modifiedCount };
  }

  /** Queued: cancelled at once. Running: asked to stop (the run cancels it). Undefined when it has already ended. */
  async cancel(backtestId: string, now: Date): Promise<BacktestRecord | undefined> {
    const queued = await this.backtests!.updateOne({ _id: backtestId, status: 'queued' }, { $set: { status: 'cancelled', finishedAt: now } });
    if (queued.modifiedCount === 0) {
      const running = await this.backtests!.updateOne({ _id: backtestId, status: 'running' }, { $set: { cancelRequested: true } });
      if (running.matchedCount === 0) return undefined;
    }
    return this.find(backtestId);
  }

  async cancelled(backtestId: string, now: Date): Promise<void> {
    await this.backtests!.updateOne({ _id: backtestId }, { $set: { status: 'cancelled', finishedAt: now, error: null } });
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
