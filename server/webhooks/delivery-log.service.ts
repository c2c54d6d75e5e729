import type { WebhookDeliveryQuery, WebhookNotificationQuery } from '../generated/schema-types';
import { ConflictError, NotFoundError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { AttemptRecord, DeliveryRecord } from './delivery.model';
import type { KeysetPage } from '../store/keyset-page';
import type { DeliveryStore } from './delivery.store';
import type { NotificationRecord } from './notification.model';
import type { NotificationStore } from './notification.store';
import type { SubscriptionStore } from './subscription.store';
import type { WebhookAccess } from './webhook.access';

/** The delivery log, replays, and the notifications that tell owners about disabled subscriptions. */
export class DeliveryLogService {
  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly notifications: NotificationStore,
    private readonly access: WebhookAccess,
    private readonly onQueued: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async page(principal: Principal, query: WebhookDeliveryQuery): Promise<KeysetPage<DeliveryRecord>> {
    this.access.assertUsable(principal);
    return this.deliveries.page(
      {
        orgUnits: await this.access.visibleUnits(principal),
        subscriptionId: query.subscriptionId,
        state: query.state,
        eventType: query.eventType,
        eventId: query.eventId,
        from: query.from ? new Date(query.from) : undefined,
      },
      { before: query.before, limit: query.limit ?? 100 },
    );
  }

  async detail(principal: Principal, deliveryId: string): Promise<{ delivery: DeliveryRecord; attempts: AttemptRecord[] }> {
    const delivery = await this.require(principal, deliveryId);
    return { delivery, attempts: await this.deliveries.attemptsOf(deliveryId) };
  }

  /** Sends a finished delivery again (same id, same body, fresh signature) with a new round of attempts. */
  async replay(principal: Principal, deliveryId: string): Promise<DeliveryRecord> {
    const delivery = await this.require(principal, deliveryId);
    if (delivery.state === 'pending' || delivery.state === 'in-flight') {
      throw new ConflictError('delivery_in_progress', `Delivery ${deliveryId} is ${delivery.state}; it is still being attempted`);
    }
    const subscription = await this.subscriptions.find(delivery.subscriptionId);
    if (!subscription) throw new ConflictError('subscription_deleted', `The subscription of delivery ${deliveryId} was deleted`);
    if (!subscription.enabled)
      throw new ConflictError('subscription_disabled', `Subscription ${subscription.subscriptionId} is disabled; enable it before replaying`);
    if (!(await this.deliveries.replay(delivery, this.clock()))) {
      throw new ConflictError('stale_version', `Delivery ${deliveryId} changed meanwhile; reload it and try again`);
    }
    this.onQueued();
    return (await this.deliveries.find(deliveryId))!;
  }

  async listNotifications(principal: Principal, query: WebhookNotificationQuery): Promise<NotificationRecord[]> {
    this.access.assertUsable(principal);
    return this.notifications.list({
      orgUnits: await this.access.visibleUnits(principal),
      unread: query.unread,
      recipient: query.mine ? actorName(principal) : undefined,
      limit: query.limit ?? 100,
    });
  }

  async markRead(principal: Principal, notificationId: string): Promise<NotificationRecord> {
    this.access.assertUsable(principal);
    const notification = await this.notifications.find(notificationId);
    if (!notification || !(await this.access.canSee(principal, notification.orgUnit))) throw new NotFoundError(`No notification "${notificationId}"`);
    return (await this.notifications.markRead(notificationId, actorName(principal), this.clock()))!;
  }

  private async require(principal: Principal, deliveryId: string): Promise<DeliveryRecord> {
    this.access.assertUsable(principal);
    const delivery = await this.deliveries.find(deliveryId);
    if (!delivery || !(await this.access.canSee(principal, delivery.orgUnit))) throw new NotFoundError(`No webhook delivery "${deliveryId}"`);
    return delivery;
  }
}
