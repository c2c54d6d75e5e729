import { Schema, type Connection, type Model } from 'mongoose';
import { PLATFORM_EVENT_TYPES, type PlatformEventType } from '../events/platform-events';

export interface SubscriptionRecord {
  subscriptionId: string;
  orgUnit: string;
  url: string;
  description?: string;
  eventTypes: PlatformEventType[];
  enabled: boolean;
  /** The signing secret, encrypted (webhook-secrets.ts); never leaves the server after creation or rotation. */
  sealedSecret: string;
  secretHint: string;
  consecutiveFailures: number;
  /** Failures count from here: creation, or the latest time it was enabled again. */
  failuresSince: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  /** Optimistic concurrency for people's edits (and automatic disabling, which races with them). */
  version: number;
  owner: string;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

const subscriptionSchema = new Schema<SubscriptionRecord>(
  {
    subscriptionId: { type: String, required: true },
    orgUnit: { type: String, required: true },
    url: { type: String, required: true },
    description: { type: String },
    eventTypes: { type: [String], enum: PLATFORM_EVENT_TYPES, required: true },
    enabled: { type: Boolean, required: true },
    sealedSecret: { type: String, required: true },
    secretHint: { type: String, required: true },
    consecutiveFailures: { type: Number, required: true, default: 0 },
    failuresSince: { type: Date, required: true },
    disabledAt: { type: Date, default: null },
    disabledReason: { type: String, default: null },
    version: { type: Number, required: true },
    owner: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: true },
);
subscriptionSchema.index({ subscriptionId: 1 }, { unique: true });
subscriptionSchema.index({ enabled: 1, eventTypes: 1 });

/**
 * One row per version a subscription reaches (who, when, which fields). The unique index is
 * what makes optimistic concurrency hold on FerretDB, which applies concurrent conditional
 * updates without re-checking their filter: of two edits of version n, one inserts n+1 first.
 */
export interface SubscriptionRevisionRecord {
  subscriptionId: string;
  version: number;
  by: string;
  at: Date;
  /** Names of the fields changed (never their values: one of them may be the secret). */
  fields: string[];
}

const revisionSchema = new Schema<SubscriptionRevisionRecord>(
  {
    subscriptionId: { type: String, required: true },
    version: { type: Number, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    fields: { type: [String], required: true },
  },
  { versionKey: false },
);
revisionSchema.index({ subscriptionId: 1, version: 1 }, { unique: true });

export function subscriptionRevisionModel(connection: Connection): Model<SubscriptionRevisionRecord> {
  return (
    connection.models.WebhookSubscriptionRevision ??
    connection.model<SubscriptionRevisionRecord>('WebhookSubscriptionRevision', revisionSchema, 'webhook_subscription_revisions')
  );
}

export function subscriptionModel(connection: Connection): Model<SubscriptionRecord> {
  return connection.models.WebhookSubscription ?? connection.model<SubscriptionRecord>('WebhookSubscription', subscriptionSchema, 'webhook_subscriptions');
}
