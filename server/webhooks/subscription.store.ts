import type { Connection, Model } from 'mongoose';
import { ConflictError, NotFoundError } from '../http/errors';
import type { PlatformEventType } from './platform-events';
import { subscriptionModel, type SubscriptionRecord } from './subscription.model';

export type SubscriptionChanges = Partial<Pick<SubscriptionRecord, 'url' | 'description' | 'eventTypes' | 'enabled' | 'sealedSecret' | 'secretHint' | 'consecutiveFailures' | 'disabledAt' | 'disabledReason'>>;

export class SubscriptionStore {
  private readonly model: Model<SubscriptionRecord>;

  constructor(connection: Connection) {
    this.model = subscriptionModel(connection);
  }

  async insert(record: SubscriptionRecord): Promise<SubscriptionRecord> {
    await this.model.create(record);
    return record;
  }

  async find(subscriptionId: string): Promise<SubscriptionRecord | undefined> {
    return (await this.model.findOne({ subscriptionId }, { _id: 0 }).lean<SubscriptionRecord>()) ?? undefined;
  }

  async list(filter: { enabled?: boolean; eventType?: PlatformEventType; orgUnit?: string } = {}): Promise<SubscriptionRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.enabled !== undefined) query.enabled = filter.enabled;
    if (filter.eventType) query.eventTypes = filter.eventType;
    if (filter.orgUnit) query.orgUnit = filter.orgUnit;
    return this.model.find(query, { _id: 0 }).sort({ orgUnit: 1, createdAt: 1 }).lean<SubscriptionRecord[]>();
  }

  /** Applies a person's change only if nobody changed the subscription since `expectedVersion`. */
  async update(subscriptionId: string, expectedVersion: number, changes: SubscriptionChanges, actor: string, at: Date): Promise<SubscriptionRecord> {
    const updated = await this.model
      .findOneAndUpdate(
        { subscriptionId, version: expectedVersion },
        { $set: { ...changes, updatedAt: at, updatedBy: actor }, $inc: { version: 1 } },
        // No projection: FerretDB does not implement `fields` on findAndModify.
        { returnDocument: 'after' },
      )
      .lean<SubscriptionRecord & { _id?: unknown }>();
    if (updated) {
      const { _id, ...record } = updated;
      return record;
    }
    return this.explainStale(subscriptionId, expectedVersion);
  }

  async delete(subscriptionId: string, expectedVersion: number): Promise<void> {
    const { deletedCount } = await this.model.deleteOne({ subscriptionId, version: expectedVersion });
    if (deletedCount !== 1) await this.explainStale(subscriptionId, expectedVersion);
  }

  /** Counts a failed attempt; returns the count after it. */
  async recordFailure(subscriptionId: string): Promise<number> {
    await this.model.updateOne({ subscriptionId }, { $inc: { consecutiveFailures: 1 } });
    return (await this.find(subscriptionId))?.consecutiveFailures ?? 0;
  }

  async recordSuccess(subscriptionId: string): Promise<void> {
    await this.model.updateOne({ subscriptionId, consecutiveFailures: { $gt: 0 } }, { $set: { consecutiveFailures: 0 } });
  }

  /** True for the one process that disabled it, so the owner is told once. */
  async disable(subscriptionId: string, reason: string, at: Date): Promise<boolean> {
    const { modifiedCount } = await this.model.updateOne(
      { subscriptionId, enabled: true },
      { $set: { enabled: false, disabledAt: at, disabledReason: reason, updatedAt: at, updatedBy: 'system' }, $inc: { version: 1 } },
    );
    return modifiedCount === 1;
  }

  private async explainStale(subscriptionId: string, expectedVersion: number): Promise<never> {
    const current = await this.find(subscriptionId);
    if (!current) throw new NotFoundError(`No webhook subscription "${subscriptionId}"`);
    throw new ConflictError('stale_version', `Subscription ${subscriptionId} changed since version ${expectedVersion} (now ${current.version}); reload it and try again`, [
      { path: '/body/version', message: `is stale; the current version is ${current.version}`, currentVersion: current.version },
    ]);
  }
}
