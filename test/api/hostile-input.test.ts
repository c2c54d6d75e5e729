import { startTestApp, type TestApp } from '../support/test-app';
import { standardContent } from './rulesets/helpers';

type ErrorBody = { error: { code: string; message: string } };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const JSON_HEADERS = { 'content-type': 'application/json' };

test('a body nested 10,000 deep is a 400 malformed_json, on the general routes and on the evaluation fast path', async () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  const facts = (nested: string): string => `{"facts":{"deep":${nested}}}`;
  const outcomes: unknown[] = [];
  const expected: unknown[] = [];
  for (const rawBody of [deep, deepObject, facts(deep), facts(deepObject)]) {
    for (const path of [
      '/api/v1/users',
      '/api/v1/rulesets/warning.obligor/evaluate',
      '/api/v1/rulesets/warning.obligor/evaluate/batch',
      '/api/v1/rulesets/warning.obligor/versions/1/try',
    ]) {
      const response = await app.request<ErrorBody>('POST', path, { rawBody, headers: JSON_HEADERS });
      outcomes.push({ path, body: rawBody.slice(0, 12), status: response.status, code: response.body.error?.code });
      expected.push({ path, body: rawBody.slice(0, 12), status: 400, code: 'malformed_json' });
    }
  }
  expect(outcomes).toEqual(expected);
});

test('a gzip body that is not gzip is a 400, not a 500', async () => {
  for (const path of ['/api/v1/users', '/api/v1/rulesets/warning.obligor/evaluate']) {
    const response = await app.request<ErrorBody>('POST', path, {
      rawBody: 'this is not gzip at all',
      headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
    });
    expect({ path, status: response.status, code: response.body.error?.code }).toEqual({ path, status: 400, code: 'malformed_body' });
  }
});

test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('webhook event type %s is a 400 wherever an event type is taken', async (eventType) => {
  const created = await app.request<ErrorBody>('POST', '/api/v1/webhooks/subscriptions', {
    body: { url: 'https://hooks.example.com/in', eventTypes: [eventType] },
  });
  expect(created.status).toBe(400);
  expect(created.body.error.code).toBe('invalid_input');
  for (const path of [`/api/v1/webhooks/subscriptions?eventType=${eventType}`, `/api/v1/webhooks/deliveries?eventType=${eventType}`]) {
    const listed = await app.request<ErrorBody>('GET', path);
    expect({ path, status: listed.status }).toEqual({ path, status: 400 });
  }
});

test.each(['constructor', '__proto__', 'toString'])('a rule or a test naming event type %s is refused with 422 on submission, not a 500', async (type) => {
  const latest = async (): Promise<number> =>
    (await app.request<{ summary: { latestVersion: number } }>('GET', '/api/v1/rulesets/warning.obligor')).body.summary.latestVersion;
  const ruleEvent = standardContent('warning.obligor');
  (ruleEvent.rules as unknown as { event: { type: string } }[])[0]!.event.type = type;
  const testEvent = standardContent('warning.obligor');
  (testEvent.tests as { expect: { events: { type: string }[] } }[])[0]!.expect.events = [{ type }];
  for (const content of [ruleEvent, testEvent]) {
    const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/warning.obligor/versions', {
      body: { basedOnVersion: await latest(), ruleSet: content },
    });
    expect(draft.status).toBe(201);
    const submitted = await app.request<ErrorBody>('POST', `/api/v1/rulesets/warning.obligor/versions/${draft.body.version}/submit`, { body: {} });
    expect(submitted.status).toBe(422);
    expect(submitted.body.error.code).toBe('rule_set_invalid');
  }
});
