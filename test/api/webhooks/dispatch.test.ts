import dns from 'node:dns/promises';
import os from 'node:os';
import type { WebhookDeliveryList, WebhookSubscriptionCreated } from '../../../server/generated/schema-types';
import { createLogger } from '../../../server/logger';
import { DeliveryStore } from '../../../server/webhooks/delivery.store';
import type { PlatformEvent } from '../../../server/events/platform-events';
import { isPrivateAddress } from '../../../server/webhooks/webhook-target';
import { httpTransport } from '../../../server/webhooks/webhook.transport';
import { createWebhookDispatching } from '../../../server/webhooks/webhooks.module';
import { createOrgUnits } from '../authority/helpers';
import type { ErrorBody } from '../rulesets/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { runJob } from '../../support/monitoring-helpers';
import { sleep } from '../../support/polling';
import { LocalReceiver } from './receiver';

/**
 * The dispatcher as several processes run it: here the app runs no dispatch loop of its own
 * (interval 0), and the test drives independent dispatchers on the same database by hand.
 */
let app: TestApp;
let target: LocalReceiver;
let subscriptionId: string;

beforeAll(async () => {
  app = await startTestApp({
    LOG_LEVEL: 'error',
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    WEBHOOK_RETRY_BASE_MS: '5000',
    WEBHOOK_MAX_ATTEMPTS: '2',
    JOBS_PROCESS_EVERY_MS: '200',
  });
  await createOrgUnits(app, [['BR-R', 'HQ']]);
  target = await LocalReceiver.start();
  target.respond = async () => {
    await sleep(5);
    return 200;
  };
  const created = await app.request<WebhookSubscriptionCreated>('POST', '/api/v1/webhooks/subscriptions', {
    body: { orgUnit: 'BR-R', url: target.url, eventTypes: ['alert.raised'] },
  });
  target.secret = created.body.secret;
  subscriptionId = created.body.subscription.subscriptionId;
});
afterAll(async () => {
  await app.close();
  await target.close();
});

const dispatcher = () => createWebhookDispatching(app.connection, app.config.webhooks, createLogger('silent')).dispatcher;
let sequence = 0;
const raise = (): PlatformEvent => ({
  id: `alert.raised:race-${++sequence}`,
  type: 'alert.raised',
  orgUnit: 'BR-R',
  occurredAt: new Date(),
  data: { alertId: `A-${sequence}` },
});

test('two dispatchers racing over the same due deliveries send each exactly once', async () => {
  for (let index = 0; index < 30; index += 1) await app.platform.services.events.publish(raise());
  const [first, second] = [dispatcher(), dispatcher()];
  const summaries = await Promise.all([first.deliverDue(), second.deliverDue(), first.deliverDue()]);

  expect(summaries.reduce((sum, summary) => sum + summary.attempted, 0)).toBe(30);
  expect(summaries.reduce((sum, summary) => sum + summary.succeeded, 0)).toBe(30);
  expect(target.received).toHaveLength(30);
  expect(new Set(target.received.map((request) => request.headers['x-webhook-id'])).size).toBe(30);
  expect(target.received.every((request) => request.verification.ok)).toBe(true);
  const log = await app.request<WebhookDeliveryList>('GET', `/api/v1/webhooks/deliveries?subscriptionId=${subscriptionId}&state=succeeded`);
  expect(log.body.items).toHaveLength(30);
  expect(log.body.items.every((item) => item.attempts === 1)).toBe(true);

  // Nothing is due any more.
  expect(await Promise.all([first.deliverDue(), second.deliverDue()])).toEqual([
    { attempted: 0, succeeded: 0, failed: 0 },
    { attempted: 0, succeeded: 0, failed: 0 },
  ]);
});

test('a delivery held by a live lease is left alone; one whose dispatcher died is taken over after its lease', async () => {
  const store = new DeliveryStore(app.connection);
  const before = target.received.length;
  await app.platform.services.events.publish(raise());
  await app.platform.services.events.publish(raise());
  const [live, dead] = (await store.findDue(new Date(), [subscriptionId], [], 10)).sort((a, b) => a.eventId.localeCompare(b.eventId));
  expect(await store.claim(live!, 'another-process', new Date(Date.now() + 86_400_000))).toBeDefined();
  expect(await store.claim(dead!, 'a-process-that-died', new Date(Date.now() - 1))).toBeDefined();
  // A second claim of what was read before the first claim loses.
  expect(await store.claim(live!, 'late', new Date(Date.now() + 60_000))).toBeUndefined();

  expect(await dispatcher().deliverDue()).toEqual({ attempted: 1, succeeded: 1, failed: 0 });
  expect(target.received.slice(before).map((request) => request.headers['x-webhook-id'])).toEqual([dead!.deliveryId]);
  expect((await store.find(live!.deliveryId))!.state).toBe('in-flight');
  expect((await store.find(dead!.deliveryId))!.state).toBe('succeeded');
});

test('after the last attempt a delivery is failed; a replay gives it a new round of attempts', async () => {
  const failing = await LocalReceiver.start();
  try {
    failing.respond = () => 502;
    const created = await app.request<WebhookSubscriptionCreated>('POST', '/api/v1/webhooks/subscriptions', {
      body: { orgUnit: 'BR-R', url: failing.url, eventTypes: ['task.created'] },
    });
    failing.secret = created.body.secret;
    await app.platform.services.events.publish({
      id: 'task.created:T-fail',
      type: 'task.created',
      orgUnit: 'BR-R',
      occurredAt: new Date(),
      data: { taskId: 'T-fail' },
    });
    const worker = dispatcher();
    expect(await worker.deliverDue()).toMatchObject({ attempted: 1, failed: 1 });
    // Not due yet: the backoff holds it.
    expect(await worker.deliverDue()).toMatchObject({ attempted: 0 });
    // A pass as of a later time finds it due; that was the last attempt (WEBHOOK_MAX_ATTEMPTS=2).
    expect(await worker.deliverDue(new Date(Date.now() + 60_000))).toMatchObject({ attempted: 1, failed: 1 });
    const log = await app.request<WebhookDeliveryList>('GET', `/api/v1/webhooks/deliveries?subscriptionId=${created.body.subscription.subscriptionId}`);
    const [delivery] = log.body.items;
    expect(delivery).toMatchObject({ state: 'failed', attempts: 2, nextAttemptAt: null, lastStatus: 502 });
    const detail = await app.request<{ attemptLog: { outcome: string; retryInMs: number | null }[] }>(
      'GET',
      `/api/v1/webhooks/deliveries/${delivery!.deliveryId}`,
    );
    expect(detail.body.attemptLog.map((attempt) => [attempt.outcome, attempt.retryInMs === null])).toEqual([
      ['failed', false],
      ['failed', true],
    ]);
    expect(await worker.deliverDue(new Date(Date.now() + 3_600_000))).toMatchObject({ attempted: 0 });

    failing.respond = () => 200;
    expect((await app.request('POST', `/api/v1/webhooks/deliveries/${delivery!.deliveryId}/replay`)).status).toBe(202);
    expect(await worker.deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(failing.received.map((request) => [request.headers['x-webhook-attempt'], request.answered, request.verification.ok])).toEqual([
      ['1', 502, true],
      ['2', 502, true],
      ['3', 200, true],
    ]);
  } finally {
    await failing.close();
  }
});

test('maintenance removes finished deliveries past their retention with their attempts, and claims left by dead dispatchers', async () => {
  const store = new DeliveryStore(app.connection);
  const deliveries = app.connection.collection('webhook_deliveries');
  const attempts = app.connection.collection('webhook_attempts');
  const transitionClaims = app.connection.collection('transition_claims');
  const [old, recent, waiting] = [raise(), raise(), raise()];
  await app.platform.services.events.publish(old);
  await app.platform.services.events.publish(recent);
  expect(await dispatcher().deliverDue()).toMatchObject({ succeeded: 2 });
  await app.platform.services.events.publish(waiting);
  const idOf = async (event: PlatformEvent) => (await deliveries.findOne({ eventId: event.id }))!.deliveryId as string;
  const [oldId, recentId, waitingId] = [await idOf(old), await idOf(recent), await idOf(waiting)];
  // Time passes for some of them: the old delivery finished beyond the retention (90 days by default).
  const longAgo = new Date(Date.now() - 91 * 86_400_000);
  await deliveries.updateOne({ deliveryId: oldId }, { $set: { completedAt: longAgo, createdAt: longAgo } });
  await deliveries.updateOne({ deliveryId: waitingId }, { $set: { createdAt: longAgo } });
  // A dispatcher that died between its claim and its update left this claim two hours ago; the delivery stays unclaimable until it goes.
  const waitingRecord = (await store.find(waitingId))!;
  const deadClaim = `webhook-delivery:${waitingId}@${waitingRecord.claimVersion}`;
  await transitionClaims.insertOne({ _id: deadClaim as never, by: 'a-process-that-died', at: new Date(Date.now() - 2 * 3_600_000) });
  expect(await store.claim(waitingRecord, 'blocked', new Date(Date.now() + 60_000))).toBeUndefined();
  await transitionClaims.insertMany([
    { _id: 'maintenance-test:settled' as never, at: new Date(Date.now() - 2 * 3_600_000) },
    { _id: 'maintenance-test:fresh' as never, at: new Date() },
  ]);
  expect(await attempts.countDocuments({ deliveryId: oldId })).toBe(1);

  await app.platform.startJobs();
  const run = await runJob(app, 'maintenance', {});
  expect(run.counts.webhookDeliveriesExpired).toBe(1);
  expect(run.counts.webhookClaims).toBeGreaterThanOrEqual(1);
  expect(run.counts.transitionClaims).toBeGreaterThanOrEqual(1);

  expect(await store.find(oldId)).toBeUndefined();
  expect(await attempts.countDocuments({ deliveryId: oldId })).toBe(0);
  expect((await store.find(recentId))!.state).toBe('succeeded');
  expect(await attempts.countDocuments({ deliveryId: recentId })).toBe(1);
  expect((await store.find(waitingId))!.state).toBe('pending');
  expect(await transitionClaims.countDocuments({ _id: { $in: ['maintenance-test:settled', 'maintenance-test:fresh'] as never[] } })).toBe(1);
  // With the dead claim gone the waiting delivery goes out.
  expect(await dispatcher().deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
  expect((await store.find(waitingId))!.state).toBe('succeeded');
});

test('the transport refuses loopback and private targets when they are not allowed, before connecting', async () => {
  const before = target.received.length;
  const refused = await httpTransport.post(target.url, {}, '{}', { timeoutMs: 1000, allowPrivate: false });
  expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/loopback or private/) });
  expect((await httpTransport.post(target.url.replace('127.0.0.1', 'localhost'), {}, '{}', { timeoutMs: 1000, allowPrivate: false })).error).toMatch(
    /loopback or private/,
  );
  // A name that resolves to a private address is refused at lookup time (this machine's name does, on most hosts).
  const resolved = await dns.lookup(os.hostname(), { all: true }).catch(() => []);
  if (resolved.length > 0 && resolved.every((entry) => isPrivateAddress(entry.address))) {
    const byName = await httpTransport.post(target.url.replace('127.0.0.1', os.hostname()), {}, '{}', { timeoutMs: 1000, allowPrivate: false });
    expect(byName.error).toMatch(/resolves to a loopback or private address/);
  }
  expect(target.received).toHaveLength(before);
  expect(await httpTransport.post(target.url, {}, '{}', { timeoutMs: 1000, allowPrivate: true })).toMatchObject({ status: 200, error: null });
  // No answer in time is a failure that names the timeout.
  target.respond = async () => {
    await sleep(500);
    return 200;
  };
  expect(await httpTransport.post(target.url, {}, '{}', { timeoutMs: 100, allowPrivate: true })).toMatchObject({
    status: null,
    error: 'timed out after 100 ms',
  });
  expect((await httpTransport.post('http://127.0.0.1:1/', {}, '{}', { timeoutMs: 1000, allowPrivate: true })).error).toMatch(/ECONNREFUSED/);
});

describe('with private targets denied (the production default)', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp({ LOG_LEVEL: 'error', WEBHOOK_PRIVATE_TARGETS: 'deny', WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
  });
  afterAll(() => strict.close());

  test('subscriptions to loopback, private or link-local addresses are refused with the field named', async () => {
    for (const url of [target.url, 'http://localhost:8080/in', 'http://10.1.2.3/in', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/in']) {
      const response = await strict.request<ErrorBody>('POST', '/api/v1/webhooks/subscriptions', { body: { url, eventTypes: ['alert.raised'] } });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'invalid_url',
        details: [{ path: '/body/url', message: expect.stringMatching(/loopback or private/) }],
      });
    }
    const publicTarget = await strict.request('POST', '/api/v1/webhooks/subscriptions', {
      body: { url: 'https://203.0.113.10/hooks', eventTypes: ['alert.raised'] },
    });
    expect(publicTarget.status).toBe(201);
  });
});
