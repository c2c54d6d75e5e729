import { ensureBootstrapCredentials } from '../../../server/identity/bootstrap';
import { createLogger } from '../../../server/logger';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';

/**
 * Maker-checker (server/identity/natural-person.ts) reads who created every account and key
 * (`creator`) and who set its roles when (`roleHistory`). Every writer keeps both: the first start
 * (ADMIN_API_KEY, demo users), an admin creating users and keys, an admin changing roles.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type Stored = { username?: string; name?: string; creator?: unknown; roleHistory?: { at: Date; roles: string[]; by: string }[]; roles: string[] };

test('every account and key the platform writes names its creator and the history of its roles', async () => {
  // The first start's demo users (the bootstrap key exists already: the test app runs with ADMIN_API_KEY).
  const firstStart = { ...app.config, adminApiKey: undefined, nodeEnv: 'development' as const };
  const { users, apiKeys } = app.platform.services;
  await ensureBootstrapCredentials(
    firstStart,
    { users, apiKeys, countUsers: async () => 0, activeDemoUsers: async () => [] },
    createLogger('silent'),
    () => {},
    false,
  );

  expect((await app.request('POST', '/api/v1/users', { body: { username: 'clerk', password: TEST_PASSWORD, roles: ['auditor'] } })).status).toBe(201);
  const clerk = await app.request<{ version: number }>('GET', '/api/v1/users/clerk');
  expect((await app.request('PATCH', '/api/v1/users/clerk', { body: { version: clerk.body.version, roles: ['approver'] } })).status).toBe(200);
  expect((await app.request('POST', '/api/v1/api-keys', { body: { name: 'clerk key', username: 'clerk' } })).status).toBe(201);
  expect((await app.request('POST', '/api/v1/api-keys', { body: { name: 'robot', orgUnit: 'HQ', roles: ['integration'] } })).status).toBe(201);

  const accounts = [
    ...(await app.connection.collection<Stored>('users').find({}).toArray()).map((user) => ({ ...user, name: `user ${user.username}` })),
    ...(await app.connection.collection<Stored>('api_keys').find({}).toArray()).map((key) => ({ ...key, name: `key ${key.name}` })),
  ];
  expect(accounts.map((account) => account.name).sort()).toEqual(
    ['user admin', 'user owner', 'user approver', 'user clerk', 'key bootstrap admin (ADMIN_API_KEY)', 'key clerk key', 'key robot'].sort(),
  );
  for (const account of accounts) {
    expect({ account: account.name, creator: typeof account.creator, entries: account.roleHistory?.length ?? 0 }).toEqual({
      account: account.name,
      creator: 'string',
      entries: account.name === 'user clerk' ? 2 : 1,
    });
    // The last entry is the roles the record holds.
    expect({ account: account.name, roles: account.roleHistory!.at(-1)!.roles }).toEqual({ account: account.name, roles: account.roles });
  }
});
