import type { Connection } from '../store/connection';
import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { OrgUnitGate } from '../identity/org-unit-gate';
import type { MaintenanceTask } from '../jobs/maintenance.job';
import type { Logger } from '../logger';
import { SETTLED_CLAIM_MS } from '../store/transition-claims';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryStore } from './delivery.store';
import { DispatchLoop } from './dispatch-loop';
import { NotificationStore } from './notification.store';
import { SubscriptionService } from './subscription.service';
import { SubscriptionStore } from './subscription.store';
import { WebhookAccess } from './webhook.access';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhookSink } from './webhook.sink';
import { SecretBox } from './webhook-secrets';
import type { WebhookSettings } from './webhook-settings';
import { httpTransport, type WebhookTransport } from './webhook.transport';

export interface WebhookDispatching {
  dispatcher: WebhookDispatcher;
  /** The periodic pass in this process (start it where deliveries should be sent from). */
  loop: DispatchLoop;
}

export interface Webhooks extends WebhookDispatching {
  sink: WebhookSink;
  /** Housekeeping for the maintenance job: dead claims, and the delivery log past its retention. */
  maintenance: MaintenanceTask[];
  subscriptions: SubscriptionService;
  log: DeliveryLogService;
}

/** What a process needs to send deliveries (the worker needs only this). */
export function createWebhookDispatching(
  connection: Connection,
  settings: WebhookSettings,
  logger: Logger,
  transport: WebhookTransport = httpTransport,
): WebhookDispatching {
  const dispatcher = new WebhookDispatcher(
    new DeliveryStore(connection),
    new SubscriptionStore(connection),
    new NotificationStore(connection),
    new SecretBox(settings.secretKey),
    settings,
    transport,
    logger.child({ component: 'webhooks' }),
  );
  return { dispatcher, loop: new DispatchLoop(() => dispatcher.deliverDue(), settings.dispatchIntervalMs, logger) };
}

/** The whole capability for the API process: subscriptions, the publishing sink, the log and the dispatcher. */
export function createWebhooks(
  connection: Connection,
  settings: WebhookSettings,
  orgScope: OrgScope,
  units: Pick<OrgUnitGate, 'assertAssignable'>,
  logger: Logger,
  audit: AuditLog,
): Webhooks {
  const subscriptionStore = new SubscriptionStore(connection);
  const deliveryStore = new DeliveryStore(connection);
  const access = new WebhookAccess(orgScope);
  const dispatching = createWebhookDispatching(connection, settings, logger);
  const kick = () => dispatching.loop.kick();
  return {
    ...dispatching,
    sink: new WebhookSink(subscriptionStore, deliveryStore, orgScope, kick),
    subscriptions: new SubscriptionService(
      subscriptionStore,
      deliveryStore,
      access,
      units,
      new SecretBox(settings.secretKey),
      settings.allowPrivateTargets,
      audit,
      kick,
    ),
    maintenance: webhookMaintenance(deliveryStore, settings),
    log: new DeliveryLogService(deliveryStore, subscriptionStore, new NotificationStore(connection), access, kick),
  };
}

const DAY_MS = 24 * 60 * 60_000;

function webhookMaintenance(deliveries: DeliveryStore, settings: WebhookSettings): MaintenanceTask[] {
  return [
    // A claim outlives its purpose within milliseconds; one older than the settled age was left by a dispatcher that died.
    { name: 'webhookClaims', run: (now) => deliveries.deleteClaimsBefore(new Date(now.getTime() - SETTLED_CLAIM_MS)) },
    { name: 'webhookDeliveriesExpired', run: (now) => deliveries.deleteFinishedBefore(new Date(now.getTime() - settings.logRetentionDays * DAY_MS)) },
  ];
}
