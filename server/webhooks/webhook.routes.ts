import type {
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryIdParams,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookEventTypeList,
  WebhookNotification,
  WebhookNotificationIdParams,
  WebhookNotificationList,
  WebhookNotificationQuery,
  WebhookPayload,
  WebhookSubscription,
  WebhookSubscriptionCreateRequest,
  WebhookSubscriptionCreated,
  WebhookSubscriptionDeleteQuery,
  WebhookSubscriptionIdParams,
  WebhookSubscriptionList,
  WebhookSubscriptionQuery,
  WebhookSubscriptionUpdateRequest,
  WebhookSubscriptionVersionRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { DeliveryLogService } from './delivery-log.service';
import { PLATFORM_EVENT_TYPES } from '../events/platform-events';
import type { SubscriptionService } from './subscription.service';
import { toAttemptView, toDeliveryView, toNotificationView, toSubscriptionView } from './webhook.views';

/** Everyone signed in reads within their scope; admins and integration keys manage (admin always passes). */
const READERS = { roles: ['policy-owner', 'approver', 'branch-operator', 'auditor', 'integration'] } as const;
const MANAGERS = { roles: ['integration'] } as const;
const TAG = 'webhooks';
const SUBSCRIPTION = '/webhooks/subscriptions/:subscriptionId';

export function registerWebhookRoutes(routes: RouteRegistry, subscriptions: SubscriptionService, log: DeliveryLogService): void {
  routes.add({
    method: 'get',
    path: '/webhooks/event-types',
    tag: TAG,
    summary: 'The event types a subscription can receive',
    auth: READERS,
    responses: { 200: { description: 'Event types', schema: 'webhooks/webhook-event-type-list' } },
    handler: (): WebhookEventTypeList => ({ items: [...PLATFORM_EVENT_TYPES] }),
  });

  routes.add<unknown, WebhookSubscriptionQuery>({
    method: 'get',
    path: '/webhooks/subscriptions',
    tag: TAG,
    summary: 'Subscriptions of your unit and the units below it',
    auth: READERS,
    query: 'webhooks/webhook-subscription-query',
    responses: { 200: { description: 'Subscriptions (never their secrets)', schema: 'webhooks/webhook-subscription-list' } },
    handler: async ({ principal, query }): Promise<WebhookSubscriptionList> => ({
      items: (await subscriptions.list(principal, query)).map(toSubscriptionView),
    }),
  });

  routes.add<WebhookSubscriptionCreateRequest>({
    method: 'post',
    path: '/webhooks/subscriptions',
    tag: TAG,
    summary: 'Subscribe a URL to event types of a unit and its subtree; the signing secret is in this response only',
    auth: MANAGERS,
    body: 'webhooks/webhook-subscription-create-request',
    responses: { 201: { description: 'Created', schema: 'webhooks/webhook-subscription-created' }, 403: { description: 'The unit is outside your scope' } },
    handler: async ({ principal, body }): Promise<WebhookSubscriptionCreated> => {
      const created = await subscriptions.create(principal, body);
      return { subscription: toSubscriptionView(created.record), secret: created.secret };
    },
  });

  routes.add<unknown, unknown, WebhookSubscriptionIdParams>({
    method: 'get',
    path: SUBSCRIPTION,
    tag: TAG,
    summary: 'One subscription',
    auth: READERS,
    params: 'webhooks/webhook-subscription-id-params',
    responses: {
      200: { description: 'The subscription', schema: 'webhooks/webhook-subscription' },
      404: { description: 'No such subscription in your scope' },
    },
    handler: async ({ principal, params }): Promise<WebhookSubscription> => toSubscriptionView(await subscriptions.get(principal, params.subscriptionId)),
  });

  routes.add<WebhookSubscriptionUpdateRequest, unknown, WebhookSubscriptionIdParams>({
    method: 'patch',
    path: SUBSCRIPTION,
    tag: TAG,
    summary: 'Change URL, description or event types; enable or disable (send `version`; stale → 409)',
    params: 'webhooks/webhook-subscription-id-params',
    auth: MANAGERS,
    body: 'webhooks/webhook-subscription-update-request',
    responses: {
      200: { description: 'Updated', schema: 'webhooks/webhook-subscription' },
      404: { description: 'No such subscription in your scope' },
      409: { description: 'Stale version' },
    },
    handler: async ({ principal, params, body }): Promise<WebhookSubscription> =>
      toSubscriptionView(await subscriptions.update(principal, params.subscriptionId, body)),
  });

  routes.add<WebhookSubscriptionVersionRequest, unknown, WebhookSubscriptionIdParams>({
    method: 'post',
    path: `${SUBSCRIPTION}/rotate-secret`,
    tag: TAG,
    summary: 'Replace the signing secret; the new one is in this response only and signs every later attempt',
    params: 'webhooks/webhook-subscription-id-params',
    auth: MANAGERS,
    body: 'webhooks/webhook-subscription-version-request',
    responses: { 200: { description: 'Rotated', schema: 'webhooks/webhook-subscription-created' }, 409: { description: 'Stale version' } },
    handler: async ({ principal, params, body }): Promise<WebhookSubscriptionCreated> => {
      const rotated = await subscriptions.rotateSecret(principal, params.subscriptionId, body.version);
      return { subscription: toSubscriptionView(rotated.record), secret: rotated.secret };
    },
  });

  routes.add<unknown, WebhookSubscriptionDeleteQuery, WebhookSubscriptionIdParams>({
    method: 'delete',
    path: SUBSCRIPTION,
    tag: TAG,
    summary: 'Delete a subscription (`?version=`; stale → 409); its pending deliveries are cancelled, the log stays',
    params: 'webhooks/webhook-subscription-id-params',
    auth: MANAGERS,
    query: 'webhooks/webhook-subscription-delete-query',
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such subscription in your scope' }, 409: { description: 'Stale version' } },
    handler: async ({ principal, params, query }): Promise<void> => subscriptions.remove(principal, params.subscriptionId, query.version),
  });

  routes.add<unknown, WebhookDeliveryQuery>({
    method: 'get',
    path: '/webhooks/deliveries',
    tag: TAG,
    summary: 'The delivery log, newest first: filter by subscription, state, event type or id, and time',
    auth: READERS,
    query: 'webhooks/webhook-delivery-query',
    responses: { 200: { description: 'Deliveries', schema: 'webhooks/webhook-delivery-list' } },
    handler: async ({ principal, query }): Promise<WebhookDeliveryList> => {
      const page = await log.page(principal, query);
      return { ...page, items: page.items.map(toDeliveryView) };
    },
  });

  routes.add<unknown, unknown, WebhookDeliveryIdParams>({
    method: 'get',
    path: '/webhooks/deliveries/:deliveryId',
    tag: TAG,
    summary: 'One delivery with the body sent and every attempt',
    auth: READERS,
    params: 'webhooks/webhook-delivery-id-params',
    responses: { 200: { description: 'The delivery', schema: 'webhooks/webhook-delivery-detail' }, 404: { description: 'No such delivery in your scope' } },
    handler: async ({ principal, params }): Promise<WebhookDeliveryDetail> => {
      const { delivery, attempts } = await log.detail(principal, params.deliveryId);
      return { delivery: toDeliveryView(delivery), payload: JSON.parse(delivery.body) as WebhookPayload, attemptLog: attempts.map(toAttemptView) };
    },
  });

  routes.add<unknown, unknown, WebhookDeliveryIdParams>({
    method: 'post',
    path: '/webhooks/deliveries/:deliveryId/replay',
    tag: TAG,
    summary: 'Send a finished delivery again: a new round of attempts, same id and body, fresh signature',
    params: 'webhooks/webhook-delivery-id-params',
    auth: MANAGERS,
    responses: {
      202: { description: 'Queued', schema: 'webhooks/webhook-delivery' },
      404: { description: 'No such delivery in your scope' },
      409: { description: 'Still being attempted, or its subscription is disabled or deleted' },
    },
    handler: async ({ principal, params }): Promise<WebhookDelivery> => toDeliveryView(await log.replay(principal, params.deliveryId)),
  });

  routes.add<unknown, WebhookNotificationQuery>({
    method: 'get',
    path: '/webhooks/notifications',
    tag: TAG,
    summary: 'Notifications about subscriptions in your scope (e.g. disabled after repeated failures)',
    auth: READERS,
    query: 'webhooks/webhook-notification-query',
    responses: { 200: { description: 'Notifications, newest first', schema: 'webhooks/webhook-notification-list' } },
    handler: async ({ principal, query }): Promise<WebhookNotificationList> => {
      const items = await log.listNotifications(principal, query);
      return { items: items.map(toNotificationView), unread: items.filter((item) => item.readAt === null).length };
    },
  });

  routes.add<unknown, unknown, WebhookNotificationIdParams>({
    method: 'post',
    path: '/webhooks/notifications/:notificationId/read',
    tag: TAG,
    summary: 'Mark a notification read',
    auth: READERS,
    params: 'webhooks/webhook-notification-id-params',
    responses: {
      200: { description: 'The notification', schema: 'webhooks/webhook-notification' },
      404: { description: 'No such notification in your scope' },
    },
    handler: async ({ principal, params }): Promise<WebhookNotification> => toNotificationView(await log.markRead(principal, params.notificationId)),
  });
}
