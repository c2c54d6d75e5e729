import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type ErrorBody = { error: { code: string; details: { path?: string; message: string }[] } };
type UserBody = { username: string; roles: string[]; version: number; active: boolean; orgUnit: string };

test('an admin creates, reads and lists users; the hash never leaves the server', async () => {
  const created = await app.request<UserBody>('POST', '/api/v1/users', {
    body: { username: 'alice', displayName: 'Alice 审批', password: TEST_PASSWORD, roles: ['approver'], orgUnit: 'HQ' },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ username: 'alice', roles: ['approver'], version: 1, active: true, orgUnit: 'HQ' });
  expect(created.text).not.toMatch(/password/i);

  expect((await app.request<UserBody>('GET', '/api/v1/users/alice')).body.username).toBe('alice');
  const list = await app.request<{ items: UserBody[] }>('GET', '/api/v1/users');
  expect(list.body.items.map((user) => user.username)).toContain('alice');
  expect((await app.request('GET', '/api/v1/users/nobody')).status).toBe(404);
});

test('invalid bodies get 400 with one detail per field', async () => {
  const response = await app.request<ErrorBody>('POST', '/api/v1/users', {
    body: { username: 'UPPER case', password: 123, roles: 'admin', favouriteColour: 'blue' },
  });
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_input');
  const paths = response.body.error.details.map((detail) => detail.path);
  expect(paths).toEqual(expect.arrayContaining(['/body/username', '/body/password', '/body/roles', '/body/favouriteColour']));
});

test('a weak password is refused with the reason on the password field', async () => {
  const response = await app.request<ErrorBody>('POST', '/api/v1/users', { body: { username: 'weak', password: 'aaaaaaaaaaaaaaaa', roles: ['auditor'] } });
  expect(response.status).toBe(400);
  expect(response.body.error).toMatchObject({
    code: 'weak_password',
    details: [{ path: '/body/password', message: 'must use at least 5 different characters' }],
  });
  const common = await app.request<ErrorBody>('POST', '/api/v1/users', { body: { username: 'commoner', password: 'password1234', roles: ['auditor'] } });
  expect(common.status).toBe(400);
  expect(common.body.error).toMatchObject({
    code: 'weak_password',
    details: [{ path: '/body/password', message: expect.stringMatching(/most common passwords/) }],
  });
  const named = await app.request<ErrorBody>('POST', '/api/v1/users', { body: { username: 'namesake', password: 'my-Namesake-secret-7', roles: ['auditor'] } });
  expect(named.status).toBe(400);
  expect(named.body.error.details).toEqual([{ path: '/body/password', message: 'must not contain the user name' }]);
  expect((await app.request('GET', '/api/v1/users/weak')).status).toBe(404);
});

test('a taken username is a 409', async () => {
  await app.request('POST', '/api/v1/users', { body: { username: 'bob', password: TEST_PASSWORD, roles: ['auditor'] } });
  const again = await app.request<ErrorBody>('POST', '/api/v1/users', { body: { username: 'bob', password: TEST_PASSWORD, roles: ['admin'] } });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('username_taken');
  expect((await app.request<UserBody>('GET', '/api/v1/users/bob')).body.roles).toEqual(['auditor']);
});

test('updates carry the version they read; a stale one is a 409 and changes nothing', async () => {
  await app.request('POST', '/api/v1/users', { body: { username: 'carol', password: TEST_PASSWORD, roles: ['auditor'] } });
  const first = await app.request<UserBody>('PATCH', '/api/v1/users/carol', { body: { version: 1, roles: ['policy-owner'] } });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ version: 2, roles: ['policy-owner'] });

  const stale = await app.request<ErrorBody>('PATCH', '/api/v1/users/carol', { body: { version: 1, roles: ['admin'] } });
  expect(stale.status).toBe(409);
  expect(stale.body.error.code).toBe('stale_version');
  expect((await app.request<UserBody>('GET', '/api/v1/users/carol')).body.roles).toEqual(['policy-owner']);
});

test('six simultaneous edits of one user version: one lands, five get 409 (on FerretDB too)', async () => {
  await app.request('POST', '/api/v1/users', { body: { username: 'erin', password: TEST_PASSWORD, roles: ['auditor'] } });
  const edits = await Promise.all(
    ['policy-owner', 'approver', 'auditor', 'branch-operator', 'policy-owner', 'approver'].map((role) =>
      app.request('PATCH', '/api/v1/users/erin', { body: { version: 1, roles: [role] } }),
    ),
  );
  expect(edits.map((edit) => edit.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  expect((await app.request<UserBody>('GET', '/api/v1/users/erin')).body.version).toBe(2);
});

test('deactivating a user ends their sessions at once', async () => {
  const token = await app.createUserAndLogin('dave', ['auditor']);
  expect((await app.request('GET', '/api/v1/auth/me', { as: token })).status).toBe(200);
  const user = (await app.request<UserBody>('GET', '/api/v1/users/dave')).body;
  await app.request('PATCH', '/api/v1/users/dave', { body: { version: user.version, active: false } });
  expect((await app.request('GET', '/api/v1/auth/me', { as: token })).status).toBe(401);
  expect((await app.request('POST', '/api/v1/auth/login', { body: { username: 'dave', password: TEST_PASSWORD }, as: null })).status).toBe(401);
});
