import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';

/*
 * "HQ sees all" holds for accounts too: an account whose unit the org tree no longer knows (written
 * by hand, restored from a backup, a unit removed from the data) must stay in HQ's lists, so that
 * an HQ admin can find and disable it. Before, users and API keys were kept only when their unit
 * lay in HQ's subtree, and such an account vanished from every list while it could still sign in.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test("HQ's user list keeps an account whose unit the tree does not know", async () => {
  const created = await app.request('POST', '/api/v1/users', {
    body: { username: 'orphan-user', displayName: 'Orphan', password: TEST_PASSWORD, roles: ['auditor'], orgUnit: 'HQ' },
  });
  expect(created.status).toBe(201);
  await app.connection.collection('users').updateOne({ username: 'orphan-user' }, { $set: { orgUnit: 'UNIT-NOT-IN-TREE' } });

  const list = await app.request<{ items: { username: string; orgUnit: string }[] }>('GET', '/api/v1/users');
  expect(list.body.items.find((user) => user.username === 'orphan-user')).toMatchObject({ orgUnit: 'UNIT-NOT-IN-TREE' });
});

test("HQ's API-key list keeps a key whose unit the tree does not know", async () => {
  const created = await app.request<{ apiKey: { keyId: string } }>('POST', '/api/v1/api-keys', {
    body: { name: 'orphan key', orgUnit: 'HQ', roles: ['auditor'] },
  });
  expect(created.status).toBe(201);
  await app.connection.collection('api_keys').updateOne({ keyId: created.body.apiKey.keyId }, { $set: { orgUnit: 'UNIT-NOT-IN-TREE' } });

  const list = await app.request<{ items: { keyId: string; orgUnit: string }[] }>('GET', '/api/v1/api-keys');
  expect(list.body.items.find((key) => key.keyId === created.body.apiKey.keyId)).toMatchObject({ orgUnit: 'UNIT-NOT-IN-TREE' });
});
