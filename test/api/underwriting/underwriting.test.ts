import type { UnderwritingBatchCheck, UnderwritingCheck, UnderwritingRecordDetail, UnderwritingRecordList } from '../../../server/generated/schema-types';
import { createOrgUnits } from '../authority/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The new-business block list and credit limits (Arts 4, 8) over HTTP on the monitoring
 * portfolio (test/support/monitoring-portfolio.ts): OB-E (BR-SH) pays on time and is never
 * warned, OB-B (BR-SH, subprime) turns orange on 08-20 and misses its deadline, OB-F (BR-BJ) is
 * red on 08-10 and cleared on 08-20.
 */
let app: TestApp;
const sink = new RecordingSink();
let maker: string;
let approver: string;
let makerApprover: string;
let beijing: string;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const imported = await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  if (imported.status !== 200) throw new Error(imported.text);
  maker = await app.createUserAndLogin('uw-maker', ['branch-operator'], 'BR-SH');
  approver = await app.createUserAndLogin('uw-approver', ['approver'], 'BR-SH');
  makerApprover = await app.createUserAndLogin('uw-both', ['branch-operator', 'approver'], 'BR-SH');
  beijing = await app.createUserAndLogin('uw-beijing', ['branch-operator', 'approver'], 'BR-BJ');
}, 240_000);

afterAll(() => app.close());

const check = async (obligorId: string, as?: string) => (await app.request<UnderwritingCheck>('GET', `/api/v1/underwriting/checks/${obligorId}`, { as })).body;

test("a funder's notice blocks the obligor until a rectification is recorded and confirmed by another user, then not", async () => {
  expect(await check('OB-E')).toMatchObject({ known: true, blocked: false, limitShare: 1, reasons: [] });

  const notice = await app.request<UnderwritingRecordDetail>('POST', '/api/v1/underwriting/notices', {
    as: maker,
    body: { obligorId: 'OB-E', funder: 'Bank of Example', date: '2025-08-01', evidenceRef: 'DOC-778' },
  });
  expect(notice.status).toBe(201);
  const { record } = notice.body;
  expect(record).toMatchObject({ kind: 'block', scope: 'obligor', orgUnit: 'BR-SH', status: 'active', active: true, endOn: null });
  expect(record.source).toEqual({ kind: 'funder-notice', funder: 'Bank of Example', noticeDate: '2025-08-01', evidenceRef: 'DOC-778' });
  const blocked = await check('OB-E');
  expect(blocked).toMatchObject({ blocked: true, limitShare: 1 });
  expect(blocked.reasons).toEqual([expect.objectContaining({ recordId: record.recordId, startOn: '2025-08-01', endOn: null, source: record.source })]);

  const rectified = await app.request<UnderwritingRecordDetail>('POST', `/api/v1/underwriting/records/${record.recordId}/rectification`, {
    as: makerApprover,
    body: { revision: 1, note: 'the funds were returned to the purpose agreed', evidenceRef: 'DOC-779' },
  });
  expect(rectified.status).toBe(200);
  expect(rectified.body.record.status).toBe('rectification-recorded');
  // Recorded, not confirmed: still blocked.
  expect((await check('OB-E')).blocked).toBe(true);

  const own = await app.request<{ error: { code: string } }>('POST', `/api/v1/underwriting/records/${record.recordId}/confirm`, {
    as: makerApprover,
    body: { revision: 2 },
  });
  expect([own.status, own.body.error.code]).toEqual([403, 'maker_checker']);
  expect((await check('OB-E')).blocked).toBe(true);

  const confirmed = await app.request<UnderwritingRecordDetail>('POST', `/api/v1/underwriting/records/${record.recordId}/confirm`, {
    as: approver,
    body: { revision: 2 },
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.record).toMatchObject({
    status: 'ended',
    active: false,
    rectification: expect.objectContaining({ recordedBy: 'uw-both', confirmedBy: 'uw-approver' }),
  });
  expect(confirmed.body.history.map((entry) => entry.action)).toEqual(['created', 'rectification-recorded', 'rectification-confirmed']);
  expect(await check('OB-E')).toMatchObject({ blocked: false, reasons: [] });

  // The webhooks carry ids only: never the funder, its evidence or the notes.
  const events = await waitUntil(
    () => {
      const found = sink.events.filter((event) => event.type.startsWith('underwriting.') && event.data.recordId === record.recordId);
      return found.length === 2 && found;
    },
    10_000,
    'the underwriting events of the notice',
  );
  expect(events.map((event) => event.type)).toEqual(['underwriting.blocked', 'underwriting.unblocked']);
  const text = JSON.stringify(events);
  for (const secret of ['Bank of Example', 'DOC-77', 'funds were returned']) expect(text).not.toContain(secret);
});

test('the monitoring run blocks on suspend-new-credit until the alert closes, and orange cuts accumulate (0.7 x 0.8 = 0.56)', async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-10' });
  expect(await check('OB-F')).toMatchObject({ blocked: true, limitShare: 1 });
  expect((await check('OB-F')).reasons).toEqual([
    expect.objectContaining({
      kind: 'block',
      scope: 'obligor',
      startOn: '2025-08-10',
      source: expect.objectContaining({ kind: 'measure', action: 'suspend-new-credit' }),
    }),
  ]);

  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  // F's signal cleared: its alert closed and the suspension ended with it.
  expect(await check('OB-F')).toMatchObject({ blocked: false, reasons: [] });
  expect(await check('OB-B')).toMatchObject({ blocked: false, limitShare: 0.7 });

  await runJob(app, 'obligor-monitoring', { asOf: '2025-09-06' });
  const afterTwo = await check('OB-B');
  expect(afterTwo.limitShare).toBe(0.56);
  expect(afterTwo.reasons.map((reason) => [reason.kind, reason.share, reason.startOn])).toEqual([
    ['limit', 0.3, '2025-08-20'],
    ['limit', 0.2, '2025-09-06'],
  ]);

  // Once per alert and measure: the same day again writes nothing new.
  await runJob(app, 'obligor-monitoring', { asOf: '2025-09-06' });
  expect((await check('OB-B')).limitShare).toBe(0.56);
  const listed = await app.request<UnderwritingRecordList>('GET', '/api/v1/underwriting/records?obligorId=OB-B');
  expect(listed.body.items.map((item) => item.share).sort()).toEqual([0.2, 0.3]);
  expect(sink.ofType('underwriting.limit-reduced').filter((event) => event.data.obligorId === 'OB-B')).toHaveLength(2);
}, 240_000);

test('an API key restricted to underwriting:check gets 200 on the checks and 403 on anything else', async () => {
  const created = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'loan origination', orgUnit: 'HQ', roles: ['integration'], restrictions: { scopes: ['underwriting:check'] } },
  });
  expect(created.status).toBe(201);
  const key = created.body.secret;
  expect((await app.request('GET', '/api/v1/underwriting/checks/OB-B', { as: key })).status).toBe(200);
  const batch = await app.request<UnderwritingBatchCheck>('POST', '/api/v1/underwriting/checks', { as: key, body: { obligorIds: ['OB-B', 'OB-E', 'NOBODY'] } });
  expect(batch.status).toBe(200);
  expect(batch.body.results.map((result) => ('blocked' in result ? [result.obligorId, result.known, result.limitShare] : result))).toEqual([
    ['OB-B', true, 0.56],
    ['OB-E', true, 1],
    ['NOBODY', false, 1],
  ]);
  for (const [method, path] of [
    ['GET', '/api/v1/underwriting/records'],
    ['GET', '/api/v1/alerts'],
    ['POST', '/api/v1/rulesets/warning.obligor/evaluate'],
  ]) {
    const refused = await app.request<{ error: { code: string } }>(method!, path!, { as: key, body: method === 'POST' ? { facts: {} } : undefined });
    expect([path, refused.status, refused.body.error.code]).toEqual([path, 403, 'scope_not_allowed']);
  }
  expect((await app.request('GET', '/api/v1/auth/me', { as: key })).status).toBe(200);
});

test("a branch sees only its units' records and obligors (404 outside)", async () => {
  const [record] = (await app.request<UnderwritingRecordList>('GET', '/api/v1/underwriting/records?obligorId=OB-E', { as: maker })).body.items;
  expect(record?.orgUnit).toBe('BR-SH');
  expect((await app.request('GET', `/api/v1/underwriting/records/${record!.recordId}`, { as: beijing })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/underwriting/checks/OB-E', { as: beijing })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/underwriting/checks/OB-F', { as: beijing })).status).toBe(200);
  const seen = (await app.request<UnderwritingRecordList>('GET', '/api/v1/underwriting/records', { as: beijing })).body.items;
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((item) => item.orgUnit === 'BR-BJ')).toBe(true);
  const batch = await app.request<UnderwritingBatchCheck>('POST', '/api/v1/underwriting/checks', { as: beijing, body: { obligorIds: ['OB-E', 'OB-F'] } });
  expect(batch.body.results.map((result) => ('error' in result ? result.error.code : 'answered'))).toEqual(['not_found', 'answered']);
  const refused = await app.request('POST', '/api/v1/underwriting/notices', {
    as: beijing,
    body: { obligorId: 'OB-E', funder: 'F', date: '2025-08-01', evidenceRef: 'D' },
  });
  expect(refused.status).toBe(403);
});

test('the batch form validates its body with field details', async () => {
  const cases: [unknown, string][] = [
    [{}, '/body/obligorIds'],
    [{ obligorIds: [] }, '/body/obligorIds'],
    [{ obligorIds: Array.from({ length: 501 }, (_, index) => `OB-${index}`) }, '/body/obligorIds'],
    [{ obligorIds: ['OB-A', 'OB-A'] }, '/body/obligorIds'],
    [{ obligorIds: ['OB-A', 7] }, '/body/obligorIds/1'],
    [{ obligorIds: ['OB-A'], extra: true }, '/body/extra'],
  ];
  for (const [body, path] of cases) {
    const response = await app.request<{ error: { code: string; details: { path: string }[] } }>('POST', '/api/v1/underwriting/checks', { body });
    expect([response.status, response.body.error.code]).toEqual([400, 'invalid_input']);
    expect(response.body.error.details.map((detail) => detail.path)).toContain(path);
  }
  const fine = await app.request<UnderwritingBatchCheck>('POST', '/api/v1/underwriting/checks', {
    body: { obligorIds: Array.from({ length: 500 }, (_, index) => `X-${index}`) },
  });
  expect([fine.status, fine.body.results.length]).toEqual([200, 500]);
});

test('a segment record reaches every obligor of the segment at once, and ending it lifts it', async () => {
  const policyOwner = await app.createUserAndLogin('uw-owner', ['policy-owner'], 'HQ');
  const created = await app.request<UnderwritingRecordDetail>('POST', '/api/v1/underwriting/records', {
    as: policyOwner,
    body: { kind: 'limit', segment: { channel: 'broker', customerTier: 'prime' }, share: 0.1, reason: 'broker book under review' },
  });
  expect(created.status).toBe(201);
  expect(created.body.record).toMatchObject({ scope: 'segment', segmentKey: 'channel=broker;customerTier=prime', obligorId: null });
  // OB-E is a prime broker obligor; OB-B (bank branch) is not in the segment.
  const inSegment = await check('OB-E');
  expect([inSegment.limitShare, inSegment.reasons.map((reason) => [reason.scope, reason.segmentKey])]).toEqual([
    0.9,
    [['segment', 'channel=broker;customerTier=prime']],
  ]);
  expect((await check('OB-B')).limitShare).toBe(0.56);
  const ended = await app.request('POST', `/api/v1/underwriting/records/${created.body.record.recordId}/end`, { as: approver, body: { revision: 1 } });
  // A branch approver cannot end HQ's record (not in its scope); HQ's can.
  expect(ended.status).toBe(404);
  const hqApprover = await app.createUserAndLogin('uw-hq-approver', ['approver'], 'HQ');
  expect(
    (await app.request('POST', `/api/v1/underwriting/records/${created.body.record.recordId}/end`, { as: hqApprover, body: { revision: 1 } })).status,
  ).toBe(200);
  expect(await check('OB-E')).toMatchObject({ limitShare: 1, reasons: [] });
});
