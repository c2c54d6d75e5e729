import { runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The month-end recovery.impairment run on the real database, a worked case to the cent: C-1
 * (Shanghai, unsecured) paid 10,000.00 on 2026-01-10, penalty 500.00 and costs 200.00 due, 1,000.00
 * of the indemnity recovered on 2026-02-05, so 9,700.00 outstanding. The standard pack: stage 1 at
 * 10% expected before 6 months since payment, stage 2 at 5% from 6 months. February (1 month):
 * carrying 970.00, allowance 8,730.00. March (2 months): the same allowance, stated but no movement.
 * July (6 months): stage 2, carrying 485.00, allowance 9,215.00, a movement. Every month's job is
 * asked of two workers at once and again afterwards: one movement per month.
 */
let app: TestApp;
let second: TestApp;
const as: Record<string, string> = {};

interface Impairment {
  stage: string;
  expectedRecoveryShare: number;
  allowance: number;
  month: string;
  decisionId: string | null;
}
interface Detail {
  case: { revision: number; receivable: Record<string, number>; impairment: Impairment | null };
  history: { action: string }[];
  ledger: { entryId: string; kind: string; on: string; impairment: Omit<Impairment, 'month' | 'decisionId'> | null }[];
}
const detail = async () => (await app.request<Detail>('GET', '/api/v1/recovery/cases/rec%3AC-1', { as: as.sh })).body;

/** The job asked of both workers at once (one runs it, the other is told it runs or has run), then once more. */
async function runTwice(month: string): Promise<void> {
  const body = { month, waitSeconds: 60 };
  const runs = await Promise.all([app, second].map((worker) => worker.request('POST', '/api/v1/jobs/recovery-impairment/run', { body })));
  expect(runs.map((run) => [run.status === 200 || run.status === 409, run.text.slice(0, 200)])).toEqual(runs.map((run) => [true, run.text.slice(0, 200)]));
  await runJob(second, 'recovery-impairment', { month });
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  second = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { databaseName: app.databaseName });
  await Promise.all([app.platform.startJobs(), second.platform.startJobs()]);
  expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
  as.sh = await app.createUserAndLogin('sh-operator', ['branch-operator'], 'BR-SH');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [
        {
          loanId: 'L-1',
          obligorId: 'OB-1',
          policyId: 'P-1',
          orgUnit: 'BR-SH',
          product: 'consumer',
          channel: 'bank-branch',
          customerTier: 'prime',
          principal: 12000,
          disbursedAt: '2025-01-01',
          installments: [{ seq: 1, dueDate: '2025-06-01', principal: 12000, interest: 0 }],
        },
      ],
      claims: [{ claimId: 'C-1', loanId: 'L-1', status: 'paid', approvedAt: '2026-01-05', paidAt: '2026-01-10', amount: 10000 }],
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  await runJob(app, 'recovery-cases', { asOf: '2026-01-31' });
  let revision = (await detail()).case.revision;
  const due = await app.request<Detail>('PUT', '/api/v1/recovery/cases/rec%3AC-1/amounts-due', {
    as: as.sh,
    body: { revision, penalty: 500, costs: 200, reason: 'penalty and court fees' },
  });
  expect(due.status).toBe(200);
  revision = due.body.case.revision;
  const booked = await app.request<Detail>('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.sh,
    body: { revision, receivedOn: '2026-02-05', amounts: { indemnity: 1000 } },
  });
  expect([booked.status, booked.body.case.receivable]).toEqual([200, { indemnity: 9000, penalty: 500, costs: 200 }]);
}, 120_000);
afterAll(async () => {
  await second.close();
  await app.close();
});

test('a worked case moves from stage 1 to stage 2 as months pass, its allowance to the cent, one movement per month with two workers', async () => {
  await runTwice('2026-02');
  let current = await detail();
  expect(current.case.impairment).toEqual(expect.objectContaining({ stage: 'stage-1', expectedRecoveryShare: 0.1, allowance: 8730, month: '2026-02' }));
  // The decision is logged for the case's unit with the facts the rules read.
  const decision = await app.request<{ ruleSet: { key: string }; orgUnit: string; facts: Record<string, unknown>; missingFacts?: string[] }>(
    'GET',
    `/api/v1/decisions/${current.case.impairment!.decisionId}`,
  );
  expect([decision.status, decision.body.ruleSet.key, decision.body.orgUnit, decision.body.facts.monthsSincePayment, decision.body.facts.asOf]).toEqual([
    200,
    'recovery.impairment',
    'BR-SH',
    1,
    '2026-02-28',
  ]);

  await runTwice('2026-03');
  current = await detail();
  expect(current.case.impairment).toEqual(expect.objectContaining({ stage: 'stage-1', allowance: 8730, month: '2026-03' }));

  await runTwice('2026-07');
  current = await detail();
  expect(current.case.impairment).toEqual(expect.objectContaining({ stage: 'stage-2', expectedRecoveryShare: 0.05, allowance: 9215, month: '2026-07' }));
  // Stated once per month (February, March, July), however many runs.
  expect(current.history.filter((entry) => entry.action === 'impaired')).toHaveLength(3);
  expect(current.ledger.filter((entry) => entry.kind === 'impairment').map((entry) => [entry.entryId, entry.on, entry.impairment])).toEqual([
    ['rec:C-1:impairment:2026-02', '2026-02-28', { stage: 'stage-1', expectedRecoveryShare: 0.1, allowance: 8730 }],
    ['rec:C-1:impairment:2026-07', '2026-07-31', { stage: 'stage-2', expectedRecoveryShare: 0.05, allowance: 9215 }],
  ]);
  // The receivable itself is untouched by impairment.
  expect(current.case.receivable).toEqual({ indemnity: 9000, penalty: 500, costs: 200 });
});

test('an earlier month run after a later one (with an override) changes nothing', async () => {
  const before = await detail();
  const run = await app.request<{ status: string; counts: Record<string, number> }>('POST', '/api/v1/jobs/recovery-impairment/run', {
    body: { month: '2026-05', waitSeconds: 60, override: { reason: 'impairment rerun check' } },
  });
  expect([run.status, run.body.status, run.body.counts]).toEqual([200, 'succeeded', expect.objectContaining({ cases: 1, alreadyDone: 1, movements: 0 })]);
  expect((await detail()).case.revision).toBe(before.case.revision);
});

test('a case closed by recoveries has its allowance released at the next month-end', async () => {
  const { revision } = (await detail()).case;
  const booked = await app.request<Detail>('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.sh,
    body: { revision, receivedOn: '2026-08-10', amounts: { indemnity: 9000, penalty: 500, costs: 200 } },
  });
  expect(booked.status).toBe(200);
  const run = await runJob(app, 'recovery-impairment', { month: '2026-08' });
  expect(run.counts).toEqual(expect.objectContaining({ cases: 1, released: 1, movements: 1 }));
  const current = await detail();
  expect(current.case.impairment).toEqual(expect.objectContaining({ stage: 'stage-2', allowance: 0, month: '2026-08' }));
  expect(current.ledger.filter((entry) => entry.kind === 'impairment').map((entry) => [entry.entryId, entry.impairment?.allowance])).toEqual([
    ['rec:C-1:impairment:2026-02', 8730],
    ['rec:C-1:impairment:2026-07', 9215],
    ['rec:C-1:impairment:2026-08', 0],
  ]);
});
