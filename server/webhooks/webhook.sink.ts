import { randomBytes } from 'node:crypto';
import { isVisible, type OrgScope } from '../authority/org-scope';
import type { Logger } from '../logger';
import type { DeliveryRecord } from './delivery.model';
import type { DeliveryStore } from './delivery.store';
import type { PlatformEvent, PlatformEventSink } from '../events/platform-events';
import type { SubscriptionStore } from './subscription.store';
import { eventProblems, webhookBody } from './webhook-payload';

/**
 * Publishing is a durable outbox: one delivery document per enabled subscription of the
 * event's unit or a unit above it, written before anything is sent, so an event survives a
 * crash and reaches each subscription once however often it is published.
 */
export class WebhookSink implements PlatformEventSink {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    private readonly orgScope: OrgScope,
    /** Asks this process's dispatcher to send soon rather than at its next tick. */
    private readonly onQueued: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async publish(event: PlatformEvent): Promise<void> {
    await this.publishMany([event]);
  }

  /** One read of the enabled subscriptions for the whole batch, and one insert of its deliveries. */
  async publishMany(events: readonly PlatformEvent[]): Promise<void> {
    for (const event of events) {
      const problems = eventProblems(event);
      if (problems.length > 0) throw new Error(`Invalid platform event: ${problems.join('; ')}`);
    }
    const subscriptions = await this.subscriptions.list({ enabled: true });
    if (subscriptions.length === 0) return;
    // HQ hears everything, even about a unit the tree does not know (yet).
    const covers = (unit: string, eventUnit: string) => isVisible(this.orgScope, { orgUnit: unit }, eventUnit);
    const now = this.clock();
    const records: DeliveryRecord[] = [];
    for (const event of events) {
      const body = webhookBody(event);
      for (const subscription of subscriptions) {
        if (!subscription.eventTypes.includes(event.type) || !(await covers(subscription.orgUnit, event.orgUnit))) continue;
        records.push({
          deliveryId: `whd_${randomBytes(12).toString('hex')}`,
          subscriptionId: subscription.subscriptionId,
          orgUnit: subscription.orgUnit,
          eventId: event.id,
          eventType: event.type,
          eventOrgUnit: event.orgUnit,
          body,
          state: 'pending',
          claimVersion: 0,
          leaseOwner: null,
          leaseUntil: null,
          attempts: 0,
          roundAttempts: 0,
          replays: 0,
          nextAttemptAt: now,
          lastStatus: null,
          lastLatencyMs: null,
          lastError: null,
          createdAt: now,
          completedAt: null,
        });
      }
    }
    if ((await this.deliveries.insertAllIfAbsent(records)) > 0) this.onQueued();
  }
}

/**
 * For producers whose own work is already done when they announce it (a publication is
 * stored): a failed publish is logged instead of failing a request that did succeed.
 */
export function loggedSink(sink: PlatformEventSink, logger: Logger): PlatformEventSink {
  return {
    publish: (event) => sink.publish(event).catch((error: unknown) => logger.error({ err: error, eventId: event.id }, 'publishing a platform event failed')),
  };
}
