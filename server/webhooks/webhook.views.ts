import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookNotification, WebhookSubscription } from '../generated/schema-types';
import type { AttemptRecord, DeliveryRecord } from './delivery.model';
import type { NotificationRecord } from './notification.model';
import type { SubscriptionRecord } from './subscription.model';

const iso = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : null);

export function toSubscriptionView(record: SubscriptionRecord): WebhookSubscription {
  return {
    subscriptionId: record.subscriptionId,
    orgUnit: record.orgUnit,
    url: record.url,
    ...(record.description ? { description: record.description } : {}),
    eventTypes: record.eventTypes,
    enabled: record.enabled,
    secretHint: record.secretHint,
    consecutiveFailures: record.consecutiveFailures,
    disabledAt: iso(record.disabledAt),
    disabledReason: record.disabledReason,
    version: record.version,
    owner: record.owner,
    createdAt: iso(record.createdAt)!,
    updatedAt: iso(record.updatedAt)!,
    updatedBy: record.updatedBy,
  };
}

export function toDeliveryView(record: DeliveryRecord): WebhookDelivery {
  return {
    deliveryId: record.deliveryId,
    subscriptionId: record.subscriptionId,
    orgUnit: record.orgUnit,
    eventId: record.eventId,
    eventType: record.eventType,
    eventOrgUnit: record.eventOrgUnit,
    state: record.state,
    attempts: record.attempts,
    replays: record.replays,
    nextAttemptAt: iso(record.nextAttemptAt),
    lastStatus: record.lastStatus,
    lastLatencyMs: record.lastLatencyMs,
    lastError: record.lastError,
    createdAt: iso(record.createdAt)!,
    completedAt: iso(record.completedAt),
  };
}

export function toAttemptView(record: AttemptRecord): WebhookDeliveryAttempt {
  return {
    number: record.number,
    at: iso(record.at)!,
    outcome: record.outcome,
    status: record.status,
    latencyMs: record.latencyMs,
    error: record.error,
    retryInMs: record.retryInMs,
    ...(record.replay ? { replay: true } : {}),
  };
}

export function toNotificationView(record: NotificationRecord): WebhookNotification {
  return {
    notificationId: record.notificationId,
    kind: record.kind,
    subscriptionId: record.subscriptionId,
    orgUnit: record.orgUnit,
    recipient: record.recipient,
    message: record.message,
    createdAt: iso(record.createdAt)!,
    readAt: iso(record.readAt),
    readBy: record.readBy,
  };
}
