import { useCallback, useEffect, useState } from 'react';
import type { PrincipalView } from '../api/types';
import {
  webhookEndpoints,
  type WebhookDeliveryState,
  type WebhookEventType,
  type WebhookNotification,
  type WebhookSubscription,
  type WebhookSubscriptionCreated,
} from '../api/webhook-endpoints';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Status';
import { applyFilters, readFilters, useSearch } from '../monitoring/search';
import { DeliveryLog } from '../webhooks/DeliveryLog';
import { NotificationsPanel } from '../webhooks/NotificationsPanel';
import { SecretNotice } from '../webhooks/SecretNotice';
import { SubscriptionForm } from '../webhooks/SubscriptionForm';
import { SubscriptionsTable } from '../webhooks/SubscriptionsTable';

const DEFAULTS = { subscription: '', state: '' };

/** Webhook subscriptions in the user's scope, their delivery log with replay, and the notifications for owners. */
export function WebhooksPage({ me }: { me: PrincipalView }) {
  // The delivery log's subscription and state live in the address (reload and back/forward keep them).
  const filters = readFilters(useSearch(), DEFAULTS);
  const selected = filters.subscription || undefined;
  const setSelected = (subscription: string | undefined) => applyFilters({ ...filters, subscription: subscription ?? '' }, DEFAULTS);
  const canManage = me.roles.some((role) => role === 'admin' || role === 'integration');
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>([]);
  const [subscriptions, setSubscriptions] = useState<WebhookSubscription[]>();
  const [notifications, setNotifications] = useState<WebhookNotification[]>([]);
  const [secret, setSecret] = useState<WebhookSubscriptionCreated>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [error, setError] = useState<unknown>();

  const reload = useCallback(async () => {
    try {
      const [list, told] = await Promise.all([webhookEndpoints.subscriptions(), webhookEndpoints.notifications()]);
      setSubscriptions(list.items);
      setNotifications(told.items);
      setRefreshKey((key) => key + 1);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    webhookEndpoints.eventTypes().then((types) => setEventTypes(types.items), setError);
    void reload();
  }, [reload]);

  const showSecret = (created: WebhookSubscriptionCreated) => {
    setSecret(created);
    void reload();
  };

  return (
    <>
      <h1>外发通知 Webhooks</h1>
      <p className="muted">
        Subscriptions receive the events of their org unit and every unit below it, signed with HMAC-SHA256 (see docs/webhooks.md for the receiver's check).
      </p>
      <ErrorView error={error} onDismiss={() => setError(undefined)} />
      <NotificationsPanel items={notifications} onChanged={() => void reload()} onError={setError} />
      {secret && <SecretNotice secret={secret.secret} subscriptionId={secret.subscription.subscriptionId} onDismiss={() => setSecret(undefined)} />}
      <section className="card">
        <h2>订阅 Subscriptions</h2>
        {subscriptions ? (
          <SubscriptionsTable
            items={subscriptions}
            canManage={canManage}
            selected={selected}
            onSelect={setSelected}
            onChanged={() => void reload()}
            onSecret={showSecret}
            onError={setError}
          />
        ) : (
          <Loading when />
        )}
      </section>
      {canManage && <SubscriptionForm me={me} eventTypes={eventTypes} onCreated={showSecret} />}
      <DeliveryLog
        subscriptionId={selected}
        state={filters.state as WebhookDeliveryState | ''}
        onState={(state) => applyFilters({ ...filters, state }, DEFAULTS)}
        canManage={canManage}
        refreshKey={refreshKey}
      />
    </>
  );
}
