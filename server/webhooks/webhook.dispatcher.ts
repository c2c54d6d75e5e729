import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../logger';
import type { DeliveryRecord } from './delivery.model';
import type { DeliveryStore } from './delivery.store';
import type { NotificationStore } from './notification.store';
import type { SubscriptionRecord } from './subscription.model';
import type { SubscriptionStore } from './subscription.store';
import { afterFailure } from './webhook-backoff';
import type { SecretBox } from './webhook-secrets';
import type { WebhookSettings } from './webhook-settings';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature';
import type { PostResult, WebhookTransport } from './webhook.transport';

const BATCH = 25;
const PARALLEL = 4;
/** A dispatcher that dies mid-attempt holds its deliveries this long beyond the timeout. */
const LEASE_MARGIN_MS = 30_000;
const USER_AGENT = 'policy-platform-webhooks/1';

export interface DispatchSummary {
  attempted: number;
  succeeded: number;
  failed: number;
}

/**
 * Sends due deliveries. Safe with several dispatchers on one database (API processes and
 * workers): each delivery is claimed atomically before its attempt, and every write after the
 * attempt is conditional on that claim.
 */
export class WebhookDispatcher {
  readonly processId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly notifications: NotificationStore,
    private readonly secrets: SecretBox,
    private readonly settings: WebhookSettings,
    private readonly transport: WebhookTransport,
    private readonly logger: Logger,
    private readonly random: () => number = Math.random,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** One pass: every delivery due at `now` gets at most one attempt. */
  async deliverDue(now: Date = this.clock()): Promise<DispatchSummary> {
    const summary: DispatchSummary = { attempted: 0, succeeded: 0, failed: 0 };
    // Deliveries of disabled subscriptions stay pending (held) until the subscription is enabled again.
    const enabled = new Map((await this.subscriptions.list({ enabled: true })).map((record) => [record.subscriptionId, record]));
    if (enabled.size === 0) return summary;
    const seen: string[] = [];
    for (;;) {
      const due = await this.deliveries.findDue(now, [...enabled.keys()], seen, BATCH);
      if (due.length === 0) break;
      seen.push(...due.map((delivery) => delivery.deliveryId));
      const queue = [...due];
      await Promise.all(
        Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
          for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
            const outcome = await this.attempt(delivery, enabled.get(delivery.subscriptionId)!, now);
            if (outcome === undefined) continue;
            summary.attempted += 1;
            summary[outcome ? 'succeeded' : 'failed'] += 1;
          }
        }),
      );
      if (due.length < BATCH) break;
    }
    return summary;
  }

  /** Claims and sends one delivery; undefined when another dispatcher had it. */
  private async attempt(delivery: DeliveryRecord, subscription: SubscriptionRecord, now: Date): Promise<boolean | undefined> {
    const claim = await this.deliveries.claim(delivery, this.processId, new Date(now.getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS));
    if (claim === undefined) return undefined;
    const number = delivery.attempts + 1;
    const round = delivery.roundAttempts + 1;
    const result = await this.send(delivery, subscription, number);
    const at = this.clock();
    const ok = result.error === null;
    const next = ok ? undefined : afterFailure(round, this.settings.retry, this.random);
    const retryInMs = next?.retry ? next.delayMs : null;
    await this.deliveries.recordAttempt({
      deliveryId: delivery.deliveryId,
      subscriptionId: delivery.subscriptionId,
      orgUnit: delivery.orgUnit,
      number,
      at,
      outcome: ok ? 'succeeded' : 'failed',
      status: result.status,
      latencyMs: result.latencyMs,
      error: result.error,
      retryInMs,
      replay: delivery.replays > 0 && delivery.roundAttempts === 0,
    });
    const last = { lastStatus: result.status, lastLatencyMs: result.latencyMs, lastError: result.error };
    const kept = ok
      ? await this.deliveries.complete(delivery.deliveryId, claim, { ...last, state: 'succeeded', nextAttemptAt: null, completedAt: at })
      : retryInMs !== null
        ? await this.deliveries.complete(delivery.deliveryId, claim, { ...last, state: 'pending', nextAttemptAt: new Date(at.getTime() + retryInMs) })
        : await this.deliveries.complete(delivery.deliveryId, claim, { ...last, state: 'failed', nextAttemptAt: null, completedAt: at });
    if (!kept) this.logger.warn({ deliveryId: delivery.deliveryId }, 'webhook delivery lease ran out during its attempt; another dispatcher owns it now');
    if (ok) await this.subscriptions.recordSuccess(subscription.subscriptionId);
    else await this.countFailure(subscription, at);
    return ok;
  }

  private async send(delivery: DeliveryRecord, subscription: SubscriptionRecord, number: number): Promise<PostResult> {
    let secret: string;
    try {
      secret = this.secrets.open(subscription.sealedSecret);
    } catch {
      return { status: null, latencyMs: 0, error: 'the signing secret cannot be read (WEBHOOK_SECRET_KEY or SESSION_SECRET changed); rotate the secret' };
    }
    const timestamp = Math.floor(this.clock().getTime() / 1000);
    const headers = {
      'user-agent': USER_AGENT,
      [WEBHOOK_HEADERS.id]: delivery.deliveryId,
      [WEBHOOK_HEADERS.event]: delivery.eventType,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, delivery.body),
      [WEBHOOK_HEADERS.attempt]: String(number),
    };
    return this.transport.post(subscription.url, headers, delivery.body, {
      timeoutMs: this.settings.timeoutMs,
      allowPrivate: this.settings.allowPrivateTargets,
    });
  }

  /**
   * After too many failures in a row the subscription is disabled and its owner told, once.
   * The run of failures is read from the attempt log (inserts only), not kept in a counter that
   * concurrent dispatchers would race on. Nothing is published about it.
   */
  private async countFailure(subscription: SubscriptionRecord, at: Date): Promise<void> {
    const limit = this.settings.disableAfterFailures;
    const recent = await this.deliveries.recentAttemptsOf(subscription.subscriptionId, subscription.failuresSince, limit);
    const run = recent.findIndex((attempt) => attempt.outcome === 'succeeded');
    const failures = run === -1 ? recent.length : run;
    await this.subscriptions.setFailureCount(subscription.subscriptionId, failures);
    if (failures < limit) return;
    const current = await this.subscriptions.find(subscription.subscriptionId);
    if (!current?.enabled || current.failuresSince.getTime() !== subscription.failuresSince.getTime()) return;
    const reason = `disabled after ${failures} failed delivery attempts in a row`;
    if (!(await this.subscriptions.disable(current, reason, at))) return;
    await this.notifications.insert({
      notificationId: `whn_${randomBytes(12).toString('hex')}`,
      kind: 'subscription-disabled',
      subscriptionId: current.subscriptionId,
      orgUnit: current.orgUnit,
      recipient: current.owner,
      message: `Webhook subscription ${current.subscriptionId} (${current.description ?? current.url}) was ${reason}. Its pending deliveries are held; fix the receiver and enable it again.`,
      createdAt: at,
      readAt: null,
      readBy: null,
    });
    this.logger.warn({ subscriptionId: current.subscriptionId, failures }, 'webhook subscription disabled after repeated failures');
  }
}
