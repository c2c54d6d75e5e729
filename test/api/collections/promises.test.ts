import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Promises to pay over HTTP on the real database: three obligors fall M1 on 2025-07-20 (their
 * loans stop after June), each promises on that day through POST /collection/activities, the
 * repayments are imported, and the collection-promises job judges them with three days of grace.
 */
const sink = new RecordingSink();
let app: TestApp;
let beijing: string;

interface PromiseView {
  promiseId: string;
  status: string;
  caseId: string | null;
  paid: number | null;
  amount: number;
  repaymentIds: string[];
  decisionId: string | null;
}
interface CaseDetail {
  case: {
    caseId: string;
    revision: number;
    handler: { type: string; reason: string; rule: string | null; treatment: { channel: string; on: string }[] } | null;
  };
  history: { action: string; actor: string; decisionId: string | null; asOf: string | null }[];
}

function loan(loanId: string, obligorId: string) {
  return {
    loanId,
    obligorId,
    policyId: `P-${loanId}`,
    funderId: 'F-1',
    orgUnit: 'BR-SH',
    product: 'consumer',
    channel: 'bank-branch',
    customerTier: 'standard',
    principal: 12000,
    disbursedAt: '2025-01-01',
    installments: Array.from({ length: 12 }, (_, index) => ({
      seq: index + 1,
      dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
      principal: 1000,
      interest: 100,
    })),
  };
}
const untilJune = (loanId: string) =>
  Array.from({ length: 5 }, (_, index) => ({
    repaymentId: `${loanId}-R${index + 1}`,
    loanId,
    paidAt: `2025-${String(index + 2).padStart(2, '0')}-01`,
    amount: 1100,
  }));
const promiseActivity = (activityId: string, obligorId: string, loanId: string, date: string, amount: number) => ({
  activityId,
  obligorId,
  loanId,
  at: '2025-07-20T10:00:00+08:00',
  channel: 'call',
  actor: { type: 'internal', agentId: 'agent-1' },
  target: { type: 'obligor' },
  outcome: 'promise-to-pay',
  promise: { date, amount },
});

async function promisesOf(query: string, as?: string): Promise<PromiseView[]> {
  const response = await app.request<{ items: PromiseView[] }>('GET', `/api/v1/collection/promises?${query}`, as ? { as } : {});
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body.items;
}
async function caseDetail(caseId: string): Promise<CaseDetail> {
  const response = await app.request<CaseDetail>('GET', `/api/v1/collection/cases/${encodeURIComponent(caseId)}`);
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error', COLLECTION_PROMISE_GRACE_DAYS: '3' }, { eventSink: sink });
  await app.platform.startJobs();
  for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
  beijing = await app.createUserAndLogin('bj-collector', ['branch-operator'], 'BR-BJ');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import?completeThrough=2025-07-20', {
    body: { loans: ['P', 'K', 'Q'].map((name) => loan(`L-${name}`, `OB-${name}`)), repayments: ['P', 'K', 'Q'].flatMap((name) => untilJune(`L-${name}`)) },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  const run = await runJob(app, 'collection-cases', { asOf: '2025-07-20' });
  expect(run.counts).toMatchObject({ casesOpened: 3, assigned: 3 });
}, 60_000);
afterAll(() => app.close());

test('a promise-to-pay activity is a promise, open until its date plus the grace has passed', async () => {
  const recorded = await app.request<{ recordedCount: number; rejected: unknown[] }>('POST', '/api/v1/collection/activities', {
    body: {
      activities: [
        promiseActivity('PTP-P', 'OB-P', 'L-P', '2025-07-25', 2200),
        promiseActivity('PTP-K', 'OB-K', 'L-K', '2025-07-25', 1100),
        promiseActivity('PTP-Q', 'OB-Q', 'L-Q', '2025-07-25', 2200),
      ],
    },
  });
  expect([recorded.status, recorded.body.recordedCount, recorded.body.rejected]).toEqual([200, 3, []]);
  expect((await promisesOf('obligorId=OB-P')).map((promise) => [promise.promiseId, promise.status, promise.amount])).toEqual([['PTP-P', 'open', 2200]]);
  // OB-P paid the day before promising (it does not count), OB-K in full within the grace, OB-Q part of it.
  const repayments = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      repayments: [
        { repaymentId: 'L-P-R6', loanId: 'L-P', paidAt: '2025-07-19', amount: 500 },
        { repaymentId: 'L-K-R6', loanId: 'L-K', paidAt: '2025-07-22', amount: 600 },
        { repaymentId: 'L-K-R7', loanId: 'L-K', paidAt: '2025-07-28', amount: 500 },
        { repaymentId: 'L-Q-R6', loanId: 'L-Q', paidAt: '2025-07-26', amount: 1000 },
      ],
    },
  });
  expect([repayments.status, repayments.body.rejected]).toEqual([200, []]);
  // 2025-07-27: the promised 07-25 plus three days is not past yet.
  const early = await runJob(app, 'collection-promises', { asOf: '2025-07-27' });
  expect(early.counts).toMatchObject({ due: 0, kept: 0, broken: 0 });
  expect((await promisesOf('obligorId=OB-K'))[0]!.status).toBe('open');
}, 30_000);

test('the job judges kept, partly kept and broken from the later repayments of the case line', async () => {
  const run = await runJob(app, 'collection-promises', { asOf: '2025-07-28' });
  expect(run.counts).toMatchObject({ due: 3, kept: 1, partlyKept: 1, broken: 1, withoutCase: 0, conflicts: 0 });
  const [p, k, q] = await Promise.all(['OB-P', 'OB-K', 'OB-Q'].map((obligor) => promisesOf(`obligorId=${obligor}`)));
  expect(p!.map((promise) => [promise.status, promise.paid, promise.caseId, promise.repaymentIds])).toEqual([['broken', 0, 'coll:OB-P:F-1', []]]);
  expect(k!.map((promise) => [promise.status, promise.paid, promise.repaymentIds])).toEqual([['kept', 1100, ['L-K-R6', 'L-K-R7']]]);
  expect(q!.map((promise) => [promise.status, promise.paid])).toEqual([['partly-kept', 1000]]);
  expect((await promisesOf('caseId=coll:OB-P:F-1&status=broken')).map((promise) => promise.promiseId)).toEqual(['PTP-P']);
  expect(await promisesOf('caseId=coll:OB-P:F-1&status=kept')).toEqual([]);
});

test('a broken promise moves the case on by rule, in its history, the audit log and the webhooks', async () => {
  const broken = await caseDetail('coll:OB-P:F-1');
  expect(broken.case.handler).toMatchObject({ type: 'central-team', reason: 'broken-promise', rule: 'broken-promise-central-team' });
  expect(broken.case.handler!.treatment.map((step) => [step.channel, step.on])).toEqual([
    ['call', '2025-07-28'],
    ['letter', '2025-08-01'],
  ]);
  const last = broken.history.at(-1)!;
  expect([last.action, last.actor, last.asOf]).toEqual(['promise-broken', 'job:collection-promises', '2025-07-28']);
  const [promise] = await promisesOf('obligorId=OB-P');
  expect(last.decisionId).toBe(promise!.decisionId);
  expect(last.decisionId).toEqual(expect.any(String));

  // Partly kept: the rules ran and kept the local team; kept: only the history says so.
  const partly = await caseDetail('coll:OB-Q:F-1');
  expect([partly.case.handler?.type, partly.case.handler?.rule, partly.history.at(-1)!.action]).toEqual(['local-team', 'm1-local-team', 'promise-partly-kept']);
  const kept = await caseDetail('coll:OB-K:F-1');
  expect([kept.case.handler?.type, kept.history.at(-1)!.action, kept.history.at(-1)!.decisionId]).toEqual(['local-team', 'promise-kept', null]);

  expect(sink.ofType('collection.promise-broken').map((event) => [event.id, event.orgUnit, (event.data as Record<string, unknown>).handler])).toEqual([
    ['collection.promise-broken:PTP-P', 'BR-SH', 'central-team'],
  ]);
  const assigned = sink.ofType('collection.case-assigned').filter((event) => (event.data as { caseId: string }).caseId === 'coll:OB-P:F-1');
  expect(assigned.map((event) => (event.data as { reason: string }).reason)).toEqual(['early-stage', 'broken-promise']);
  const audit = await app.request<{ items: { action: string }[] }>('GET', `/api/v1/audit?entityKind=collection-case&entityId=coll:OB-P:F-1&limit=50`);
  expect(audit.body.items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['collection-case.promise-broken', 'collection-case.assign']));

  // Judged once: a rerun of the day (or the next) finds nothing open.
  const again = await runJob(app, 'collection-promises', { asOf: '2025-07-29' });
  expect(again.counts).toMatchObject({ due: 0, broken: 0 });
  expect(sink.ofType('collection.promise-broken')).toHaveLength(1);
});

test('promises are read within scope: another branch gets 404, a read naming nothing 400', async () => {
  expect((await app.request('GET', '/api/v1/collection/promises?obligorId=OB-P', { as: beijing })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/collection/promises?caseId=coll:OB-P:F-1', { as: beijing })).status).toBe(404);
  const none = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/collection/promises');
  expect([none.status, none.body.error.details.map((detail) => detail.path)]).toEqual([400, ['/query/caseId']]);
});
