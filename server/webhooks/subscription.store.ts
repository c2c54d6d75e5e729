import type { Connection, Model } from 'mongoose';
import { ConflictError, NotFoundError } from '../http/errors';
import { isDuplicateKeyError } from '../store/mongo-errors';
import type { PlatformEventType } from '../events/platform-events';
import { subscriptionModel, subscriptionRevisionModel, type SubscriptionRecord, type SubscriptionRevisionRecord } from './subscription.model';

export type SubscriptionChanges = Partial<
  Pick<
    SubscriptionRecord,
    'url' | 'description' | 'eventTypes' | 'enabled' | 'sealedSecret' | 'secretHint' | 'consecutiveFailures' | 'failuresSince' | 'disabledAt' | 'disabledReason'
  >
>;

export class SubscriptionStore {
  private readonly model: Model<SubscriptionRecord>;
  private readonly revisions: Model<SubscriptionRevisionRecord>;

  constructor(connection: Connection) {
    this.model = subscriptionModel(connection);
    this.revisions = subscriptionRevisionModel(connection);
  }

  async insert(record: SubscriptionRecord): Promise<SubscriptionRecord> {
    await this.revisions.create({
      subscriptionId: record.subscriptionId,
      version: record.version,
      by: record.owner,
      at: record.createdAt,
      fields: ['created'],
    });
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

  /** Applies a change only if nobody changed the subscription since `expectedVersion` (409 otherwise). */
  async update(subscriptionId: string, expectedVersion: number, changes: SubscriptionChanges, actor: string, at: Date): Promise<SubscriptionRecord> {
    await this.takeVersion(subscriptionId, expectedVersion, actor, at, Object.keys(changes));
    await this.model.updateOne({ subscriptionId, version: expectedVersion }, { $set: { ...changes, updatedAt: at, updatedBy: actor }, $inc: { version: 1 } });
    return (await this.find(subscriptionId))!;
  }

  async delete(subscriptionId: string, expectedVersion: number, actor: string, at: Date): Promise<void> {
    await this.takeVersion(subscriptionId, expectedVersion, actor, at, ['deleted'], undefined, '/query/version');
    await this.model.deleteOne({ subscriptionId, version: expectedVersion });
  }

  /** Bookkeeping of the dispatcher, outside the version: it must not make people's edits stale. */
  async setFailureCount(subscriptionId: string, consecutiveFailures: number): Promise<void> {
    await this.model.updateOne({ subscriptionId }, { $set: { consecutiveFailures } });
  }

  async recordSuccess(subscriptionId: string): Promise<void> {
    await this.model.updateOne({ subscriptionId, consecutiveFailures: { $gt: 0 } }, { $set: { consecutiveFailures: 0 } });
  }

  /** Disables the version read; true for the one process that did it, so the owner is told once. */
  async disable(current: SubscriptionRecord, reason: string, at: Date): Promise<boolean> {
    try {
      await this.takeVersion(current.subscriptionId, current.version, 'system', at, ['enabled'], current);
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) return false;
      throw error;
    }
    await this.model.updateOne(
      { subscriptionId: current.subscriptionId, version: current.version },
      { $set: { enabled: false, disabledAt: at, disabledReason: reason, updatedAt: at, updatedBy: 'system' }, $inc: { version: 1 } },
    );
    return true;
  }

  /** Claims version n+1 for one writer: the unique revision row decides between concurrent ones. */
  private async takeVersion(
    subscriptionId: string,
    expectedVersion: number,
    by: string,
    at: Date,
    fields: string[],
    known?: SubscriptionRecord,
    versionPath = '/body/version',
  ): Promise<void> {
    const current = known ?? (await this.find(subscriptionId));
    if (!current) throw new NotFoundError(`No webhook subscription "${subscriptionId}"`);
    if (current.version !== expectedVersion) throw stale(subscriptionId, expectedVersion, current.version, versionPath);
    try {
      await this.revisions.create({ subscriptionId, version: expectedVersion + 1, by, at, fields });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw stale(subscriptionId, expectedVersion, expectedVersion + 1, versionPath);
      throw error;
    }
  }
}

function stale(subscriptionId: string, expectedVersion: number, currentVersion: number, path: string): ConflictError {
  return new ConflictError(
    'stale_version',
    `Subscription ${subscriptionId} changed since version ${expectedVersion} (now ${currentVersion}); reload it and try again`,
    [{ path, message: `is stale; the current version is ${currentVersion}`, currentVersion }],
  );
}
