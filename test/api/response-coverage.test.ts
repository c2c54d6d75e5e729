import { alertsOf, runJob } from '../support/monitoring-helpers';
import { monitoringPortfolio } from '../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The test app checks every success answer against its declared schema, but only answers some
 * test asks for. These are the routes no other API test reached with a success (found by logging
 * each checked answer over test/api): each is called here once, so its schema is checked too.
 */
let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
  for (const [name, roles, unit] of [
    ['hq-owner', ['policy-owner'], 'HQ'],
    ['hq-approver', ['approver'], 'HQ'],
    ['sh-owner', ['policy-owner'], 'BR-SH'],
    ['sh-approver', ['approver'], 'BR-SH'],
  ] as const) {
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
  }
}, 60_000);
afterAll(() => app.close());

const GRANTS = '/api/v1/authority/grants/BR-SH/warning.obligor/versions';
const OVERLAYS = '/api/v1/authority/overlays/BR-SH/warning.obligor/versions';

async function step(
  method: string,
  path: string,
  body: unknown,
  token: string | undefined,
  status = 200,
): Promise<{ version: number; state: string; revision: number }> {
  const response = await app.request<{ version: number; state: string; revision: number }>(method, path, { body, as: token });
  expect({ call: `${method} ${path}`, status: response.status, text: response.status === status ? '' : response.text }).toEqual({
    call: `${method} ${path}`,
    status,
    text: '',
  });
  return response.body;
}

test('the webhook event types', async () => {
  const types = await app.request<{ items: string[] }>('GET', '/api/v1/webhooks/event-types');
  expect(types.status).toBe(200);
  expect(types.body.items).toContain('alert.raised');
});

test('a grant rejected; an overlay edited and rejected', async () => {
  const grant = { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } };
  const rejected = await step('POST', GRANTS, { basedOnVersion: 0, grant }, as['hq-owner'], 201);
  await step('POST', `${GRANTS}/${rejected.version}/submit`, {}, as['hq-owner']);
  expect(await step('POST', `${GRANTS}/${rejected.version}/reject`, { reason: 'too wide' }, as['hq-approver'])).toMatchObject({ state: 'rejected' });

  const granted = await step('POST', GRANTS, { basedOnVersion: rejected.version, grant }, as['hq-owner'], 201);
  await step('POST', `${GRANTS}/${granted.version}/submit`, {}, as['hq-owner']);
  await step('POST', `${GRANTS}/${granted.version}/approve`, { reason: 'checked' }, as['hq-approver']);
  await step('POST', `${GRANTS}/${granted.version}/publish`, {}, as['hq-approver']);

  const draft = await step('POST', OVERLAYS, { basedOnVersion: 0, values: { orangeDpd: 35 } }, as['sh-owner'], 201);
  const edited = await step('PUT', `${OVERLAYS}/${draft.version}`, { revision: draft.revision, values: { orangeDpd: 30 } }, as['sh-owner']);
  expect(edited.revision).toBe(draft.revision + 1);
  await step('POST', `${OVERLAYS}/${draft.version}/submit`, {}, as['sh-owner']);
  expect(await step('POST', `${OVERLAYS}/${draft.version}/reject`, { reason: 'keep 35' }, as['sh-approver'])).toMatchObject({ state: 'rejected' });
});

test('a comment on an alert', async () => {
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() })).status).toBe(200);
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const alert = (await alertsOf(app))[0]!;
  const commented = await app.request<{ alert: { revision: number } }>('POST', `/api/v1/alerts/${encodeURIComponent(alert.alertId)}/comments`, {
    body: { revision: alert.revision, text: 'calling the obligor' },
  });
  expect(commented.status).toBe(200);
  expect(commented.body.alert.revision).toBe(alert.revision + 1);
}, 120_000);
