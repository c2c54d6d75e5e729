import type { Collection, Connection, Model } from 'mongoose';
import { ServiceUnavailableError } from '../http/errors';
import type { Logger } from '../logger';
import { isDatabaseConnected } from '../store/connection';
import { modelReader, readKeysetPage, type KeysetOrder, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { isDatabaseUnavailableError } from '../store/mongo-errors';
import { DecisionSpool, type SpoolSegment } from './decision.spool';
import { decisionModel, fromStoredDecision, toStoredDecision, type DecisionRecord, type StoredDecision } from './decision.model';
import { unitFilter } from '../authority/org-scope';

export interface DecisionFilter {
  ruleSet?: string;
  version?: number;
  eventType?: string;
  /** Only decisions that listed this fact as missing. */
  missingFact?: string;
  from?: Date;
  keys?: readonly string[];
  /** Only decisions made for these org units (a scoped reader's subtree). */
  orgUnits?: readonly string[];
}

/** Newest first; the cursor is the last decision's time, sent back as `to` (decisions before it). */
const BY_TIME: KeysetOrder = { key: 'at', id: 'decisionId' };

export interface DecisionLogOptions {
  /** The longest a decision waits in memory before it is written, while the database keeps up. */
  flushMs: number;
  /** A batch this large is written at once. */
  flushSize: number;
  /** Without a spool: decisions recorded but not yet stored beyond which evaluations are refused (503). */
  maxPending: number;
  /** `fsync` (default): a recorded decision is in the spool file, synced, before record() resolves; `write`: written, not synced; `off`: memory only. */
  spool: 'fsync' | 'write' | 'off';
  /** This database's spool folder (DATA_DIR/decision-spool/<database>); without one there is no spool. */
  spoolDirectory?: string;
  /** With a spool: bytes of spool files, and decisions not yet stored, beyond which evaluations are refused (503). */
  spoolMaxBytes: number;
  spoolMaxDecisions: number;
}

export const DEFAULT_DECISION_LOG_OPTIONS: DecisionLogOptions = {
  flushMs: 100,
  flushSize: 500,
  maxPending: 20_000,
  spool: 'fsync',
  spoolMaxBytes: 256 * 1024 * 1024,
  spoolMaxDecisions: 250_000,
};
/** Waits between attempts to store a batch the database refused; the last repeats until it is stored. */
const RETRY_DELAYS_MS = [100, 250, 500, 1000];
/** Attempts after which decisions the database refuses one by one (not for being unreachable) are given up, with an error logged. */
const DOCUMENT_ERROR_ATTEMPTS = 5;
/** How long a full log may make an evaluation wait for room before it is refused. */
const ROOM_WAIT_MS = 1000;
/** How long a read waits for the decisions recorded before it to be stored. */
const READ_FLUSH_WAIT_MS = 1500;
const RESOLVED = Promise.resolve();

interface Pending {
  stored: StoredDecision;
  /** The spool file holding it, released once it is stored. */
  segment?: SpoolSegment;
}

/**
 * The decision log. Writes are buffered and go out as one unordered insertMany every flushMs or
 * every flushSize decisions, so logging costs one round trip per batch rather than per
 * evaluation. One batch is written at a time; when the database is slower than the evaluations,
 * what arrives meanwhile goes out together in the next (up to twice flushSize). Each decision is
 * turned into its stored form when it is added, so a batch costs the event loop only its BSON
 * encoding. Reads flush first, so a caller always finds the decision it was just given; close()
 * (graceful shutdown) flushes too.
 *
 * The guarantee (docs/rulesets.md#the-decision-log): a decision whose id an evaluation returns is
 * stored, however long the database is away. record() resolves only once the decision is in the
 * spool file (synced, with `fsync`), so a killed process loses nothing it acknowledged: the next
 * start replays the spool. A batch is retried until the database takes it; a duplicate _id counts
 * as stored, so retries and replays are idempotent. The log is bounded: beyond the spool's bytes
 * or decisions (or maxPending without a spool) evaluations are refused with 503 and Retry-After
 * rather than acknowledged without a place to keep them.
 *
 * Decisions of scheduled jobs come through add(): kept in memory and retried the same way, not
 * spooled (a job run that dies is run again).
 */
export class DecisionStore {
  private readonly model: Model<StoredDecision>;
  private readonly collection: Collection<StoredDecision>;
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Decisions ever added, and those written (or given up on). */
  private added = 0;
  private stored = 0;
  private writing = false;
  private due = false;
  private flushWaiters: { upTo: number; resolve: () => void }[] = [];
  private roomWaiters: (() => void)[] = [];
  private spool: DecisionSpool | undefined;
  private opening: Promise<void> | undefined;

  private readonly options: DecisionLogOptions;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    options: Partial<DecisionLogOptions> = {},
  ) {
    this.options = { ...DEFAULT_DECISION_LOG_OPTIONS, ...options };
    this.model = decisionModel(connection);
    this.collection = this.model.collection as unknown as Collection<StoredDecision>;
  }

  /** Opens the spool and replays what stopped processes left in it; record() opens it too if needed. */
  open(): Promise<void> {
    this.opening ??= this.openSpool();
    return this.opening;
  }

  /**
   * Keeps decisions an evaluation is about to answer with; resolves once they are safe (in the
   * spool) and refuses with 503 while the log is full.
   */
  /** `sync: false`: the spool's write only, not its fsync (see DecisionSpool.append); the underwriting check's decisions. */
  async record(records: readonly DecisionRecord[], options: { sync?: boolean } = {}): Promise<void> {
    await this.open();
    if (this.isFull()) await this.waitForRoom();
    const stored = records.map(toStoredDecision);
    let segment: SpoolSegment | undefined;
    if (this.spool) {
      try {
        segment = await this.spool.append(stored, options);
      } catch {
        throw new ServiceUnavailableError('decision_log_unavailable', 'The decision log cannot keep this decision now; retry later');
      }
    }
    for (const decision of stored) this.push({ stored: decision, segment });
  }

  /** The spool's group commit so far (benchmarks), or undefined without a spool. */
  spoolStats(): { groups: number; decisions: number } | undefined {
    return this.spool ? { ...this.spool.stats } : undefined;
  }

  /** For scheduled jobs: kept in memory until stored (see the class comment). */
  add(record: DecisionRecord): void {
    this.push({ stored: toStoredDecision(record) });
  }

  /** Writes everything added so far; resolves when it is stored. */
  flush(): Promise<void> {
    const upTo = this.added;
    if (this.stored >= upTo) return RESOLVED;
    const stored = new Promise<void>((resolve) => this.flushWaiters.push({ upTo, resolve }));
    this.writeNow();
    return stored;
  }

  /** Graceful stop: stores what it can within the wait; with a spool, the rest is replayed at the next start. */
  async close(waitMs = 10_000): Promise<void> {
    const flushed = await withinTime(this.flush(), waitMs);
    if (!flushed) {
      const left = this.added - this.stored;
      if (this.spool) this.logger.warn({ decisions: left }, 'the database did not take every decision before shutdown; they stay in the spool');
      else this.logger.error({ decisions: left }, 'the database did not take every decision before shutdown, and there is no spool: they are lost');
    }
    await this.spool?.close();
  }

  async find(decisionId: string): Promise<DecisionRecord | undefined> {
    await this.flushForRead();
    const stored = (await this.collection.findOne({ _id: decisionId } as never, { projection: { _id: 0 } })) as StoredDecision | null;
    return stored ? fromStoredDecision(stored) : undefined;
  }

  /** One page of decisions, newest first; `before` is the query's `to` (the previous page's `nextBefore`). */
  async page(filter: DecisionFilter, request: PageRequest): Promise<KeysetPage<DecisionRecord>> {
    await this.flushForRead();
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.ruleSet) query['ruleSet.key'] = filter.ruleSet;
    else if (filter.keys) query['ruleSet.key'] = { $in: filter.keys };
    if (filter.version !== undefined) query['ruleSet.version'] = filter.version;
    if (filter.eventType) query.eventTypes = filter.eventType;
    if (filter.missingFact) query.missingFacts = filter.missingFact;
    if (filter.from) query.at = { $gte: filter.from };
    const stored = await readKeysetPage(modelReader<StoredDecision>(this.model, { _id: 0 }), query, BY_TIME, request);
    return { ...stored, items: stored.items.map(fromStoredDecision) };
  }

  private push(pending: Pending): void {
    this.buffer.push(pending);
    this.added++;
    if (this.buffer.length >= this.options.flushSize) this.writeNow();
    else this.timer ??= setTimeout(() => this.writeNow(), this.options.flushMs);
  }

  private async openSpool(): Promise<void> {
    if (this.options.spool === 'off' || !this.options.spoolDirectory) return;
    const spool = new DecisionSpool({ directory: this.options.spoolDirectory, mode: this.options.spool, maxBytes: this.options.spoolMaxBytes }, this.logger);
    const adopted = await spool.open();
    this.spool = spool;
    for (const { decisions, segments } of adopted) decisions.forEach((stored, index) => this.push({ stored, segment: segments[index] }));
  }

  private isFull(): boolean {
    const pending = this.added - this.stored;
    if (!this.spool) return pending >= this.options.maxPending;
    return pending >= this.options.spoolMaxDecisions || this.spool.bytes >= this.options.spoolMaxBytes;
  }

  /** A database that is slow but up makes room within a moment; one that is away does not, and the evaluation is refused. */
  private async waitForRoom(): Promise<void> {
    await withinTime(new Promise<void>((resolve) => this.roomWaiters.push(resolve)), ROOM_WAIT_MS);
    if (this.isFull()) {
      throw new ServiceUnavailableError('decision_log_full', 'The decision log holds as many decisions waiting for the database as it may; retry later');
    }
  }

  /** Reads see every decision recorded before them, or are refused: never a 404 for an id just handed out. */
  private async flushForRead(): Promise<void> {
    if (!isDatabaseConnected(this.connection)) throw new ServiceUnavailableError('database_unavailable', 'The database is unavailable; retry later');
    if (!(await withinTime(this.flush(), READ_FLUSH_WAIT_MS))) {
      throw new ServiceUnavailableError('decision_log_behind', 'The decision log is still storing earlier decisions; retry shortly', 1);
    }
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
        this.release(batch);
        this.settle();
        // Behind (a full batch waits) or asked to flush: go on; otherwise the timer decides.
        if (this.buffer.length >= this.options.flushSize || this.flushWaiters.length > 0) this.due = true;
        else if (this.buffer.length > 0) this.timer ??= setTimeout(() => this.writeNow(), this.options.flushMs);
      }
    } finally {
      this.writing = false;
    }
  }

  /** Stored decisions no longer need their spool files. */
  private release(batch: readonly Pending[]): void {
    if (!this.spool) return;
    let segment: SpoolSegment | undefined;
    let count = 0;
    for (const pending of batch) {
      if (pending.segment === segment) {
        count++;
        continue;
      }
      if (segment) this.spool.release(segment, count);
      segment = pending.segment;
      count = 1;
    }
    if (segment) this.spool.release(segment, count);
  }

  private settle(): void {
    if (this.flushWaiters.length > 0) {
      const waiting = this.flushWaiters;
      this.flushWaiters = waiting.filter((waiter) => waiter.upTo > this.stored);
      for (const waiter of waiting) if (waiter.upTo <= this.stored) waiter.resolve();
    }
    if (this.roomWaiters.length > 0 && !this.isFull()) {
      const waiting = this.roomWaiters;
      this.roomWaiters = [];
      for (const resolve of waiting) resolve();
    }
  }

  /**
   * The driver's insertMany directly: the documents are already in stored form, so mongoose's
   * casting would only cost time. A batch is retried until the database has taken it: _id is the
   * decision id, so decisions a failed attempt did store come back as duplicates and count as
   * stored. Only decisions the database refuses one by one, again and again, are given up.
   */
  private async write(batch: readonly Pending[]): Promise<void> {
    let remaining = batch.map((pending) => pending.stored);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.collection.insertMany(remaining, { ordered: false });
        if (attempt > 0) this.logger.info({ attempts: attempt + 1, decisions: remaining.length }, 'the decision log is writing again');
        return;
      } catch (error) {
        const { failed, refusedByDocument } = notStored(error, remaining);
        if (failed.length === 0) return;
        if (refusedByDocument && attempt + 1 >= DOCUMENT_ERROR_ATTEMPTS) {
          this.logger.error({ err: error, decisionIds: failed.map((decision) => decision.decisionId) }, 'the database refuses these decisions; giving them up');
          return;
        }
        if (attempt % 10 === 0)
          this.logger.warn({ err: error, decisions: failed.length, attempt: attempt + 1 }, 'writing the decision log failed; retrying until it is stored');
        remaining = failed;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]));
      }
    }
  }
}

/**
 * The decisions of a batch that an insertMany error left unstored. Only an error that lists
 * per-document failures says which were stored (duplicates count as stored); any other error
 * (the connection dropped, no server, an empty list) may have stored none of them.
 */
export function notStored(error: unknown, batch: StoredDecision[]): { failed: StoredDecision[]; refusedByDocument: boolean } {
  const raw = (error as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }).writeErrors;
  const writeErrors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (writeErrors.length === 0 || isDatabaseUnavailableError(error)) return { failed: batch, refusedByDocument: false };
  const failed = writeErrors.filter((item) => item.code !== 11000).map((item) => batch[item.index]!);
  return { failed, refusedByDocument: true };
}

/** Whether the work finished within the time (it goes on either way). */
function withinTime(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
