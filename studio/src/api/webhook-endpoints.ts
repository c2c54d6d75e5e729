import { api } from './client';
// Shapes from schemas/webhooks/ (through the generated types), imported type-only.
import type {
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryList,
  WebhookDeliveryState,
  WebhookEventType,
  WebhookNotification,
  WebhookNotificationList,
  WebhookSubscription,
  WebhookSubscriptionCreateRequest,
  WebhookSubscriptionCreated,
  WebhookSubscriptionList,
  WebhookSubscriptionUpdateRequest,
} from '../../../server/generated/schema-types';

export type {
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryState,
  WebhookEventType,
  WebhookNotification,
  WebhookSubscription,
  WebhookSubscriptionCreateRequest,
  WebhookSubscriptionCreated,
};

const subscription = (id: string) => `/webhooks/subscriptions/${encodeURIComponent(id)}`;

/** The webhook calls the studio makes, one per endpoint. */
export const webhookEndpoints = {
  eventTypes: () => api<{ items: WebhookEventType[] }>('GET', '/webhooks/event-types'),
  subscriptions: () => api<WebhookSubscriptionList>('GET', '/webhooks/subscriptions'),
  create: (body: WebhookSubscriptionCreateRequest) => api<WebhookSubscriptionCreated>('POST', '/webhooks/subscriptions', body),
  update: (id: string, body: WebhookSubscriptionUpdateRequest) => api<WebhookSubscription>('PATCH', subscription(id), body),
  rotateSecret: (id: string, version: number) => api<WebhookSubscriptionCreated>('POST', `${subscription(id)}/rotate-secret`, { version }),
  remove: (id: string, version: number) => api<void>('DELETE', `${subscription(id)}?version=${version}`),
  deliveries: (filter: { subscriptionId?: string; state?: WebhookDeliveryState | ''; before?: string }, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: '50' });
    if (filter.subscriptionId) query.set('subscriptionId', filter.subscriptionId);
    if (filter.state) query.set('state', filter.state);
    if (filter.before) query.set('before', filter.before);
    return api<WebhookDeliveryList>('GET', `/webhooks/deliveries?${query}`, undefined, signal);
  },
  delivery: (id: string) => api<WebhookDeliveryDetail>('GET', `/webhooks/deliveries/${encodeURIComponent(id)}`),
  replay: (id: string) => api<WebhookDelivery>('POST', `/webhooks/deliveries/${encodeURIComponent(id)}/replay`),
  notifications: () => api<WebhookNotificationList>('GET', '/webhooks/notifications?limit=20'),
  markRead: (id: string) => api<WebhookNotification>('POST', `/webhooks/notifications/${encodeURIComponent(id)}/read`),
};
