import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Each unit's complaint organisation (Art. 24) and published channels (Art. 25), set by HQ:
 * revisioned (409 on a stale revision), audited, and refused without an online channel for a
 * unit doing internet business (HQ itself does wherever INTERNET_CHANNELS is set).
 */
let app: TestApp;
let branchAdmin: string;
let branchOperator: string;
let otherOperator: string;

interface Settings {
  orgUnit: string;
  revision: number;
  department: string | null;
  internetBusiness: boolean;
  channels: Record<string, string>;
}

const body = (overrides: Record<string, unknown> = {}) => ({
  seniorManager: { title: 'Deputy general manager', userName: 'wang.deputy' },
  department: 'Customer complaints office',
  internetBusiness: false,
  channels: { hotline: '95500', mailbox: 'complaints@insurer.example', postalAddress: '1 Bund Road, Shanghai' },
  ...overrides,
});

beforeAll(async () => {
  app = await startTestApp({ INTERNET_CHANNELS: 'online-*' });
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  branchAdmin = await app.createUserAndLogin('cs-admin-sh', ['admin'], 'BR-SH');
  branchOperator = await app.createUserAndLogin('cs-op-sh', ['branch-operator'], 'BR-SH');
  otherOperator = await app.createUserAndLogin('cs-op-bj', ['branch-operator'], 'BR-BJ');
}, 120_000);
afterAll(() => app.close());

test('a unit doing internet business must publish an online channel: refused field by field without it, stored with it', async () => {
  const refused = await app.request<ErrorBody>('PUT', '/api/v1/complaints/settings/BR-SH', { body: body({ internetBusiness: true }) });
  expect(refused.status).toBe(400);
  expect(refused.body.error.code).toBe('invalid_input');
  expect(refused.body.error.details).toEqual([expect.objectContaining({ path: '/body/channels/online' })]);
  // HQ does internet business wherever INTERNET_CHANNELS is set, whatever the flag says.
  const hq = await app.request<ErrorBody>('PUT', '/api/v1/complaints/settings/HQ', { body: body() });
  expect([hq.status, hq.body.error.details[0]?.path]).toEqual([400, '/body/channels/online']);

  const stored = await app.request<Settings>('PUT', '/api/v1/complaints/settings/BR-SH', {
    body: body({ internetBusiness: true, channels: { hotline: '95500', online: 'https://insurer.example/complaints' } }),
  });
  expect([stored.status, stored.text.slice(0, 300)]).toEqual([200, expect.any(String)]);
  expect(stored.body).toMatchObject({ orgUnit: 'BR-SH', revision: 1, internetBusiness: true, channels: { online: 'https://insurer.example/complaints' } });
  const hqStored = await app.request<Settings>('PUT', '/api/v1/complaints/settings/HQ', { body: body({ channels: { online: 'https://insurer.example/c' } }) });
  expect([hqStored.status, hqStored.body.internetBusiness]).toEqual([200, true]);
}, 60_000);

test('settings are revisioned and audited, set only by HQ, read within scope', async () => {
  const first = await app.request<Settings>('PUT', '/api/v1/complaints/settings/BR-BJ', { body: body() });
  expect([first.status, first.body.revision]).toEqual([200, 1]);
  // Stale: still revision 0.
  expect((await app.request('PUT', '/api/v1/complaints/settings/BR-BJ', { body: body({ revision: 0 }) })).status).toBe(409);
  const second = await app.request<Settings>('PUT', '/api/v1/complaints/settings/BR-BJ', { body: body({ revision: 1, department: 'Service quality' }) });
  expect([second.status, second.body.revision, second.body.department]).toEqual([200, 2, 'Service quality']);

  const audit = await app.request<{ items: { action: string; before: unknown; after: { department: string } }[] }>(
    'GET',
    '/api/v1/audit?entityKind=complaint-settings&entityId=BR-BJ',
  );
  expect(audit.body.items.map((entry) => [entry.action, entry.after.department])).toEqual([
    ['set-complaint-settings', 'Service quality'],
    ['set-complaint-settings', 'Customer complaints office'],
  ]);

  // A branch admin may not set them; a branch reads its own, not another's.
  expect((await app.request('PUT', '/api/v1/complaints/settings/BR-SH', { as: branchAdmin, body: body() })).status).toBe(403);
  expect((await app.request<Settings>('GET', '/api/v1/complaints/settings/BR-BJ', { as: otherOperator })).body.department).toBe('Service quality');
  expect((await app.request('GET', '/api/v1/complaints/settings/BR-BJ', { as: branchOperator })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/complaints/settings/NOPE')).status).toBe(422);
}, 60_000);
