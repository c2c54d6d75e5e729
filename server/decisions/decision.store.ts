import type { Collection, Connection, Model } from 'mongoose';
import type { Logger } from '../logger';
import { decisionModel, fromStoredDecision, toStoredDecision, type DecisionRecord, type StoredDecision } from './decision.model';

export interface DecisionFilter {
  ruleSet?: string;
  version?: number;
  eventType?: string;
  from?: Date;
  to?: Date;
  keys?: readonly string[];
  /** Only decisions made for these org units (a scoped reader's subtree). */
  orgUnits?: readonly string[];
  limit: number;
}

export interface DecisionLogOptions {
  /** The longest a decision waits in memory before it is written, while the database keeps up. */
  flushMs: number;
  /** A batch this large is written at once. */
  flushSize: number;
  /** Decisions added but not yet stored beyond which evaluations wait for the log (see room()). */
  maxPending: number;
}

export const DEFAULT_DECISION_LOG_OPTIONS: DecisionLogOptions = { flushMs: 100, flushSize: 500, maxPending: 20_000 };
const RETRY_DELAYS_MS = [100, 1000];
const RESOLVED = Promise.resolve();

/**
 * The decision log. Writes are buffered and go out as one unordered insertMany every flushMs or
 * every flushSize decisions, so logging costs one round trip per batch rather than per
 * evaluation. One batch is written at a time; when the database is slower than the evaluations,
 * what arrives meanwhile goes out together in the next (up to twice flushSize). Each decision is
 * turned into its stored form when it is added, so a batch costs the event loop only its BSON
 * encoding. Reads flush first, so a caller always finds the decision it was just given; close()
 * (graceful shutdown) flushes too.
 *
 * The buffer is bounded: once maxPending decisions are waiting to be stored, room() makes
 * evaluations wait until the log has caught up, so a database that cannot keep up slows the API
 * down instead of the buffer growing without end (and a crash losing all of it).
 */
export class DecisionStore {
  private readonly model: Model<StoredDecision>;
  private readonly collection: Collection<StoredDecision>;
  private buffer: StoredDecision[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Decisions ever added, and those written (or given up on after retries). */
  private added = 0;
  private stored = 0;
  private writing = false;
  private due = false;
  private flushWaiters: { upTo: number; resolve: () => void }[] = [];
  private roomWaiters: (() => void)[] = [];

  private readonly options: DecisionLogOptions;

  constructor(
    connection: Connection,
    private readonly logger: Logger,
    options: Partial<DecisionLogOptions> = {},
  ) {
    this.options = { ...DEFAULT_DECISION_LOG_OPTIONS, ...options };
    this.model = decisionModel(connection);
    this.collection = this.model.collection as unknown as Collection<StoredDecision>;
  }

  add(record: DecisionRecord): void {
    this.buffer.push(toStoredDecision(record));
    this.added++;
    if (this.buffer.length >= this.options.flushSize) this.writeNow();
    else this.timer ??= setTimeout(() => this.writeNow(), this.options.flushMs);
  }

  /** Writes everything added so far; resolves when it is stored. */
  flush(): Promise<void> {
    const upTo = this.added;
    if (this.stored >= upTo) return RESOLVED;
    const stored = new Promise<void>((resolve) => this.flushWaiters.push({ upTo, resolve }));
    this.writeNow();
    return stored;
  }

  /** Resolves at once while fewer than maxPending decisions wait to be stored; otherwise once they are fewer. */
  room(): Promise<void> {
    if (this.added - this.stored < this.options.maxPending) return RESOLVED;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  async find(decisionId: string): Promise<DecisionRecord | undefined> {
    await this.flush();
    // Decisions stored before the id became the _id are found by the decisionId field.
    const stored = (await this.collection.findOne({ _id: decisionId } as never, { projection: { _id: 0 } })) ?? (await this.model.findOne({ decisionId }, { _id: 0 }).lean<StoredDecision>());
    return stored ? fromStoredDecision(stored) : undefined;
  }

  async list(filter: DecisionFilter): Promise<DecisionRecord[]> {
    await this.flush();
    const query: Record<string, unknown> = {};
    if (filter.ruleSet) query['ruleSet.key'] = filter.ruleSet;
    else if (filter.keys) query['ruleSet.key'] = { $in: filter.keys };
    if (filter.version !== undefined) query['ruleSet.version'] = filter.version;
    if (filter.eventType) query.eventTypes = filter.eventType;
    if (filter.orgUnits) query.orgUnit = { $in: filter.orgUnits };
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    const stored = await this.model.find(query, { _id: 0 }).sort({ at: -1 }).limit(filter.limit).lean<StoredDecision[]>();
    return stored.map(fromStoredDecision);
  }

  private writeNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due = true;
    if (!this.writing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.due && this.buffer.length > 0) {
        this.due = false;
        const size = Math.min(this.buffer.length, this.options.flushSize * 2);
        const batch = size === this.buffer.length ? this.buffer : this.buffer.slice(0, size);
        this.buffer = size === this.buffer.length ? [] : this.buffer.slice(size);
        await this.write(batch);
        this.stored += batch.length;
        this.settle();
        // Behind (a full batch waits) or asked to flush: go on; otherwise the timer decides.
        if (this.buffer.length >= this.options.flushSize || this.flushWaiters.length > 0) this.due = true;
        else if (this.buffer.length > 0) this.timer ??= setTimeout(() => this.writeNow(), this.options.flushMs);
      }
    } finally {
      this.writing = false;
    }
  }

  private settle(): void {
    if (this.flushWaiters.length > 0) {
      const waiting = this.flushWaiters;
      this.flushWaiters = waiting.filter((waiter) => waiter.upTo > this.stored);
      for (const waiter of waiting) if (waiter.upTo <= this.stored) waiter.resolve();
    }
    if (this.roomWaiters.length > 0 && this.added - this.stored < this.options.maxPending) {
      const waiting = this.roomWaiters;
      this.roomWaiters = [];
      for (const resolve of waiting) resolve();
    }
  }

  /**
   * The driver's insertMany directly: the documents are already in stored form, so mongoose's
   * casting would only cost time. A failed batch is retried; decisionId is unique, so decisions
   * a failed attempt did store are refused as duplicates rather than stored twice.
   */
  private async write(batch: StoredDecision[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.collection.insertMany(batch, { ordered: false });
        return;
      } catch (error) {
        const failed = notStored(error, batch);
        if (failed.length === 0) return;
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.logger.error({ err: error, decisions: failed.length }, 'writing the decision log failed');
          return;
        }
        this.logger.warn({ err: error, decisions: failed.length }, 'writing the decision log failed; retrying');
        batch = failed;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/** The decisions of a batch that an insertMany error left unstored (duplicates count as stored). */
function notStored(error: unknown, batch: StoredDecision[]): StoredDecision[] {
  const writeErrors = (error as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }).writeErrors;
  if (writeErrors === undefined) return batch;
  const failedIndexes = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]).filter((item) => item.code !== 11000).map((item) => item.index);
  return failedIndexes.map((index) => batch[index]!);
}
