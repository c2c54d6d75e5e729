import type {
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryList,
  WebhookNotification,
  WebhookNotificationList,
  WebhookSubscription,
  WebhookSubscriptionCreated,
  WebhookSubscriptionList,
} from '../../../server/generated/schema-types';
import type { PlatformEvent } from '../../../server/events/platform-events';
import { signWebhook } from '../../../server/webhooks/webhook-signature';
import { createOrgUnits } from '../authority/helpers';
import { standardContent, type ErrorBody } from '../rulesets/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { eventually } from '../../support/polling';
import { LocalReceiver } from './receiver';

/**
 * Outbound webhooks end to end: the real app on the real database sends to real HTTP
 * receivers on loopback ports. Short retry delays keep the backoff observable in seconds.
 */
const SUBSCRIPTIONS = '/api/v1/webhooks/subscriptions';
const DELIVERIES = '/api/v1/webhooks/deliveries';
let app: TestApp;
const receivers: LocalReceiver[] = [];

beforeAll(async () => {
  app = await startTestApp({
    LOG_LEVEL: 'error',
    WEBHOOK_DISPATCH_INTERVAL_MS: '50',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_RETRY_MAX_MS: '2000',
    WEBHOOK_MAX_ATTEMPTS: '5',
    WEBHOOK_DISABLE_AFTER: '3',
    WEBHOOK_TIMEOUT_MS: '2000',
  });
  const branches = ['BR-A', 'BR-B', 'BR-C', 'BR-D', 'BR-I', 'BR-L', 'BR-P', 'BR-R', 'BR-X'];
  await createOrgUnits(app, [...branches.map((unit): [string, string] => [unit, 'HQ']), ['BR-C-1', 'BR-C']]);
});
afterAll(async () => {
  await app.close();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function receiver(): Promise<LocalReceiver> {
  const started = await LocalReceiver.start();
  receivers.push(started);
  return started;
}

async function subscribe(target: LocalReceiver, body: Record<string, unknown>, as?: string): Promise<WebhookSubscription> {
  const created = await app.request<WebhookSubscriptionCreated>('POST', SUBSCRIPTIONS, { body: { url: target.url, ...body }, as });
  if (created.status !== 201) throw new Error(`subscribing failed: ${created.text}`);
  target.secret = created.body.secret;
  return created.body.subscription;
}

let sequence = 0;
function event(type: PlatformEvent['type'], orgUnit: string, data: Record<string, unknown> = {}): PlatformEvent {
  sequence += 1;
  return { id: `${type}:test-${sequence}`, type, orgUnit, occurredAt: new Date(), data: { seq: sequence, ...data } };
}

const publish = (item: PlatformEvent) => app.platform.services.events.publish(item);
const deliveriesOf = async (subscriptionId: string, as?: string) =>
  (await app.request<WebhookDeliveryList>('GET', `${DELIVERIES}?subscriptionId=${subscriptionId}`, { as })).body.items;
const detail = async (deliveryId: string) => (await app.request<WebhookDeliveryDetail>('GET', `${DELIVERIES}/${deliveryId}`)).body;

/**
 * The explicit tick before asserting that nothing more was sent: every delivery of the subscriptions
 * has succeeded (the positive marker: nothing of theirs is left in flight or waiting for a retry), and
 * one more dispatch pass, driven here rather than waited for, has run.
 */
async function settled(...subscriptionIds: string[]): Promise<void> {
  for (const subscriptionId of subscriptionIds)
    await eventually(
      () => deliveriesOf(subscriptionId),
      (items) => items.length > 0 && items.every((item) => item.state === 'succeeded'),
    );
  await app.platform.services.webhooks.dispatcher.deliverDue();
}

test('subscriptions: the secret is shown once, input is checked field by field, edits are guarded by version', async () => {
  const target = await receiver();
  const created = await app.request<WebhookSubscriptionCreated>('POST', SUBSCRIPTIONS, {
    body: { orgUnit: 'BR-A', url: target.url, description: 'Ops desk', eventTypes: ['alert.raised', 'task.created'] },
  });
  expect(created.status).toBe(201);
  const { subscription, secret } = created.body;
  expect(secret).toMatch(/^whsec_/);
  expect(subscription).toMatchObject({ orgUnit: 'BR-A', enabled: true, version: 1, consecutiveFailures: 0, secretHint: `whsec_…${secret.slice(-4)}` });

  // Never again: not in a read, not in a list, not in the stored document.
  const read = await app.request<WebhookSubscription>('GET', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`);
  expect(read.text).not.toContain(secret.slice(6));
  expect((await app.request('GET', SUBSCRIPTIONS)).text).not.toContain(secret.slice(6));
  const stored = await app.connection.collection('webhook_subscriptions').findOne({ subscriptionId: subscription.subscriptionId });
  expect(JSON.stringify(stored)).not.toContain(secret.slice(6));

  const bad = await app.request<ErrorBody>('POST', SUBSCRIPTIONS, {
    body: { url: 'ftp://example.com/x', eventTypes: ['alert.raised', 'alert.exploded'], colour: 'red' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: '/body/eventTypes/1' }), expect.objectContaining({ path: '/body/colour' })]),
  );
  const badUrl = await app.request<ErrorBody>('POST', SUBSCRIPTIONS, { body: { url: 'ftp://example.com/x', eventTypes: ['alert.raised'] } });
  expect(badUrl.status).toBe(400);
  expect(badUrl.body.error).toMatchObject({ code: 'invalid_url', details: [{ path: '/body/url', message: 'must use http or https' }] });
  expect((await app.request<ErrorBody>('POST', SUBSCRIPTIONS, { body: { url: target.url, eventTypes: [] } })).body.error.details[0]!.path).toBe(
    '/body/eventTypes',
  );

  // Optimistic concurrency: the first edit wins, the second is stale.
  const edited = await app.request<WebhookSubscription>('PATCH', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, {
    body: { version: 1, eventTypes: ['alert.raised'] },
  });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ version: 2, eventTypes: ['alert.raised'] });
  const stale = await app.request<ErrorBody>('PATCH', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, { body: { version: 1, description: 'late' } });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({ code: 'stale_version', details: [expect.objectContaining({ path: '/body/version', currentVersion: 2 })] });

  // Concurrent edits of one version: exactly one wins, the rest get 409 (the same holds on FerretDB).
  const racing = await Promise.all(
    ['a', 'b', 'c', 'd', 'e'].map((description) =>
      app.request('PATCH', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, { body: { version: 2, description } }),
    ),
  );
  expect(racing.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409]);

  // Disable and enable again.
  const disabled = await app.request<WebhookSubscription>('PATCH', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, { body: { version: 3, enabled: false } });
  expect(disabled.body).toMatchObject({ enabled: false, version: 4, disabledReason: expect.stringMatching(/^disabled by integration:/) });
  const enabled = await app.request<WebhookSubscription>('PATCH', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, { body: { version: 4, enabled: true } });
  expect(enabled.body).toMatchObject({ enabled: true, version: 5, disabledAt: null, disabledReason: null });

  // Rotation: a new secret, shown once, signs what follows.
  const rotated = await app.request<WebhookSubscriptionCreated>('POST', `${SUBSCRIPTIONS}/${subscription.subscriptionId}/rotate-secret`, {
    body: { version: 5 },
  });
  expect(rotated.status).toBe(200);
  expect(rotated.body.secret).not.toBe(secret);
  expect(rotated.body.subscription.version).toBe(6);
  target.secret = rotated.body.secret;
  await publish(event('alert.raised', 'BR-A'));
  const [arrived] = await target.waitFor(1);
  expect(arrived!.verification).toEqual({ ok: true });
  expect(arrived!.headers['x-webhook-signature']).not.toBe(signWebhook(secret, arrived!.headers['x-webhook-timestamp'] as string, arrived!.body));

  // Delete needs the current version too; the log stays readable afterwards.
  expect((await app.request('DELETE', `${SUBSCRIPTIONS}/${subscription.subscriptionId}?version=5`)).status).toBe(409);
  expect((await app.request<ErrorBody>('DELETE', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`)).body.error.details[0]!.path).toBe('/query/version');
  expect((await app.request('DELETE', `${SUBSCRIPTIONS}/${subscription.subscriptionId}?version=6`)).status).toBe(204);
  expect((await app.request('GET', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`)).status).toBe(404);
  expect(await deliveriesOf(subscription.subscriptionId)).toHaveLength(1);
});

test('a delivery arrives signed over timestamp and body, verifies, names obligors by pseudonymous id only, and is logged', async () => {
  const target = await receiver();
  const subscription = await subscribe(target, { orgUnit: 'BR-A', eventTypes: ['alert.raised'] });
  const raised = event('alert.raised', 'BR-A', { alertId: 'AL-1', obligorId: 'OB-9', level: 'orange', name: '王五', facts: { dpd: 35, phone: '13900000000' } });
  await publish(raised);
  const [request] = await target.waitFor(1);

  expect(request!.verification).toEqual({ ok: true });
  const timestamp = request!.headers['x-webhook-timestamp'] as string;
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(10);
  expect(request!.headers['x-webhook-signature']).toBe(signWebhook(target.secret, timestamp, request!.body));
  expect(request!.headers).toMatchObject({ 'x-webhook-event': 'alert.raised', 'x-webhook-attempt': '1', 'content-type': 'application/json' });
  expect(request!.json).toEqual({
    id: raised.id,
    type: 'alert.raised',
    orgUnit: 'BR-A',
    occurredAt: raised.occurredAt.toISOString(),
    data: { seq: raised.data.seq, alertId: 'AL-1', obligorId: 'OB-9', level: 'orange', facts: { dpd: 35 } },
  });
  expect(request!.body).not.toMatch(/王五|13900000000/);

  const [delivery] = await eventually(
    () => deliveriesOf(subscription.subscriptionId),
    (items) => items[0]?.state === 'succeeded',
  );
  expect(delivery).toMatchObject({
    deliveryId: request!.headers['x-webhook-id'],
    eventId: raised.id,
    eventType: 'alert.raised',
    eventOrgUnit: 'BR-A',
    state: 'succeeded',
    attempts: 1,
    lastStatus: 200,
    lastError: null,
  });
  expect(delivery!.lastLatencyMs).toBeGreaterThanOrEqual(0);
  const logged = await detail(delivery!.deliveryId);
  expect(logged.payload).toEqual(request!.json);
  expect(logged.attemptLog).toEqual([expect.objectContaining({ number: 1, outcome: 'succeeded', status: 200, error: null, retryInMs: null })]);
});

test('publishing a rule set version is announced to ruleset.published subscribers', async () => {
  const target = await receiver();
  await subscribe(target, { eventTypes: ['ruleset.published'] });
  const owner = await app.createUserAndLogin('olivia', ['policy-owner']);
  const approver = await app.createUserAndLogin('arthur', ['approver']);
  const base = '/api/v1/rulesets/warning.obligor';
  expect((await app.request('POST', `${base}/versions`, { body: { basedOnVersion: 1, ruleSet: standardContent('warning.obligor') }, as: owner })).status).toBe(
    201,
  );
  expect((await app.request('POST', `${base}/versions/2/submit`, { body: {}, as: owner })).status).toBe(200);
  expect((await app.request('POST', `${base}/versions/2/approve`, { body: {}, as: approver })).status).toBe(200);
  const published = await app.request<{ hash: string }>('POST', `${base}/versions/2/publish`, { body: {}, as: approver });
  expect(published.status).toBe(200);

  const [request] = await target.waitFor(1);
  expect(request!.verification).toEqual({ ok: true });
  expect(request!.json).toMatchObject({
    id: 'ruleset.published:warning.obligor:2',
    type: 'ruleset.published',
    orgUnit: 'HQ',
    data: {
      key: 'warning.obligor',
      version: 2,
      family: 'warning.obligor',
      hash: published.body.hash,
      publishedBy: 'arthur',
      effectiveFrom: expect.any(String),
    },
  });
});

test('a receiver failing the first times gets retries with growing waits, then succeeds', async () => {
  const target = await receiver();
  target.respond = (count) => (count <= 2 ? 500 : 200);
  const subscription = await subscribe(target, { orgUnit: 'BR-R', eventTypes: ['task.created'] });
  await publish(event('task.created', 'BR-R', { taskId: 'T-1' }));
  const requests = await target.waitFor(3);
  await settled(subscription.subscriptionId);
  expect(requests).toHaveLength(3);
  expect(requests.map((request) => request.answered)).toEqual([500, 500, 200]);
  expect(new Set(requests.map((request) => request.headers['x-webhook-id'])).size).toBe(1);
  expect(requests.map((request) => request.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
  expect(requests.every((request) => request.verification.ok)).toBe(true);
  expect(new Set(requests.map((request) => request.body)).size).toBe(1);

  const [delivery] = await eventually(
    () => deliveriesOf(subscription.subscriptionId),
    (items) => items[0]?.state === 'succeeded',
  );
  const log = await detail(delivery!.deliveryId);
  expect(log.attemptLog.map((attempt) => [attempt.number, attempt.outcome, attempt.status])).toEqual([
    [1, 'failed', 500],
    [2, 'failed', 500],
    [3, 'succeeded', 200],
  ]);
  const [first, second] = log.attemptLog.map((attempt) => attempt.retryInMs);
  // Equal jitter: the first wait lies in [50, 100] ms, the second in [100, 200] ms.
  expect(first).toBeGreaterThanOrEqual(50);
  expect(first).toBeLessThanOrEqual(100);
  expect(second).toBeGreaterThanOrEqual(100);
  expect(second).toBeLessThanOrEqual(200);
  expect(second!).toBeGreaterThanOrEqual(first!);
  // Nothing was retried early.
  expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(first! - 5);
  expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(second! - 5);
  expect(log.attemptLog[0]!.error).toBe('HTTP 500');
  expect((await app.request<WebhookSubscription>('GET', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`)).body.consecutiveFailures).toBe(0);
});

test('a permanently failing URL is disabled after the limit, its owner is told, and enabling it again resumes the held delivery', async () => {
  const owner = await app.createUserAndLogin('bella', ['admin'], 'BR-B');
  const outsider = await app.createUserAndLogin('carl', ['branch-operator'], 'BR-X');
  const target = await receiver();
  target.respond = () => 503;
  const subscription = await subscribe(target, { eventTypes: ['claim.opened'], description: 'Claims desk' }, owner);
  expect(subscription).toMatchObject({ orgUnit: 'BR-B', owner: 'bella' });
  await publish(event('claim.opened', 'BR-B', { claimId: 'C-1' }));

  const disabled = await eventually(
    async () => (await app.request<WebhookSubscription>('GET', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, { as: owner })).body,
    (current) => !current.enabled,
  );
  expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 3, disabledReason: 'disabled after 3 failed delivery attempts in a row', version: 2 });
  // Held: no further attempts while disabled, and the delivery waits as pending. The third attempt was
  // complete before the subscription was disabled; a pass driven at a time past any retry wait sends nothing.
  await app.platform.services.webhooks.dispatcher.deliverDue(new Date(Date.now() + 2 * 2000));
  expect(target.received).toHaveLength(3);
  const [held] = await deliveriesOf(subscription.subscriptionId, owner);
  expect(held).toMatchObject({ state: 'pending', attempts: 3, lastStatus: 503, lastError: 'HTTP 503' });

  // The owner is told, once; someone outside the unit does not see it.
  const notifications = await app.request<WebhookNotificationList>('GET', '/api/v1/webhooks/notifications?mine=true&unread=true', { as: owner });
  expect(notifications.body.unread).toBe(1);
  expect(notifications.body.items).toEqual([
    expect.objectContaining({ kind: 'subscription-disabled', subscriptionId: subscription.subscriptionId, recipient: 'bella', orgUnit: 'BR-B', readAt: null }),
  ]);
  expect(notifications.body.items[0]!.message).toContain('Claims desk');
  expect((await app.request<WebhookNotificationList>('GET', '/api/v1/webhooks/notifications', { as: outsider })).body.items).toEqual([]);
  const notificationId = notifications.body.items[0]!.notificationId;
  expect((await app.request('POST', `/api/v1/webhooks/notifications/${notificationId}/read`, { as: outsider })).status).toBe(404);
  const read = await app.request<WebhookNotification>('POST', `/api/v1/webhooks/notifications/${notificationId}/read`, { as: owner });
  expect(read.body).toMatchObject({ readBy: 'bella', readAt: expect.any(String) });
  expect((await app.request<WebhookNotificationList>('GET', '/api/v1/webhooks/notifications?unread=true', { as: owner })).body.items).toEqual([]);
  // Disabling published nothing (no event about webhooks goes out through webhooks).
  expect(await app.connection.collection('webhook_deliveries').countDocuments({ subscriptionId: subscription.subscriptionId })).toBe(1);

  // Replaying while disabled is refused; enabling it resumes the held delivery.
  expect((await app.request<ErrorBody>('POST', `${DELIVERIES}/${held!.deliveryId}/replay`, { as: owner })).status).toBe(409);
  target.respond = () => 200;
  const enabled = await app.request<WebhookSubscription>('PATCH', `${SUBSCRIPTIONS}/${subscription.subscriptionId}`, {
    body: { version: 2, enabled: true },
    as: owner,
  });
  expect(enabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  await target.waitFor(4);
  const [done] = await eventually(
    () => deliveriesOf(subscription.subscriptionId, owner),
    (items) => items[0]?.state === 'succeeded',
  );
  expect(done).toMatchObject({ state: 'succeeded', attempts: 4, lastStatus: 200 });
});

test('replay sends a finished delivery again with the same id and body and a fresh signature', async () => {
  const target = await receiver();
  const subscription = await subscribe(target, { orgUnit: 'BR-P', eventTypes: ['alert.closed'] });
  await publish(event('alert.closed', 'BR-P', { alertId: 'AL-7' }));
  await target.waitFor(1);
  const [delivery] = await eventually(
    () => deliveriesOf(subscription.subscriptionId),
    (items) => items[0]?.state === 'succeeded',
  );

  const replayed = await app.request<WebhookDelivery>('POST', `${DELIVERIES}/${delivery!.deliveryId}/replay`);
  expect(replayed.status).toBe(202);
  expect(replayed.body).toMatchObject({ deliveryId: delivery!.deliveryId, replays: 1 });
  expect(['pending', 'in-flight', 'succeeded']).toContain(replayed.body.state);
  const [first, second] = await target.waitFor(2);
  expect(second!.verification).toEqual({ ok: true });
  expect(second!.headers['x-webhook-id']).toBe(first!.headers['x-webhook-id']);
  expect(second!.body).toBe(first!.body);
  expect(second!.headers['x-webhook-attempt']).toBe('2');

  const log = await eventually(
    () => detail(delivery!.deliveryId),
    (current) => current.delivery.state === 'succeeded' && current.attemptLog.length === 2,
  );
  expect(log.attemptLog.map((attempt) => [attempt.number, attempt.outcome, attempt.replay ?? false])).toEqual([
    [1, 'succeeded', false],
    [2, 'succeeded', true],
  ]);
  expect(log.delivery).toMatchObject({ attempts: 2, replays: 1 });

  expect((await app.request<ErrorBody>('POST', `${DELIVERIES}/whd_nothing/replay`)).status).toBe(404);
  const reader = await app.createUserAndLogin('rita', ['auditor']);
  expect((await app.request('POST', `${DELIVERIES}/${delivery!.deliveryId}/replay`, { as: reader })).status).toBe(403);
});

test('publishing the same event twice, even at once, delivers it once', async () => {
  const target = await receiver();
  const subscription = await subscribe(target, { orgUnit: 'BR-I', eventTypes: ['task.overdue'] });
  const overdue = event('task.overdue', 'BR-I', { taskId: 'T-9' });
  await Promise.all([publish(overdue), publish(overdue), publish({ ...overdue, occurredAt: new Date(overdue.occurredAt) })]);
  await publish(overdue);
  await target.waitFor(1);
  await settled(subscription.subscriptionId);
  expect(target.received).toHaveLength(1);
  expect(await deliveriesOf(subscription.subscriptionId)).toHaveLength(1);
});

test('scoping: a branch sees only its own subscriptions and deliveries, and gets only its own events; HQ gets the subtree', async () => {
  const branchAdmin = await app.createUserAndLogin('cora', ['admin'], 'BR-C');
  const branchOperator = await app.createUserAndLogin('cody', ['branch-operator'], 'BR-C');
  const [headOffice, branchC, branchD] = [await receiver(), await receiver(), await receiver()];
  const hq = await subscribe(headOffice, { eventTypes: ['claim.suspended'] });
  const c = await subscribe(branchC, { eventTypes: ['claim.suspended'] }, branchAdmin);
  const d = await subscribe(branchD, { orgUnit: 'BR-D', eventTypes: ['claim.suspended'] });
  expect([hq.orgUnit, c.orgUnit, d.orgUnit]).toEqual(['HQ', 'BR-C', 'BR-D']);

  const listed = await app.request<WebhookSubscriptionList>('GET', SUBSCRIPTIONS, { as: branchOperator });
  expect(listed.body.items.map((item) => item.subscriptionId)).toEqual([c.subscriptionId]);
  expect((await app.request<WebhookSubscriptionList>('GET', SUBSCRIPTIONS)).body.items.map((item) => item.subscriptionId)).toEqual(
    expect.arrayContaining([hq.subscriptionId, c.subscriptionId, d.subscriptionId]),
  );
  expect((await app.request('GET', `${SUBSCRIPTIONS}/${d.subscriptionId}`, { as: branchOperator })).status).toBe(404);
  expect((await app.request('PATCH', `${SUBSCRIPTIONS}/${d.subscriptionId}`, { body: { version: 1, enabled: false }, as: branchAdmin })).status).toBe(404);
  // Operators read; they do not manage.
  expect((await app.request('POST', SUBSCRIPTIONS, { body: { url: branchC.url, eventTypes: ['claim.opened'] }, as: branchOperator })).status).toBe(403);
  const outOfScope = await app.request<ErrorBody>('POST', SUBSCRIPTIONS, {
    body: { orgUnit: 'BR-D', url: branchC.url, eventTypes: ['claim.opened'] },
    as: branchAdmin,
  });
  expect(outOfScope.status).toBe(403);
  expect(outOfScope.body.error.code).toBe('out_of_scope');
  const unknown = await app.request<ErrorBody>('POST', SUBSCRIPTIONS, { body: { orgUnit: 'BR-NOWHERE', url: branchC.url, eventTypes: ['claim.opened'] } });
  expect(unknown.status).toBe(422);
  expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: '/body/orgUnit' })]);

  await publish(event('claim.suspended', 'BR-D', { claimId: 'C-D' }));
  await publish(event('claim.suspended', 'BR-C', { claimId: 'C-C' }));
  // A sub-branch's event reaches its branch and HQ above it.
  await publish(event('claim.suspended', 'BR-C-1', { claimId: 'C-C1' }));
  await Promise.all([headOffice.waitFor(3), branchC.waitFor(2), branchD.waitFor(1)]);
  await settled(hq.subscriptionId, c.subscriptionId, d.subscriptionId);
  const claims = (target: LocalReceiver) => target.received.map((request) => (request.json.data as { claimId: string }).claimId).sort();
  expect(claims(branchC)).toEqual(['C-C', 'C-C1']);
  expect(claims(branchD)).toEqual(['C-D']);
  expect(claims(headOffice)).toEqual(['C-C', 'C-C1', 'C-D']);

  const branchLog = await app.request<WebhookDeliveryList>('GET', DELIVERIES, { as: branchOperator });
  expect(branchLog.body.items.length).toBeGreaterThan(0);
  expect(branchLog.body.items.every((item) => item.orgUnit === 'BR-C' && item.subscriptionId === c.subscriptionId)).toBe(true);
  const [dDelivery] = await deliveriesOf(d.subscriptionId);
  expect((await app.request('GET', `${DELIVERIES}/${dDelivery!.deliveryId}`, { as: branchOperator })).status).toBe(404);
});

test('the delivery log filters by state, event type and time, and pages', async () => {
  const target = await receiver();
  const subscription = await subscribe(target, { orgUnit: 'BR-L', eventTypes: ['alert.changed', 'alert.raised'] });
  const start = new Date().toISOString();
  for (let index = 0; index < 3; index += 1) await publish(event('alert.changed', 'BR-L'));
  await publish(event('alert.raised', 'BR-L'));
  await target.waitFor(4);
  await eventually(
    () => deliveriesOf(subscription.subscriptionId),
    (items) => items.every((item) => item.state === 'succeeded'),
  );

  const changed = await app.request<WebhookDeliveryList>(
    'GET',
    `${DELIVERIES}?subscriptionId=${subscription.subscriptionId}&eventType=alert.changed&state=succeeded&from=${start}`,
  );
  expect(changed.body.items).toHaveLength(3);
  const page = await app.request<WebhookDeliveryList>('GET', `${DELIVERIES}?subscriptionId=${subscription.subscriptionId}&limit=2`);
  expect(page.body.items).toHaveLength(2);
  expect(page.body.nextBefore).toBeDefined();
  expect((await app.request<WebhookDeliveryList>('GET', `${DELIVERIES}?subscriptionId=${subscription.subscriptionId}&state=failed`)).body.items).toEqual([]);
  const invalid = await app.request<ErrorBody>('GET', `${DELIVERIES}?state=lost&limit=0`);
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.details.map((item) => item.path).sort()).toEqual(['/query/limit', '/query/state']);
});
