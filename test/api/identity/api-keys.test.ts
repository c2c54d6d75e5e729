import { startTestApp, TEST_ADMIN_KEY, TEST_PASSWORD, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type KeyView = { keyId: string; prefix: string; revoked: boolean; roles: string[]; orgUnit: string; ownerType: string };
type Created = { apiKey: KeyView; secret: string };

test('an integration key is shown once, stored only as a hash, and authenticates', async () => {
  const created = await app.request<Created>('POST', '/api/v1/api-keys', {
    body: { name: 'core banking', orgUnit: 'HQ', roles: ['integration'], restrictions: { ruleSetKeys: ['claim.trigger'], evaluateOnly: true } },
  });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^ppk_[A-Za-z0-9_-]{40,}$/);
  expect(created.body.apiKey).toMatchObject({ ownerType: 'integration', roles: ['integration'], revoked: false });

  const listed = await app.request<{ items: KeyView[] }>('GET', '/api/v1/api-keys');
  expect(listed.text).not.toContain(created.body.secret);
  const stored = await app.connection.collection('api_keys').findOne({ keyId: created.body.apiKey.keyId });
  expect(JSON.stringify(stored)).not.toContain(created.body.secret);

  const me = await app.request('GET', '/api/v1/auth/me', { as: created.body.secret });
  expect(me.body).toMatchObject({
    kind: 'integration',
    name: 'core banking',
    via: 'api-key',
    restrictions: { ruleSetKeys: ['claim.trigger'], evaluateOnly: true },
  });
  expect((await app.request('GET', '/api/v1/users', { as: created.body.secret })).status).toBe(403);
});

test('a revoked key stops working immediately and stays listed as revoked', async () => {
  const created = await app.request<Created>('POST', '/api/v1/api-keys', { body: { name: 'temporary', orgUnit: 'HQ', roles: ['auditor'] } });
  expect((await app.request('GET', '/api/v1/auth/me', { as: created.body.secret })).status).toBe(200);
  const revoked = await app.request<KeyView>('DELETE', `/api/v1/api-keys/${created.body.apiKey.keyId}`);
  expect(revoked.status).toBe(200);
  expect(revoked.body.revoked).toBe(true);
  const after = await app.request<{ error: { code: string } }>('GET', '/api/v1/auth/me', { as: created.body.secret });
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('invalid_credentials');
  expect((await app.request('DELETE', '/api/v1/api-keys/key_doesnotexist')).status).toBe(404);
});

test('a user key acts as its user and dies with the user', async () => {
  expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
  await app.request('POST', '/api/v1/users', { body: { username: 'erin', password: TEST_PASSWORD, roles: ['policy-owner'], orgUnit: 'BR-SH' } });
  const created = await app.request<Created>('POST', '/api/v1/api-keys', { body: { name: 'erin laptop', username: 'erin' } });
  expect(created.body.apiKey).toMatchObject({ ownerType: 'user', orgUnit: 'BR-SH', roles: ['policy-owner'] });
  expect((await app.request('GET', '/api/v1/auth/me', { as: created.body.secret })).body).toMatchObject({ kind: 'user', name: 'erin', orgUnit: 'BR-SH' });
  await app.request('PATCH', '/api/v1/users/erin', { body: { version: 1, active: false } });
  expect((await app.request('GET', '/api/v1/auth/me', { as: created.body.secret })).status).toBe(401);
});

test('an ambiguous or incomplete key request is a 400 naming the fields', async () => {
  const both = await app.request<{ error: { details: { path: string }[] } }>('POST', '/api/v1/api-keys', {
    body: { name: 'x', username: 'erin', roles: ['admin'] },
  });
  expect(both.status).toBe(400);
  expect(both.body.error.details.map((detail) => detail.path)).toContain('/body/username');
  const neither = await app.request('POST', '/api/v1/api-keys', { body: { name: 'x' } });
  expect(neither.status).toBe(400);
  const past = await app.request<{ error: { details: { path: string }[] } }>('POST', '/api/v1/api-keys', {
    body: { name: 'x', orgUnit: 'HQ', roles: ['auditor'], expiresAt: '2020-01-01T00:00:00Z' },
  });
  expect(past.body.error.details.map((detail) => detail.path)).toContain('/body/expiresAt');
});

test('the ADMIN_API_KEY bootstrap key is an admin', async () => {
  const me = await app.request('GET', '/api/v1/auth/me', { as: TEST_ADMIN_KEY });
  expect(me.body).toMatchObject({ kind: 'integration', roles: ['admin'], orgUnit: 'HQ' });
});

test('changing ADMIN_API_KEY replaces the old bootstrap key; restarting with the same value keeps it', async () => {
  const newValue = 'replacement-admin-key-0123456789';
  await app.platform.services.apiKeys.ensureBootstrapKey(newValue);
  expect((await app.request('GET', '/api/v1/auth/me', { as: newValue })).status).toBe(200);
  app.platform.services.authentication.forgetCachedCredentials();
  expect((await app.request('GET', '/api/v1/auth/me', { as: TEST_ADMIN_KEY })).status).toBe(401);
  await app.platform.services.apiKeys.ensureBootstrapKey(newValue);
  expect((await app.request('GET', '/api/v1/auth/me', { as: newValue })).status).toBe(200);
});
