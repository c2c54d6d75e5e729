/**
 * What the platform tells the outside world about. Producers (monitoring, claims, rule sets)
 * publish here; the webhook module turns each event into signed deliveries to the
 * subscriptions of the event's org unit and the units above it.
 */
export const PLATFORM_EVENT_TYPES = [
  'alert.raised',
  'alert.changed',
  'alert.closed',
  'task.created',
  'task.overdue',
  'claim.opened',
  'claim.suspended',
  /** The obligor repaid before the claim period: the insured is to be told and advised to withdraw its claim (Art. 16(1)3). */
  'claim.withdrawal-advised',
  'ruleset.published',
] as const;

export type PlatformEventType = (typeof PLATFORM_EVENT_TYPES)[number];

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
