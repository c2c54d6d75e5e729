import { startTestApp, type TestApp } from '../../support/test-app';
import type { AuditEntry } from '../../../server/generated/schema-types';

/** Subscription changes are audited like every other change: who, when, before and after, never a secret. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type Entry = AuditEntry;

test('creating, changing, rotating the secret of and deleting a subscription leave audit entries without secrets', async () => {
  const SUBSCRIPTIONS = '/api/v1/webhooks/subscriptions';
  const created = await app.request<{ subscription: { subscriptionId: string; version: number }; secret: string }>('POST', SUBSCRIPTIONS, {
    body: { url: 'https://hooks.example.com/in', eventTypes: ['alert.raised'], description: 'risk desk' },
  });
  expect(created.status).toBe(201);
  const id = created.body.subscription.subscriptionId;
  const patched = await app.request<{ version: number }>('PATCH', `${SUBSCRIPTIONS}/${id}`, {
    body: { version: 1, eventTypes: ['alert.raised', 'task.created'], enabled: false },
  });
  expect(patched.status).toBe(200);
  const rotated = await app.request<{ subscription: { version: number }; secret: string }>('POST', `${SUBSCRIPTIONS}/${id}/rotate-secret`, {
    body: { version: patched.body.version },
  });
  expect(rotated.status).toBe(200);
  const removed = await app.request('DELETE', `${SUBSCRIPTIONS}/${id}?version=${rotated.body.subscription.version}`);
  expect(removed.status).toBeLessThan(300);

  const audit = await app.request<{ items: Entry[] }>('GET', `/api/v1/audit?entityKind=webhook-subscription&entityId=${id}`);
  expect(audit.status).toBe(200);
  const entries = [...audit.body.items].reverse();
  expect(entries.map((entry) => entry.action)).toEqual(['create', 'update', 'rotate-secret', 'delete']);
  for (const entry of entries)
    expect(entry).toMatchObject({ actor: 'integration:bootstrap admin (ADMIN_API_KEY)', entity: { kind: 'webhook-subscription', id }, orgUnit: 'HQ' });
  expect(entries[0]!.after).toMatchObject({ url: 'https://hooks.example.com/in', eventTypes: ['alert.raised'], enabled: true });
  expect(entries[1]!.before).toMatchObject({ eventTypes: ['alert.raised'], enabled: true });
  expect(entries[1]!.after).toMatchObject({ eventTypes: ['alert.raised', 'task.created'], enabled: false });
  expect(entries[2]!.after).toMatchObject({ secretRotated: true });
  const text = JSON.stringify(audit.body);
  for (const secret of [created.body.secret, rotated.body.secret]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(-12));
  }
  expect(text).not.toMatch(/sealedSecret/);
});
