import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { standardContent } from '../rulesets/helpers';

/**
 * A request the browser sends with the session cookie must show it came from the studio's own
 * script: `application/json` or an X-Requested-With header, neither of which another site can
 * send without a CORS preflight. Bearer credentials are not sent by browsers on their own.
 */
let app: TestApp;
let cookie: string;
let token: string;
let version: number;

beforeAll(async () => {
  app = await startTestApp();
  await app.request('POST', '/api/v1/users', { body: { username: 'cookie-owner', password: TEST_PASSWORD, roles: ['policy-owner', 'admin'] } });
  const login = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cookie-owner', password: TEST_PASSWORD }),
  });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  token = ((await login.json()) as { token: string }).token;
  const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
    body: { basedOnVersion: 1, ruleSet: standardContent('warning.obligor') },
    as: token,
  });
  version = draft.body.version;
});
afterAll(() => app.close());

async function post(path: string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${app.url}/api/v1${path}`, { method, headers });
  const body = (await response.json().catch(() => undefined)) as { error?: { code: string } } | undefined;
  return { status: response.status, code: body?.error?.code };
}

test('a bodyless state change with the session cookie and a form-like content type, or none, is 403 csrf', async () => {
  const submit = `/rulesets/warning.obligor/versions/${version}/submit`;
  for (const headers of [
    { cookie } as Record<string, string>,
    { cookie, 'content-type': 'text/plain' },
    { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    { cookie, 'content-type': 'multipart/form-data; boundary=x' },
  ]) {
    expect(await post(submit, headers)).toEqual({ status: 403, code: 'csrf' });
  }
  expect(await post('/api-keys/key_0000000000000000', { cookie }, 'DELETE')).toEqual({ status: 403, code: 'csrf' });
  expect(await post('/auth/logout', { cookie })).toEqual({ status: 403, code: 'csrf' });
  // Nothing moved.
  const read = await app.request<{ state: string }>('GET', `/api/v1/rulesets/warning.obligor/versions/${version}`);
  expect(read.body.state).toBe('draft');
});

test('with X-Requested-With (what the studio sends) or application/json the same cookie works; Bearer needs neither', async () => {
  expect((await post(`/rulesets/warning.obligor/versions/${version}/submit`, { cookie, 'x-requested-with': 'pp-studio' })).status).toBe(200);
  const comment = await fetch(`${app.url}/api/v1/rulesets/warning.obligor/versions/${version}/comments`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'looks right' }),
  });
  expect(comment.status).toBe(201);
  expect((await post('/api-keys/key_0000000000000000', { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, 'DELETE')).status).toBe(404);
  expect((await post('/auth/logout', { cookie, 'x-requested-with': 'pp-studio' })).status).toBe(204);
});
