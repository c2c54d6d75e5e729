import type { Connection, Model } from 'mongoose';
import type { Logger } from '../logger';
import { decisionModel, type DecisionRecord } from './decision.model';

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

/**
 * The decision log. Writes are buffered and go out with insertMany every flushMs (100) or every
 * flushSize (500) entries, so logging costs one round trip per batch rather than per evaluation.
 * Reads flush first, so a caller always finds the decision it was just given.
 */
export class DecisionStore {
  private readonly model: Model<DecisionRecord>;
  private buffer: DecisionRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    connection: Connection,
    private readonly logger: Logger,
    private readonly options: { flushMs: number; flushSize: number } = { flushMs: 100, flushSize: 500 },
  ) {
    this.model = decisionModel(connection);
  }

  add(record: DecisionRecord): void {
    this.buffer.push(record);
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
    this.inFlight = this.inFlight.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.model.insertMany(batch, { ordered: false, lean: true });
      } catch (error) {
        this.logger.error({ err: error, decisions: batch.length }, 'writing the decision log failed');
      }
    });
    return this.inFlight;
  }

  async find(decisionId: string): Promise<DecisionRecord | undefined> {
    await this.flush();
    return (await this.model.findOne({ decisionId }, { _id: 0 }).lean<DecisionRecord>()) ?? undefined;
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
    return this.model.find(query, { _id: 0 }).sort({ at: -1 }).limit(filter.limit).lean<DecisionRecord[]>();
  }
}
