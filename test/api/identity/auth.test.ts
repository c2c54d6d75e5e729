import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.request('POST', '/api/v1/users', { body: { username: 'olivia', password: TEST_PASSWORD, roles: ['policy-owner'] } });
});
afterAll(() => app.close());

type ErrorBody = { error: { code: string; message: string; details: { path?: string; message: string }[] } };

test('login sets an HttpOnly SameSite session cookie that authenticates the studio', async () => {
  const response = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'olivia', password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^pp_session=pps_/);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  const body = (await response.json()) as { user: { username: string; roles: string[] }; token: string };
  expect(body.user).toMatchObject({ username: 'olivia', roles: ['policy-owner'] });
  expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt/);

  const me = await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ kind: 'user', name: 'olivia', orgUnit: 'HQ', roles: ['policy-owner'], via: 'session' });
});

test('the session token also works as a Bearer token, until logout', async () => {
  const login = await app.request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username: 'olivia', password: TEST_PASSWORD }, as: null });
  const token = login.body.token;
  expect((await app.request('GET', '/api/v1/auth/me', { as: token })).status).toBe(200);
  expect((await app.request('POST', '/api/v1/auth/logout', { as: token })).status).toBe(204);
  const after = await app.request<ErrorBody>('GET', '/api/v1/auth/me', { as: token });
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('invalid_credentials');
});

test('bad credentials get 401 with the same message for unknown users and wrong passwords', async () => {
  const wrongPassword = await app.request<ErrorBody>('POST', '/api/v1/auth/login', { body: { username: 'olivia', password: 'not the password' }, as: null });
  const unknownUser = await app.request<ErrorBody>('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'not the password' }, as: null });
  expect(wrongPassword.status).toBe(401);
  expect(unknownUser.status).toBe(401);
  expect(wrongPassword.body.error).toEqual({ ...unknownUser.body.error, requestId: expect.any(String) });
  expect(wrongPassword.body.error.code).toBe('bad_credentials');
});

test('missing, malformed and unknown credentials are 401; wrong role is 403', async () => {
  const missing = await app.request<ErrorBody>('GET', '/api/v1/users', { as: null });
  expect(missing.status).toBe(401);
  expect(missing.body.error.code).toBe('unauthenticated');

  const malformed = await app.request<ErrorBody>('GET', '/api/v1/users', { as: null, headers: { authorization: 'Basic abc' } });
  expect(malformed.status).toBe(401);
  expect(malformed.body.error.code).toBe('malformed_authorization');

  const unknown = await app.request<ErrorBody>('GET', '/api/v1/users', { as: 'ppk_not-a-real-key' });
  expect(unknown.status).toBe(401);

  const ownerToken = (await app.request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username: 'olivia', password: TEST_PASSWORD }, as: null }))
    .body.token;
  const forbidden = await app.request<ErrorBody>('GET', '/api/v1/users', { as: ownerToken });
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.error.code).toBe('forbidden');
});

test('41 simultaneous guesses: each is counted before its hash is checked, so the right password among them is refused once the limit is reached', async () => {
  await app.request('POST', '/api/v1/users', { body: { username: 'parallel', password: TEST_PASSWORD, roles: ['auditor'] } });
  const attempt = (password: string) => app.request<ErrorBody>('POST', '/api/v1/auth/login', { body: { username: 'parallel', password }, as: null });
  const guesses = Array.from({ length: 40 }, (_, index) => attempt(`wrong password number ${index}`));
  const right = attempt(TEST_PASSWORD);
  const responses = await Promise.all([...guesses, right]);
  const statuses = responses.map((response) => response.status);
  // At most ten attempts reach the password check; every other one is a 429 without hashing.
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(31);
  expect((await right).status).toBe(429);
  expect(statuses).not.toContain(200);
  const after = await attempt(TEST_PASSWORD);
  expect(after.status).toBe(429);
  expect(after.body.error.code).toBe('too_many_attempts');
});

test('repeated failed logins lock the username out with 429', async () => {
  await app.request('POST', '/api/v1/users', { body: { username: 'target', password: TEST_PASSWORD, roles: ['auditor'] } });
  for (let attempt = 0; attempt < 10; attempt++) {
    expect((await app.request('POST', '/api/v1/auth/login', { body: { username: 'target', password: 'guess number ' + attempt }, as: null })).status).toBe(401);
  }
  const locked = await app.request<ErrorBody>('POST', '/api/v1/auth/login', { body: { username: 'target', password: TEST_PASSWORD }, as: null });
  expect(locked.status).toBe(429);
  expect(locked.body.error.code).toBe('too_many_attempts');
});
