import type { UnderwritingCheck, UnderwritingRecordDetail } from '../../../server/generated/schema-types';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * What keeps the underwriting check within 10 ms p99 (docs/underwriting.md "How it stays fast"):
 * it is answered by the fast path in front of Express, and the obligors' read-model documents are
 * held in memory, dropped at once by a change in this process and within a second of another
 * process bumping the obligor generation.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(() => app.close());

const check = async (obligorId: string) => {
  const answer = await app.request<UnderwritingCheck>('GET', `/api/v1/underwriting/checks/${obligorId}`);
  expect(answer.status).toBe(200);
  return answer.body;
};

test('the check is answered by the fast path, and answers alike with a body-less GET through Express', async () => {
  const before = { ...app.platform.fastPath };
  expect(await check('OB-FAST')).toMatchObject({ obligorId: 'OB-FAST', known: false, blocked: false, limitShare: 1, reasons: [] });
  expect(app.platform.fastPath.served).toBe(before.served + 1);
  // A bad address is a 400 at /params on the fast path too.
  const bad = await app.request<{ error: { code: string; details: { path: string }[] } }>('GET', `/api/v1/underwriting/checks/${'x'.repeat(201)}`);
  expect([bad.status, bad.body.error.code, bad.body.error.details[0]?.path]).toEqual([400, 'invalid_input', '/params/obligorId']);
});

test('a warm check answers from memory: a change in this process shows at once, one in another process once it bumps the generation', async () => {
  const notice = await app.request<UnderwritingRecordDetail>('POST', '/api/v1/underwriting/notices', {
    body: { obligorId: 'OB-CACHE', funder: 'Bank of Example', date: '2025-08-01', evidenceRef: 'DOC-1', orgUnit: 'HQ' },
  });
  expect(notice.status).toBe(201);
  // This process changed the record: the very next check sees it.
  expect((await check('OB-CACHE')).blocked).toBe(true);

  // Another process (a monitoring worker) rewrites the document: until it bumps the generation, this process answers from memory.
  const db = app.connection.db!;
  await db.collection('underwriting_checks').updateOne({ _id: 'OB-CACHE' as never }, { $set: { entries: [] } });
  expect((await check('OB-CACHE')).blocked).toBe(true);
  await db.collection('underwriting_meta').updateOne({ _id: 'obligor-records' as never }, { $inc: { generation: 1 } }, { upsert: true });
  await waitUntil(async () => !(await check('OB-CACHE')).blocked, 5_000, 'the check to see the other process change');
});
