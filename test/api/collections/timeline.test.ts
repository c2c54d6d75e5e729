import { runJob } from '../../support/monitoring-helpers';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { check, record } from './gate-helpers';

/**
 * The obligor's collection timeline over HTTP on the real database: a case opened by the
 * collection-cases run, two activities (one under an allowed gate decision, a promise to pay), a
 * gate check blocked in the quiet hours, a repayment into a personal account and its finding,
 * newest first in one order; paged by its cursor to the same list; 404 outside the caller's
 * subtree; the number contacted never in the answer beyond its last four digits.
 */
let app: TestApp;
const as: Record<string, string> = {};
const PHONE = '+86 138 0000 1111';

interface Entry {
  entryId: string;
  kind: string;
  at: string;
  localAt: string;
  caseId?: string;
  change?: { action: string };
  activity?: { activityId: string; outcome: string; numberLastFour?: string; promise?: { date: string; amount: number } };
  gate?: { decisionId: string; outcome: string; reasons: { rule: string; reason: string; basis: string }[] };
  finding?: { findingId: string; tags: string[] };
  repayment?: { repaymentId: string; payeeAccountType?: string; amount: number };
}
interface Timeline {
  obligorId: string;
  timeZone: string;
  items: Entry[];
  nextBefore?: string;
}

const loan = (loanId: string, obligorId: string, orgUnit: string) => ({
  loanId,
  obligorId,
  orgUnit,
  channel: 'branch',
  policyId: 'P1',
  product: 'consumer',
  customerTier: 'standard',
  principal: 1000,
  disbursedAt: '2026-09-10',
  installments: [{ seq: 1, dueDate: '2026-10-10', principal: 1000, interest: 0 }],
});

async function timeline(obligorId: string, query = '', token?: string): Promise<{ status: number; text: string; body: Timeline }> {
  return app.request<Timeline>('GET', `/api/v1/collection/obligors/${obligorId}/timeline${query}`, token ? { as: token } : {});
}

let allowed: string;
let blocked: string;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  as.sh = await app.createUserAndLogin('op-sh', ['branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('op-bj', ['branch-operator'], 'BR-BJ');
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [loan('L-T', 'OB-T', 'BR-SH'), loan('L-B', 'OB-B', 'BR-BJ')],
      repayments: [{ repaymentId: 'R-PERSONAL', loanId: 'L-T', paidAt: '2026-11-18', amount: 100, payeeAccountType: 'personal', paymentMethod: 'transfer' }],
    },
  });
  expect([imported.status, imported.body.rejectedCount]).toEqual([200, 0]);
  await runJob(app, 'collection-cases', { asOf: '2026-11-19' });
  // The import queues the repayment check itself; its finding is the newest event.
  await waitUntil(
    async () => ((await app.request<{ items: unknown[] }>('GET', '/api/v1/collection/findings?obligorId=OB-T')).body.items ?? []).length > 0,
    60_000,
    'the finding of the personal-account repayment',
  );

  const allow = await check(app, { obligorId: 'OB-T', at: '2026-11-20T11:00:00+08:00', phoneNumber: PHONE, reserve: true });
  expect(allow.outcome).toBe('allow');
  allowed = allow.decisionId;
  // 22:30 in Shanghai, given in UTC: the quiet hours.
  const block = await check(app, { obligorId: 'OB-T', at: '2026-11-20T14:30:00Z', phoneNumber: PHONE });
  expect(block.outcome).toBe('block');
  blocked = block.decisionId;
  const recorded = await record(app, [
    {
      activityId: 'A-T-1',
      obligorId: 'OB-T',
      at: '2026-11-20T10:00:00+08:00',
      channel: 'call',
      actor: { type: 'internal', agentId: 'agent-1' },
      target: { type: 'obligor' },
      phoneNumber: PHONE,
      outcome: 'no-answer',
    },
    {
      activityId: 'A-T-2',
      obligorId: 'OB-T',
      at: '2026-11-20T03:01:00Z',
      channel: 'call',
      actor: { type: 'agency', agencyId: 'AG-1', agentId: 'AG-1-07' },
      target: { type: 'obligor' },
      phoneNumber: PHONE,
      outcome: 'promise-to-pay',
      promise: { date: '2026-11-25', amount: 500 },
      recording: { reference: 'rec://ag1/000917', retainUntil: '2029-01-01' },
      decisionId: allowed,
    },
  ]);
  expect(recorded.rejected).toEqual([]);
}, 180_000);
afterAll(() => app.close());

test('every kind of event of the obligor, newest first, each at its time in the debtor time zone with the offset', async () => {
  const response = await timeline('OB-T');
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  expect(response.body.timeZone).toBe('Asia/Shanghai');
  expect(response.body.items.map((entry) => [entry.kind, entry.localAt])).toEqual([
    ['finding', expect.stringMatching(/\+08:00$/)],
    ['gate', '2026-11-20T22:30:00+08:00'],
    ['activity', '2026-11-20T11:01:00+08:00'],
    ['activity', '2026-11-20T10:00:00+08:00'],
    ['case', '2026-11-19T00:00:00+08:00'],
    ['repayment', '2026-11-18T00:00:00+08:00'],
  ]);
  const [finding, gate, promise, noAnswer, opened, repayment] = response.body.items as [Entry, Entry, Entry, Entry, Entry, Entry];
  expect(finding.finding).toMatchObject({ findingId: 'repayment:R-PERSONAL', tags: ['personal-account'] });
  expect(gate.gate).toMatchObject({ decisionId: blocked, outcome: 'block' });
  expect(gate.gate!.reasons.map((reason) => reason.reason)).toContain('quiet-hours');
  expect(promise.activity).toMatchObject({
    activityId: 'A-T-2',
    outcome: 'promise-to-pay',
    numberLastFour: '1111',
    promise: { date: '2026-11-25', amount: 500 },
  });
  expect(promise.gate).toMatchObject({ decisionId: allowed, outcome: 'allow' });
  expect(noAnswer.activity).toMatchObject({ activityId: 'A-T-1', outcome: 'no-answer' });
  expect([opened.caseId, opened.change?.action]).toEqual(['coll:OB-T:P1', 'opened']);
  expect(repayment.repayment).toEqual({
    repaymentId: 'R-PERSONAL',
    loanId: 'L-T',
    paidAt: '2026-11-18',
    amount: 100,
    payeeAccountType: 'personal',
    paymentMethod: 'transfer',
  });
  // The number contacted appears as its last four digits only, never whole, in any form.
  expect(response.text).not.toMatch(/13800001111|138 0000 1111|0000 ?1111/);
});

test('pages of two follow the cursor to the same list, with no entry twice and none left out', async () => {
  const whole = (await timeline('OB-T')).body.items.map((entry) => entry.entryId);
  const paged: string[] = [];
  let before: string | undefined;
  for (let page = 0; page < 10; page++) {
    const response = await timeline('OB-T', `?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    expect(response.status).toBe(200);
    paged.push(...response.body.items.map((entry) => entry.entryId));
    before = response.body.nextBefore;
    if (!before) break;
  }
  expect(paged).toEqual(whole);
  expect(whole).toHaveLength(6);
});

test("a branch reads its own obligor's timeline; another branch's obligor and an unknown one are 404 alike", async () => {
  expect((await timeline('OB-T', '', as.sh)).body.items).toHaveLength(6);
  const other = await timeline('OB-T', '', as.bj);
  expect([other.status, (other.body as unknown as { error: { code: string } }).error.code]).toEqual([404, 'unknown_obligor']);
  expect((await timeline('OB-NOBODY')).status).toBe(404);
  expect((await timeline('OB-B', '', as.bj)).body.items.map((entry) => entry.kind)).toEqual(['case']);
});
