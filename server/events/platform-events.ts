import { WEBHOOK_EVENT_TYPE_VALUES, type WebhookEventType } from '../generated/schema-types';

/**
 * What the platform tells the outside world about, as schemas/webhooks/webhook-event-type.json
 * lists it. Producers (monitoring, claims, rule sets) publish here; the webhook module turns each
 * event into signed deliveries to the subscriptions of the event's org unit and the units above
 * it. `claim.withdrawal-advised`: the obligor repaid before the claim period, so the insured is to
 * be told and advised to withdraw its claim (Art. 16(1)3).
 */
export const PLATFORM_EVENT_TYPES = WEBHOOK_EVENT_TYPE_VALUES;

export type PlatformEventType = WebhookEventType;

export interface PlatformEvent {
  /** Stable for the fact it reports (e.g. `alert.raised:<alertId>:<revision>`), so a job that runs twice publishes once. */
  id: string;
  type: PlatformEventType;
  /** The org unit answerable for what happened (HQ for internet business). */
  orgUnit: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export interface PlatformEventSink {
  publish(event: PlatformEvent): Promise<void>;
  /** Many events at once, for producers with thousands a run (the daily monitoring); same effect as publishing each. */
  publishMany?(events: readonly PlatformEvent[]): Promise<void>;
}
