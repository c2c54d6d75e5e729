import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createIntegrationKey, standardContent, type VersionView } from './helpers';

/**
 * The fast path (server/http/fast-routes.ts) must answer every request exactly as the general
 * Express route does. The app under test serves its full listener (fast path first); a second
 * server on the same app serves Express alone. Each case sends the same request to both and
 * compares status, headers and body, and checks which path the fast server actually used.
 */
let app: TestApp;
let express: http.Server;
let expressUrl: string;

beforeAll(async () => {
  app = await startTestApp();
  express = http.createServer(app.platform.app);
  await new Promise<void>((resolve) => express.listen(0, '127.0.0.1', resolve));
  expressUrl = `http://127.0.0.1:${(express.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    express.close(() => resolve());
    express.closeAllConnections();
  });
  await app.close();
});

interface Sent {
  path?: string;
  body?: string | (() => ReadableStream<Uint8Array>);
  token?: string | null;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: Record<string, unknown> | undefined;
}

const PATH = '/api/v1/rulesets/warning.obligor/evaluate';
let requestNumber = 0;

async function send(base: string, sent: Sent, requestId: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId, ...sent.headers };
  const token = sent.token === undefined ? app.config.adminApiKey : sent.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const body = typeof sent.body === 'function' ? sent.body() : sent.body;
  const response = await fetch(base + (sent.path ?? PATH), {
    method: 'POST',
    headers,
    body,
    ...(typeof sent.body === 'function' ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'date') answerHeaders[name] = value;
  });
  return { status: response.status, headers: answerHeaders, text, json };
}

/** Sends the request to both servers and expects the same answer; returns it and which path the fast server took. */
async function same(sent: Sent): Promise<{ answer: Answer; fast: boolean }> {
  const requestId = `same-${++requestNumber}`;
  const before = { ...app.platform.fastPath };
  const viaFastServer = await send(app.url, sent, requestId);
  const fast = app.platform.fastPath.served === before.served + 1;
  expect(fast || app.platform.fastPath.passedOn === before.passedOn + 1).toBe(true);
  const viaExpress = await send(expressUrl, sent, requestId);
  // Decisions get their own ids; everything else must match to the byte.
  const normalise = (answer: Answer) => ({ ...answer, text: answer.text.replace(/"decisionId":"[0-9a-f-]{36}"/, '"decisionId":"…"'), json: undefined });
  expect(normalise(viaFastServer)).toEqual(normalise(viaExpress));
  return { answer: viaFastServer, fast };
}

const facts = { dpd: 70, overdueAmount: 80000, scoreDrop: 130, customerTier: 'near-prime', channel: 'bank-branch', obligorId: 'OB1' };

test('a decision: same status, headers and body from both paths, and the fast path took it', async () => {
  const { answer, fast } = await same({ body: JSON.stringify({ facts }) });
  expect(fast).toBe(true);
  expect(answer.status).toBe(200);
  expect(answer.headers).toMatchObject({
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': expect.stringMatching(/^same-/),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  expect(answer.headers.etag).toBeUndefined();
  expect((answer.json!.events as { rule: string }[]).map((event) => event.rule)).toEqual(['red-dpd', 'orange-overdue-amount', 'orange-score-drop']);
});

test('a request id from a proxy is kept when sane and replaced when not, on both paths', async () => {
  const body = JSON.stringify({ facts });
  const kept = await send(app.url, { body }, 'proxy.id-1');
  expect(kept.headers['x-request-id']).toBe('proxy.id-1');
  const replaced = await send(app.url, { body }, 'not sane!');
  expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const unauthenticated = await send(app.url, { body, token: null }, 'not sane!');
  expect((unauthenticated.json!.error as { requestId: string }).requestId).toBe(unauthenticated.headers['x-request-id']);
});

test('no credential, a malformed one and an unknown one are 401s', async () => {
  const body = JSON.stringify({ facts });
  const missing = await same({ body, token: null });
  expect([missing.fast, missing.answer.status, (missing.answer.json!.error as { code: string }).code]).toEqual([true, 401, 'unauthenticated']);
  const malformed = await same({ body, token: null, headers: { authorization: 'Basic abc' } });
  expect([malformed.answer.status, (malformed.answer.json!.error as { code: string }).code]).toEqual([401, 'malformed_authorization']);
  const unknown = await same({ body, token: 'ppk_not-a-real-key-at-all-0123456789' });
  expect([unknown.answer.status, (unknown.answer.json!.error as { code: string }).code]).toEqual([401, 'invalid_credentials']);
});

test('a key restricted to other rule sets is a 403; its own rule set evaluates; any role may evaluate', async () => {
  const claimsOnly = await createIntegrationKey(app, 'fast-claims-only', { ruleSetKeys: ['claim.trigger'], evaluateOnly: true });
  const refused = await same({ body: JSON.stringify({ facts }), token: claimsOnly });
  expect([refused.fast, refused.answer.status, (refused.answer.json!.error as { code: string }).code]).toEqual([true, 403, 'rule_set_not_allowed']);
  const allowed = await same({
    path: '/api/v1/rulesets/claim.trigger/evaluate',
    body: JSON.stringify({ facts: { dpd: 95, claimPointDays: 90 } }),
    token: claimsOnly,
  });
  expect([allowed.fast, allowed.answer.status]).toEqual([true, 200]);
  const auditor = await app.createUserAndLogin('fast-auditor', ['auditor']);
  const byAuditor = await same({ body: JSON.stringify({ facts }), token: auditor });
  expect([byAuditor.fast, byAuditor.answer.status]).toEqual([true, 200]);
});

test('an unknown rule set and an unknown version are 404s; a draft version is a 422', async () => {
  const unknown = await same({ path: '/api/v1/rulesets/no.such/evaluate', body: JSON.stringify({ facts: {} }) });
  expect([unknown.fast, unknown.answer.status, (unknown.answer.json!.error as { code: string }).code]).toEqual([true, 404, 'no_published_version']);
  const missingVersion = await same({ body: JSON.stringify({ facts, version: 9 }) });
  expect(missingVersion.answer.status).toBe(404);
  const owner = await app.createUserAndLogin('fast-owner', ['policy-owner']);
  const draft = await app.request<VersionView>('POST', '/api/v1/rulesets/warning.obligor/versions', {
    body: { basedOnVersion: 1, ruleSet: standardContent('warning.obligor') },
    as: owner,
  });
  expect(draft.status).toBe(201);
  const unpublished = await same({ body: JSON.stringify({ facts, version: draft.body.version }) });
  expect([unpublished.fast, unpublished.answer.status, (unpublished.answer.json!.error as { code: string }).code]).toEqual([
    true,
    422,
    'version_not_published',
  ]);
});

test("bodies that are not JSON, or not an object or array, get body-parser's own messages", async () => {
  for (const body of ['{"facts": {', '"facts"', '42', '  true', '   ', 'nul', '{"facts": {}} x']) {
    const { answer, fast } = await same({ body });
    expect([body, fast, answer.status, (answer.json!.error as { code: string }).code]).toEqual([body, true, 400, 'malformed_json']);
  }
  // An empty body is `{}`, so the schema names the missing field; a byte order mark is dropped.
  const empty = await same({ body: '' });
  expect([empty.fast, empty.answer.status, (empty.answer.json!.error as { details: { path: string }[] }).details[0]!.path]).toEqual([true, 400, '/body/facts']);
  const withBom = await same({ body: `\ufeff${JSON.stringify({ facts })}` });
  expect([withBom.fast, withBom.answer.status]).toEqual([true, 200]);
  const arrayBody = await same({ body: '[]' });
  expect([arrayBody.fast, arrayBody.answer.status]).toEqual([true, 400]);
});

test('a body that breaks the request schema is a 400 naming each field', async () => {
  const { answer, fast } = await same({ body: JSON.stringify({ facts: 'none', version: 0, explain: 'yes', extra: 1 }) });
  expect([fast, answer.status]).toEqual([true, 400]);
  const error = answer.json!.error as { code: string; details: { path: string }[] };
  expect(error.code).toBe('invalid_input');
  expect(error.details.map((detail) => detail.path).sort()).toEqual(['/body/explain', '/body/extra', '/body/facts', '/body/version']);
  const missing = await same({ body: JSON.stringify({ explain: true }) });
  expect((missing.answer.json!.error as { details: { path: string; message: string }[] }).details).toEqual([
    { path: '/body/facts', message: 'is required', keyword: 'required' },
  ]);
});

test("facts that break the family's fact schema are a 400 invalid_facts naming the paths", async () => {
  const { answer, fast } = await same({ body: JSON.stringify({ facts: { dpd: 'ninety', customerTier: 7 } }) });
  expect([fast, answer.status]).toEqual([true, 400]);
  const error = answer.json!.error as { code: string; details: { path: string }[] };
  expect(error.code).toBe('invalid_facts');
  // customerTier 7 breaks both its type and its value domain: one path, two details.
  expect([...new Set(error.details.map((detail) => detail.path))].sort()).toEqual(['/body/facts/customerTier', '/body/facts/dpd']);
});

test('explain, a named version and an org unit answer the same on both paths', async () => {
  const explained = await same({
    path: '/api/v1/rulesets/collection.action/evaluate',
    body: JSON.stringify({ facts: { channel: 'call', localTime: '22:01', debtorConsent: false }, explain: true }),
  });
  expect([explained.fast, explained.answer.status]).toEqual([true, 200]);
  expect((explained.answer.json!.explanation as { rules: unknown[] }).rules.length).toBeGreaterThan(1);
  const named = await same({ body: JSON.stringify({ facts, version: 1, orgUnit: 'HQ' }) });
  expect([named.fast, named.answer.status, (named.answer.json!.ruleSet as { version: number }).version]).toEqual([true, 200, 1]);
  const unknownUnit = await same({ body: JSON.stringify({ facts, orgUnit: 'NO-SUCH-UNIT' }) });
  expect([unknownUnit.fast, unknownUnit.answer.status >= 400]).toEqual([true, true]);
});

test('requests the fast path does not take go to Express and are answered as there', async () => {
  const body = JSON.stringify({ facts });
  const passed: Sent[] = [
    { path: `${PATH}/`, body },
    { path: '/api/v1/rulesets/warning%2Eobligor/evaluate', body },
    { path: '/API/v1/rulesets/warning.obligor/evaluate', body },
    { body, headers: { 'content-type': 'text/plain' } },
    { body, headers: { 'content-type': 'application/json; charset=latin1' } },
    { body: () => new Blob([body]).stream() },
  ];
  for (const sent of passed) {
    const { answer, fast } = await same(sent);
    expect([sent.path ?? sent.headers ?? 'streamed', fast]).toEqual([sent.path ?? sent.headers ?? 'streamed', false]);
    expect(answer.status).toBeLessThan(500);
  }
  const withQuery = await same({ path: `${PATH}?trace=1`, body });
  expect([withQuery.fast, withQuery.answer.status]).toEqual([true, 200]);
  const batch = await same({ path: `${PATH}/batch`, body: JSON.stringify({ items: [{ facts }] }) });
  expect([batch.fast, batch.answer.status]).toEqual([false, 200]);
});

test('both paths write the same request log line, without personal data', async () => {
  const lines: string[] = [];
  const logged = await startTestApp({ LOG_LEVEL: 'info' }, { logLines: lines });
  const general = http.createServer(logged.platform.app);
  await new Promise<void>((resolve) => general.listen(0, '127.0.0.1', resolve));
  try {
    const body = { facts: { ...facts, name: '张三', phone: '13800138000' } };
    const requestLines = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request');
    const fastAnswer = await logged.request('POST', PATH, { body, headers: { 'x-request-id': 'log-fast' } });
    await fetch(`http://127.0.0.1:${(general.address() as AddressInfo).port}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${logged.config.adminApiKey}`, 'x-request-id': 'log-express' },
      body: JSON.stringify(body),
    }).then((response) => response.text());
    await logged.request('POST', PATH, { body: { facts: 'none' }, headers: { 'x-request-id': 'log-fast-400' } });
    expect(fastAnswer.status).toBe(200);
    const byId = Object.fromEntries(
      requestLines().map(({ time: _time, durationMs, ...line }) => [line.requestId as string, { ...line, durationMs: typeof durationMs }]),
    );
    const common = { level: 30, service: 'policy-platform', method: 'POST', route: '/rulesets/:key/evaluate', msg: 'request', durationMs: 'number' };
    expect(byId['log-fast']).toEqual({ ...common, requestId: 'log-fast', status: 200 });
    expect(byId['log-express']).toEqual({ ...common, requestId: 'log-express', status: 200 });
    expect(byId['log-fast-400']).toEqual({ ...common, requestId: 'log-fast-400', status: 400 });
    expect(lines.join('\n')).not.toMatch(/13800138000|张三/);
  } finally {
    await new Promise<void>((resolve) => {
      general.close(() => resolve());
      general.closeAllConnections();
    });
    await logged.close();
  }
});

test('every decision the fast path answers is in the log once the app has shut down', async () => {
  const second = await startTestApp({ DECISION_LOG_FLUSH_MS: '10000', DECISION_LOG_BATCH_SIZE: '64' });
  try {
    const served = second.platform.fastPath.served;
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, index) =>
        second.request<{ decisionId: string }>('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts: { ...facts, dpd: index % 120 } } }),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(second.platform.fastPath.served).toBe(served + 300);
    // 300 is not a multiple of the batch size: the last decisions wait for the flush at shutdown.
    await second.platform.close();
    const stored = await second.connection
      .collection('decisions')
      .find({}, { projection: { decisionId: 1 } })
      .toArray();
    expect(stored.map((item) => item.decisionId).sort()).toEqual(responses.map((response) => response.body.decisionId).sort());
  } finally {
    await second.close();
  }
});
