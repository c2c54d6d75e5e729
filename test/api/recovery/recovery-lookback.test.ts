import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The quarterly recovery look-back on the real database, over a small worked book: C-1 (Shanghai,
 * bank-branch) paid 10,000.00 on 2026-01-10, 4,000.00 recovered in February and 1,000.00 in May;
 * C-2 (Beijing, internet) paid 5,000.00 on 2026-04-15, 1,000.00 recovered by an imported record in
 * May. The recovery-lookback job asked of two workers at once stores one look-back of 2026-Q2;
 * it is approved under maker-checker and publishes recovery.lookback-ready once.
 */
let app: TestApp;
let second: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

const loan = (loanId: string, orgUnit: string, channel: string) => ({
  loanId,
  obligorId: `OB-${loanId}`,
  policyId: `P-${loanId}`,
  orgUnit,
  product: 'consumer',
  channel,
  customerTier: 'prime',
  principal: 12000,
  disbursedAt: '2025-01-01',
  installments: [{ seq: 1, dueDate: '2025-06-01', principal: 12000, interest: 0 }],
});
interface Row {
  key: string;
  cases: number;
  paidCents: number;
  recoveredCents: number;
  recoveredInQuarterCents: number;
  casesWithRecovery: number;
  amountRate: number;
  countRate: number;
}
interface Lookback {
  quarter: string;
  status: string;
  preparedBy: string;
  approvedBy: string | null;
  revision: number;
  figures: {
    totals: Row;
    byVintage: Row[];
    byChannel: Row[];
    byBranch: Row[];
    byAgency: Row[];
    curves: { vintage: string; points: { monthsSincePayment: number; rate: number }[] }[];
    ageing: { bucket: string; cases: number; receivableCents: number }[];
  };
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  second = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { databaseName: app.databaseName });
  await Promise.all([app.platform.startJobs(), second.platform.startJobs()]);
  for (const [id, name] of [
    ['BR-SH', 'Shanghai'],
    ['BR-BJ', 'Beijing'],
  ])
    expect((await app.request('POST', '/api/v1/org-units', { body: { id, name, parent: 'HQ' } })).status).toBe(201);
  as.sh = await app.createUserAndLogin('sh-operator', ['branch-operator'], 'BR-SH');
  as.approver = await app.createUserAndLogin('hq-approver', ['approver'], 'HQ');
  as.preparer = await app.createUserAndLogin('hq-owner', ['policy-owner', 'approver'], 'HQ');
  as.shApprover = await app.createUserAndLogin('sh-approver', ['approver'], 'BR-SH');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [loan('L-1', 'BR-SH', 'bank-branch'), loan('L-2', 'BR-BJ', 'internet')],
      claims: [
        { claimId: 'C-1', loanId: 'L-1', status: 'paid', approvedAt: '2026-01-05', paidAt: '2026-01-10', amount: 10000 },
        { claimId: 'C-2', loanId: 'L-2', status: 'paid', approvedAt: '2026-04-10', paidAt: '2026-04-15', amount: 5000 },
      ],
      recoveries: [{ recoveryId: 'R-IMP-1', loanId: 'L-2', receivedAt: '2026-05-10', amount: 1000 }],
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  await runJob(app, 'recovery-cases', { asOf: '2026-05-31' });
  let revision = (await app.request<{ case: { revision: number } }>('GET', '/api/v1/recovery/cases/rec%3AC-1', { as: as.sh })).body.case.revision;
  for (const [receivedOn, indemnity] of [
    ['2026-02-05', 4000],
    ['2026-05-20', 1000],
  ] as const) {
    const booked = await app.request<{ case: { revision: number } }>('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
      as: as.sh,
      body: { revision, receivedOn, amounts: { indemnity } },
    });
    expect(booked.status).toBe(200);
    revision = booked.body.case.revision;
  }
}, 120_000);
afterAll(async () => {
  await second.close();
  await app.close();
});

test('the recovery-lookback job asked of both workers at once stores one look-back of the quarter, with the figures of the worked book', async () => {
  const body = { month: '2026-06', waitSeconds: 60 };
  const runs = await Promise.all([app, second].map((worker) => worker.request<{ status: string }>('POST', '/api/v1/jobs/recovery-lookback/run', { body })));
  expect(runs.map((run) => run.status).every((status) => status === 200 || status === 409)).toBe(true);
  await runJob(app, 'recovery-lookback', { month: '2026-06' });
  const list = await app.request<{ items: { quarter: string; revision: number; preparedBy: string }[] }>('GET', '/api/v1/recovery/lookbacks');
  expect(list.body.items).toEqual([expect.objectContaining({ quarter: '2026-Q2', revision: 1, preparedBy: 'job:recovery-lookback' })]);
  const lookback = (await app.request<Lookback>('GET', '/api/v1/recovery/lookbacks/2026-Q2')).body;
  const { figures } = lookback;
  expect(figures.totals).toEqual({
    key: 'all',
    cases: 2,
    paidCents: 1_500_000,
    recoveredCents: 600_000,
    recoveredInQuarterCents: 200_000,
    casesWithRecovery: 2,
    amountRate: 0.4,
    countRate: 1,
  });
  expect(figures.byVintage.map((row) => [row.key, row.paidCents, row.recoveredCents, row.amountRate])).toEqual([
    ['2026-Q1', 1_000_000, 500_000, 0.5],
    ['2026-Q2', 500_000, 100_000, 0.2],
  ]);
  expect(figures.byChannel.map((row) => [row.key, row.amountRate])).toEqual([
    ['bank-branch', 0.5],
    ['internet', 0.2],
  ]);
  expect(figures.byBranch.map((row) => [row.key, row.recoveredInQuarterCents])).toEqual([
    ['BR-BJ', 100_000],
    ['BR-SH', 100_000],
  ]);
  expect(figures.byAgency.map((row) => [row.key, row.cases])).toEqual([['own', 2]]);
  expect(figures.curves.find((curve) => curve.vintage === '2026-Q1')!.points.map((point) => point.rate)).toEqual([0, 0.4, 0.4, 0.4, 0.5, 0.5]);
  expect(figures.ageing.filter((row) => row.cases > 0)).toEqual([
    { bucket: '0-3', cases: 1, receivableCents: 400_000 },
    { bucket: '3-6', cases: 1, receivableCents: 500_000 },
  ]);
});

test('a branch may not read the look-back; a quarter not yet ended is refused with the field', async () => {
  expect((await app.request('GET', '/api/v1/recovery/lookbacks/2026-Q2', { as: as.shApprover })).status).toBe(403);
  const early = await app.request<{ error: { details: { path: string }[] } }>('POST', '/api/v1/recovery/lookbacks', { body: { quarter: '2099-Q1' } });
  expect([early.status, early.body.error.details.map((detail) => detail.path)]).toEqual([400, ['/body/quarter']]);
});

test('maker-checker: who prepared a look-back may not approve it; another approver does, once; it is printable', async () => {
  const prepared = await app.request<Lookback>('POST', '/api/v1/recovery/lookbacks', { as: as.preparer, body: { quarter: '2026-Q1' } });
  expect([prepared.status, prepared.body.preparedBy, prepared.body.figures.totals.recoveredCents]).toEqual([200, 'hq-owner', 400_000]);
  const own = await app.request<{ error: { code: string } }>('POST', '/api/v1/recovery/lookbacks/2026-Q1/approve', {
    as: as.preparer,
    body: { revision: prepared.body.revision },
  });
  expect([own.status, own.body.error.code]).toEqual([403, 'maker_checker']);
  const approvals = await Promise.all(
    [0, 1].map(() =>
      app.request<Lookback>('POST', '/api/v1/recovery/lookbacks/2026-Q1/approve', { as: as.approver, body: { revision: prepared.body.revision } }),
    ),
  );
  expect(approvals.map((approval) => approval.status).sort()).toEqual([200, 409]);
  const approved = (await app.request<Lookback>('GET', '/api/v1/recovery/lookbacks/2026-Q1')).body;
  expect([approved.status, approved.approvedBy]).toEqual(['approved', 'hq-approver']);
  expect(sink.ofType('recovery.lookback-ready').map((event) => event.data)).toEqual([
    { quarter: '2026-Q1', approvedBy: 'hq-approver', cases: 1, paid: 10000, recovered: 4000, amountRate: 0.4, closingAllowance: 0 },
  ]);
  // Approving it again, even at its current revision, is refused: an approved look-back is final.
  const again = await app.request<{ error: { code: string } }>('POST', '/api/v1/recovery/lookbacks/2026-Q1/approve', {
    as: as.approver,
    body: { revision: approved.revision },
  });
  expect([again.status, again.body.error?.code]).toEqual([409, 'invalid_state']);
  // Final: preparing it again is refused, and the job leaves it as approved.
  expect((await app.request('POST', '/api/v1/recovery/lookbacks', { as: as.preparer, body: { quarter: '2026-Q1' } })).status).toBe(400);
  const printed = await app.request<string>('GET', '/api/v1/recovery/lookbacks/2026-Q1/print', { as: as.approver });
  expect(printed.status).toBe(200);
  expect(printed.text).toContain('追偿季度回顾 Recovery look-back 2026-Q1');
  expect(printed.text).toContain('已审批 Approved by hq-approver');
});
