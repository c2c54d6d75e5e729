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
  limit: number;
}

export interface DecisionLogOptions {
  /** The longest a decision waits in memory before it is written. */
  flushMs: number;
  /** A batch this large is written at once. */
  flushSize: number;
}

export const DEFAULT_DECISION_LOG_OPTIONS: DecisionLogOptions = { flushMs: 100, flushSize: 500 };
const RETRY_DELAYS_MS = [100, 1000];

/**
 * The decision log. Writes are buffered and go out as one unordered insertMany every flushMs or
 * every flushSize decisions, so logging costs one round trip per batch rather than per
 * evaluation. Each decision is turned into its stored form when it is added, so a batch costs
 * the event loop only its BSON encoding. Reads flush first, so a caller always finds the decision
 * it was just given; close() (graceful shutdown) flushes too.
 */
export class DecisionStore {
  private readonly model: Model<StoredDecision>;
  private readonly collection: Collection<StoredDecision>;
  private buffer: StoredDecision[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    connection: Connection,
    private readonly logger: Logger,
    private readonly options: DecisionLogOptions = DEFAULT_DECISION_LOG_OPTIONS,
  ) {
    this.model = decisionModel(connection);
    this.collection = this.model.collection as unknown as Collection<StoredDecision>;
  }

  add(record: DecisionRecord): void {
    this.buffer.push(toStoredDecision(record));
    if (this.buffer.length >= this.options.flushSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    // Chained so flushes complete in order and a later flush waits for an earlier one.
    this.inFlight = this.inFlight.then(() => (batch.length === 0 ? undefined : this.write(batch)));
    return this.inFlight;
  }

  async find(decisionId: string): Promise<DecisionRecord | undefined> {
    await this.flush();
    const stored = await this.model.findOne({ decisionId }, { _id: 0 }).lean<StoredDecision>();
    return stored ? fromStoredDecision(stored) : undefined;
  }

  async list(filter: DecisionFilter): Promise<DecisionRecord[]> {
    await this.flush();
    const query: Record<string, unknown> = {};
    if (filter.ruleSet) query['ruleSet.key'] = filter.ruleSet;
    else if (filter.keys) query['ruleSet.key'] = { $in: filter.keys };
    if (filter.version !== undefined) query['ruleSet.version'] = filter.version;
    if (filter.eventType) query.eventTypes = filter.eventType;
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    const stored = await this.model.find(query, { _id: 0 }).sort({ at: -1 }).limit(filter.limit).lean<StoredDecision[]>();
    return stored.map(fromStoredDecision);
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
