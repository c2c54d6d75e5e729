import { unitFilter } from '../authority/org-scope';
import type { Connection, Model } from 'mongoose';
import type { PlatformEventType } from '../events/platform-events';
import type { Collection } from 'mongodb';
import { insertManyIgnoringDuplicates } from '../store/insert-many';
import { modelReader, readKeysetPage, type KeysetOrder, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';
import { attemptModel, deliveryModel, type AttemptRecord, type DeliveryRecord, type DeliveryState } from './delivery.model';

/** Names of delivery claims in the transition claims: the kind, then the delivery and the claim version it moves away from. */
const CLAIM_PREFIX = 'webhook-delivery:';

/** States a delivery leaves only by a replay. */
const FINISHED_STATES: DeliveryState[] = ['succeeded', 'failed', 'cancelled'];

export interface DeliveryFilter {
  /** The caller's units; undefined at HQ, which sees every delivery. */
  orgUnits: readonly string[] | undefined;
  subscriptionId?: string;
  state?: DeliveryState;
  eventType?: PlatformEventType;
  eventId?: string;
  from?: Date;
}

/** Newest first, deliveries of one instant by id; the cursor is the last one's `createdAt`. */
const BY_CREATED: KeysetOrder = { key: 'createdAt', id: 'deliveryId' };

export class DeliveryStore {
  private readonly deliveries: Model<DeliveryRecord>;
  private readonly attempts: Model<AttemptRecord>;
  private readonly claims: TransitionClaims;

  constructor(connection: Connection) {
    this.deliveries = deliveryModel(connection);
    this.attempts = attemptModel(connection);
    this.claims = new TransitionClaims(connection);
  }

  /** False when this subscription already has the event (published twice): the unique index decides. */
  async insertIfAbsent(record: DeliveryRecord): Promise<boolean> {
    try {
      await this.deliveries.create(record);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Claims of versions long past block nobody; a claim left by a dispatcher that died before its update would block its delivery until removed. */
  async deleteClaimsBefore(cutoff: Date): Promise<number> {
    return this.claims.deleteBefore(cutoff, CLAIM_PREFIX);
  }

  /** Removes finished deliveries completed before the cutoff, with their attempts, a batch at a time; returns how many deliveries went. */
  async deleteFinishedBefore(cutoff: Date, batchSize = 1_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.deliveries
        .find({ state: { $in: FINISHED_STATES }, completedAt: { $lt: cutoff } }, { deliveryId: 1, _id: 0 })
        .limit(batchSize)
        .lean<Pick<DeliveryRecord, 'deliveryId'>[]>();
      if (batch.length === 0) return deleted;
      const deliveryIds = batch.map((record) => record.deliveryId);
      // Attempts first: a crash in between leaves a delivery without its log lines, never log lines without a delivery.
      await this.attempts.deleteMany({ deliveryId: { $in: deliveryIds } });
      deleted += (await this.deliveries.deleteMany({ deliveryId: { $in: deliveryIds }, state: { $in: FINISHED_STATES } })).deletedCount;
    }
  }

  /** Inserts those the subscription does not have yet (the unique index on subscription and event decides); returns how many were new. */
  async insertAllIfAbsent(records: readonly DeliveryRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const collection = this.deliveries.collection as unknown as Collection<DeliveryRecord>;
    return records.length - (await insertManyIgnoringDuplicates(collection, records)).size;
  }

  async find(deliveryId: string): Promise<DeliveryRecord | undefined> {
    return (await this.deliveries.findOne({ deliveryId }, { _id: 0 }).lean<DeliveryRecord>()) ?? undefined;
  }

  async page(filter: DeliveryFilter, request: PageRequest): Promise<KeysetPage<DeliveryRecord>> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.subscriptionId) query.subscriptionId = filter.subscriptionId;
    if (filter.state) query.state = filter.state;
    if (filter.eventType) query.eventType = filter.eventType;
    if (filter.eventId) query.eventId = filter.eventId;
    if (filter.from) query.createdAt = { $gte: filter.from };
    return readKeysetPage(modelReader(this.deliveries, { _id: 0 }), query, BY_CREATED, request);
  }

  /** Pending ones whose time has come, and in-flight ones whose dispatcher's lease ran out (it died mid-attempt). */
  async findDue(now: Date, subscriptionIds: string[], exclude: string[], limit: number): Promise<DeliveryRecord[]> {
    return this.deliveries
      .find(
        {
          subscriptionId: { $in: subscriptionIds },
          ...(exclude.length > 0 ? { deliveryId: { $nin: exclude } } : {}),
          $or: [
            { state: 'pending', nextAttemptAt: { $lte: now } },
            { state: 'in-flight', leaseUntil: { $lt: now } },
          ],
        },
        { _id: 0 },
      )
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<DeliveryRecord[]>();
  }

  /**
   * The atomic claim: one dispatcher claims the version it read (a transition claim, so a
   * unique index picks the winner), and the winner's update must still find that version, so a
   * stale read loses too. Two processes never send the same attempt. Returns the claim version
   * held. A claim is never taken over: one left by a dispatcher that died before its update
   * blocks the delivery until maintenance removes it.
   */
  async claim(record: DeliveryRecord, leaseOwner: string, leaseUntil: Date): Promise<number | undefined> {
    if (!(await this.claims.claimOnce(`${CLAIM_PREFIX}${record.deliveryId}@${record.claimVersion}`, leaseOwner))) return undefined;
    const { modifiedCount } = await this.deliveries.updateOne(
      { deliveryId: record.deliveryId, claimVersion: record.claimVersion, state: record.state },
      { $set: { state: 'in-flight', leaseOwner, leaseUntil }, $inc: { claimVersion: 1 } },
    );
    return modifiedCount === 1 ? record.claimVersion + 1 : undefined;
  }

  /** Writes an attempt's outcome if the claim still holds; false when the lease was lost meanwhile. */
  async complete(deliveryId: string, claimVersion: number, changes: Partial<DeliveryRecord>): Promise<boolean> {
    const { modifiedCount } = await this.deliveries.updateOne(
      { deliveryId, claimVersion, state: 'in-flight' },
      { $set: { ...changes, leaseOwner: null, leaseUntil: null }, $inc: { attempts: 1, roundAttempts: 1, claimVersion: 1 } },
    );
    return modifiedCount === 1;
  }

  /** A finished delivery starts a new round of attempts; false when it changed since it was read. */
  async replay(record: DeliveryRecord, at: Date): Promise<boolean> {
    const { modifiedCount } = await this.deliveries.updateOne(
      { deliveryId: record.deliveryId, claimVersion: record.claimVersion, state: record.state },
      { $set: { state: 'pending', nextAttemptAt: at, roundAttempts: 0, completedAt: null }, $inc: { replays: 1, claimVersion: 1 } },
    );
    return modifiedCount === 1;
  }

  async cancelPendingOf(subscriptionId: string, at: Date): Promise<void> {
    await this.deliveries.updateMany(
      { subscriptionId, state: { $in: ['pending', 'in-flight'] } },
      { $set: { state: 'cancelled', nextAttemptAt: null, completedAt: at, lastError: 'the subscription was deleted' }, $inc: { claimVersion: 1 } },
    );
  }

  async recordAttempt(attempt: AttemptRecord): Promise<void> {
    await this.attempts.create(attempt);
  }

  /** The subscription's latest attempts since `since`, newest first. */
  async recentAttemptsOf(subscriptionId: string, since: Date, limit: number): Promise<Pick<AttemptRecord, 'outcome' | 'at'>[]> {
    return this.attempts
      .find({ subscriptionId, at: { $gte: since } }, { _id: 0, outcome: 1, at: 1 })
      .sort({ at: -1 })
      .limit(limit)
      .lean<Pick<AttemptRecord, 'outcome' | 'at'>[]>();
  }

  async attemptsOf(deliveryId: string): Promise<AttemptRecord[]> {
    return this.attempts.find({ deliveryId }, { _id: 0 }).sort({ number: 1, at: 1 }).lean<AttemptRecord[]>();
  }
}
