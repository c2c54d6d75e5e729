import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import { chunkedBulkWrite } from '../../store/bulk-writes';
import { isDuplicateKeyError } from '../../store/mongo-errors';

/** A slot a gate decision holds under a cap until its activity is recorded (released) or it expires. */
export interface Hold {
  decisionId: string;
  expiresAt: Date;
}

/**
 * Counters of one debtor's calendar day (`d|obligorId|day`) or one hashed number's day
 * (`n|hash|day`), kept when activities are recorded so the gate reads a document by _id instead
 * of scanning the log. `rev` changes with every write: a reservation writes only if nobody wrote
 * since it read (the database decides, so several processes cannot both take the last slot).
 */
export interface DayCounter {
  _id: string;
  rev: number;
  /** Number documents: voice attempts to the number. */
  attempts?: number;
  /** Debtor documents: effective voice calls (effective or promise-to-pay) across the insurer and every agency. */
  effectiveCalls?: number;
  thirdPartyContacts?: number;
  holds?: Hold[];
  /** Decisions whose activity was recorded: their holds no longer count (removed at the next reservation). */
  released?: string[];
}

/**
 * Reachability of one debtor (`r|obligorId`), kept so that the count of consecutive failed
 * attempts is right whatever order activities arrive in: the latest successful contact by
 * activity time, and the failed attempts after it (up to MAX_KEPT_FAILURES; beyond that only counted).
 */
export interface ReachCounter {
  _id: string;
  rev: number;
  lastSuccessAt?: Date | null;
  failures?: Date[];
  /** Failures after the last success that did not fit the list (a debtor who never answers), the latest of them at overflowUntil. */
  overflow?: number;
  overflowUntil?: Date | null;
}

export const MAX_KEPT_FAILURES = 50;

export const dayKey = (obligorId: string, day: string) => `d|${obligorId}|${day}`;
export const numberKey = (hash: string, day: string) => `n|${hash}|${day}`;
export const reachKey = (obligorId: string) => `r|${obligorId}`;

/** Holds still counting at `now`: not expired and not released by a recorded activity. */
export function activeHolds(counter: DayCounter | undefined, now: Date): Hold[] {
  if (!counter?.holds) return [];
  const released = new Set(counter.released ?? []);
  return counter.holds.filter((hold) => hold.expiresAt.getTime() > now.getTime() && !released.has(hold.decisionId));
}

/** Consecutive failed attempts by activity time: the failures after the latest success. */
export function consecutiveFailures(counter: ReachCounter | undefined): number {
  if (!counter) return 0;
  const since = counter.lastSuccessAt?.getTime() ?? -Infinity;
  return (counter.failures ?? []).filter((at) => at.getTime() > since).length + overflowOf(counter);
}

/** Pruned failures count while they are later than the latest success (they were the oldest of those kept). */
function overflowOf(counter: ReachCounter): number {
  const since = counter.lastSuccessAt?.getTime() ?? -Infinity;
  return counter.overflowUntil && counter.overflowUntil.getTime() > since ? (counter.overflow ?? 0) : 0;
}

/** What one recorded activity adds to the counters. */
export interface CounterIncrement {
  dayKey: string;
  numberKey?: string;
  voiceAttempt: boolean;
  effectiveCall: boolean;
  thirdParty: boolean;
  /** A contact with the debtor (not a third party) that was reached (true) or not (false); undefined: says nothing about reachability. */
  reached?: boolean;
  obligorId: string;
  at: Date;
  decisionId?: string;
}

export class CollectionCounters {
  readonly collection: Collection<DayCounter | ReachCounter>;

  constructor(connection: Connection) {
    this.collection = connection.db!.collection<DayCounter | ReachCounter>('collection_counters');
  }

  /** Counter documents by _id (an `$in` on _id, served from the index): the one read the gate makes. */
  async read(keys: readonly string[]): Promise<Map<string, DayCounter & ReachCounter>> {
    const found = new Map<string, DayCounter & ReachCounter>();
    for (const document of await this.collection.find({ _id: { $in: [...keys] } }).toArray()) found.set(document._id, document as DayCounter & ReachCounter);
    return found;
  }

  /** Prunes a reachability document the gate found crowded (more than twice MAX_KEPT_FAILURES failures kept). */
  async pruneIfCrowded(counter: ReachCounter | undefined): Promise<void> {
    if (counter && (counter.failures?.length ?? 0) >= 2 * MAX_KEPT_FAILURES) await this.prune(counter);
  }

  /**
   * Adds recorded activities to the counters: day and number counts summed per document ($inc,
   * bounded bulk writes), a decision's holds released ($addToSet), and reachability per debtor.
   */
  async add(increments: readonly CounterIncrement[]): Promise<void> {
    const sums = new Map<string, { attempts: number; effectiveCalls: number; thirdPartyContacts: number; released: Set<string> }>();
    const sum = (key: string) => {
      let entry = sums.get(key);
      if (!entry) sums.set(key, (entry = { attempts: 0, effectiveCalls: 0, thirdPartyContacts: 0, released: new Set() }));
      return entry;
    };
    for (const increment of increments) {
      const day = sum(increment.dayKey);
      if (increment.effectiveCall) day.effectiveCalls++;
      if (increment.thirdParty) day.thirdPartyContacts++;
      if (increment.decisionId) day.released.add(increment.decisionId);
      if (increment.numberKey) {
        const number = sum(increment.numberKey);
        if (increment.voiceAttempt) number.attempts++;
        if (increment.decisionId) number.released.add(increment.decisionId);
      }
    }
    const operations: AnyBulkWriteOperation<DayCounter>[] = [...sums].map(([key, entry]) => ({
      updateOne: {
        filter: { _id: key },
        update: {
          $inc: { rev: 1, attempts: entry.attempts, effectiveCalls: entry.effectiveCalls, thirdPartyContacts: entry.thirdPartyContacts },
          ...(entry.released.size > 0 ? { $addToSet: { released: { $each: [...entry.released] } } } : {}),
        },
        upsert: true,
      },
    }));
    await chunkedBulkWrite(this.collection as Collection<DayCounter>, operations);
    await this.addReachability(increments.filter((increment) => increment.reached !== undefined));
  }

  /**
   * Failures are pushed and the latest success kept with $max, so the order activities arrive in
   * does not matter: the count is taken at read time (failures later than the latest success).
   * A list that grew past twice MAX_KEPT_FAILURES is pruned when the gate reads it (pruneIfCrowded).
   */
  private async addReachability(increments: readonly CounterIncrement[]): Promise<void> {
    const byObligor = new Map<string, { latestSuccess?: Date; failures: Date[] }>();
    for (const increment of increments) {
      const entry = byObligor.get(increment.obligorId) ?? { failures: [] };
      byObligor.set(increment.obligorId, entry);
      if (increment.reached) {
        if (!entry.latestSuccess || increment.at > entry.latestSuccess) entry.latestSuccess = increment.at;
      } else entry.failures.push(increment.at);
    }
    const reach = this.collection as Collection<ReachCounter>;
    const operations: AnyBulkWriteOperation<ReachCounter>[] = [...byObligor].map(([obligorId, entry]) => ({
      updateOne: {
        filter: { _id: reachKey(obligorId) },
        update: {
          $inc: { rev: 1 },
          $push: { failures: { $each: entry.failures.filter((at) => !entry.latestSuccess || at > entry.latestSuccess) } },
          ...(entry.latestSuccess ? { $max: { lastSuccessAt: entry.latestSuccess } } : {}),
        },
        upsert: true,
      },
    }));
    await chunkedBulkWrite(reach, operations);
  }

  /** Keeps the failures after the latest success, at most MAX_KEPT_FAILURES of them; the older rest is counted in overflow. */
  private async prune(counter: ReachCounter): Promise<void> {
    const reach = this.collection as Collection<ReachCounter>;
    for (let current: ReachCounter | null = counter, attempt = 0; current && attempt < 20; attempt++) {
      const since = current.lastSuccessAt?.getTime() ?? -Infinity;
      const after = (current.failures ?? []).filter((at) => at.getTime() > since).sort((a, b) => a.getTime() - b.getTime());
      const dropped = after.slice(0, Math.max(0, after.length - MAX_KEPT_FAILURES));
      const overflowUntil = dropped.at(-1) ?? current.overflowUntil ?? null;
      const result = await reach.updateOne(
        { _id: current._id, rev: current.rev },
        { $set: { failures: after.slice(dropped.length), overflow: overflowOf(current) + dropped.length, overflowUntil }, $inc: { rev: 1 } },
      );
      if (result.matchedCount === 1) return;
      current = await reach.findOne({ _id: counter._id });
    }
  }

  /**
   * Holds a slot on each counter for a decision, each write conditional on the revision read: false
   * when one changed meanwhile (the caller re-reads and decides again). Expired and released
   * holds are dropped as the holds are rewritten, which keeps the list bounded.
   */
  async reserve(counters: readonly { key: string; read: DayCounter | undefined }[], hold: Hold, now: Date): Promise<boolean> {
    const written: string[] = [];
    for (const { key, read } of counters) {
      const holds = [...activeHolds(read, now), hold];
      try {
        const result = await this.collection.updateOne({ _id: key, rev: read?.rev ?? 0 }, { $set: { holds, released: [] }, $inc: { rev: 1 } } as never, {
          upsert: read === undefined,
        });
        if (result.matchedCount === 1 || result.upsertedCount === 1) {
          written.push(key);
          continue;
        }
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      // Someone wrote first: give back what this decision took.
      for (const key of written) await this.collection.updateOne({ _id: key }, { $addToSet: { released: hold.decisionId }, $inc: { rev: 1 } } as never);
      return false;
    }
    return true;
  }
}
