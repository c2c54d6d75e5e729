import { Schema, type Connection, type Model } from 'mongoose';
import { PLATFORM_EVENT_TYPES, type PlatformEventType } from '../events/platform-events';
import { WEBHOOK_DELIVERY_STATE_VALUES, type WebhookDeliveryState } from '../generated/schema-types';

/** A delivery's states, as schemas/webhooks/webhook-delivery-state.json lists them. */
export const DELIVERY_STATES = WEBHOOK_DELIVERY_STATE_VALUES;
export type DeliveryState = WebhookDeliveryState;

/** The outbox: one document per (subscription, event), written when the event is published. */
export interface DeliveryRecord {
  deliveryId: string;
  subscriptionId: string;
  /** The subscription's unit (scopes who may read the log). */
  orgUnit: string;
  eventId: string;
  eventType: PlatformEventType;
  eventOrgUnit: string;
  /** The exact bytes sent on every attempt. */
  body: string;
  state: DeliveryState;
  /** Bumped by every claim and completion: a dispatcher only writes the state it claimed. */
  claimVersion: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  attempts: number;
  /** Attempts since creation or the latest replay; the retry budget counts these. */
  roundAttempts: number;
  replays: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** One row of the delivery log per attempt. */
export interface AttemptRecord {
  deliveryId: string;
  subscriptionId: string;
  orgUnit: string;
  number: number;
  at: Date;
  outcome: 'succeeded' | 'failed';
  status: number | null;
  latencyMs: number;
  error: string | null;
  retryInMs: number | null;
  replay: boolean;
}

const deliverySchema = new Schema<DeliveryRecord>(
  {
    deliveryId: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    orgUnit: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, enum: PLATFORM_EVENT_TYPES, required: true },
    eventOrgUnit: { type: String, required: true },
    body: { type: String, required: true },
    state: { type: String, enum: DELIVERY_STATES, required: true },
    claimVersion: { type: Number, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    attempts: { type: Number, required: true },
    roundAttempts: { type: Number, required: true },
    replays: { type: Number, required: true },
    nextAttemptAt: { type: Date, default: null },
    lastStatus: { type: Number, default: null },
    lastLatencyMs: { type: Number, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
deliverySchema.index({ deliveryId: 1 }, { unique: true });
// Publishing the same event twice must not deliver it twice.
deliverySchema.index({ subscriptionId: 1, eventId: 1 }, { unique: true });
deliverySchema.index({ state: 1, nextAttemptAt: 1 });
deliverySchema.index({ createdAt: -1, deliveryId: -1 });
// The delivery log's pages: always scoped to units (HQ's are all of them), newest first (delivery.store.ts: BY_CREATED).
deliverySchema.index({ orgUnit: 1, createdAt: -1, deliveryId: -1 });

const attemptSchema = new Schema<AttemptRecord>(
  {
    deliveryId: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    orgUnit: { type: String, required: true },
    number: { type: Number, required: true },
    at: { type: Date, required: true },
    outcome: { type: String, enum: ['succeeded', 'failed'], required: true },
    status: { type: Number, default: null },
    latencyMs: { type: Number, required: true },
    error: { type: String, default: null },
    retryInMs: { type: Number, default: null },
    replay: { type: Boolean, default: false },
  },
  { versionKey: false },
);
attemptSchema.index({ deliveryId: 1, number: 1 });
attemptSchema.index({ subscriptionId: 1, at: -1 });

export function deliveryModel(connection: Connection): Model<DeliveryRecord> {
  return connection.models.WebhookDelivery ?? connection.model<DeliveryRecord>('WebhookDelivery', deliverySchema, 'webhook_deliveries');
}

export function attemptModel(connection: Connection): Model<AttemptRecord> {
  return connection.models.WebhookAttempt ?? connection.model<AttemptRecord>('WebhookAttempt', attemptSchema, 'webhook_attempts');
}
