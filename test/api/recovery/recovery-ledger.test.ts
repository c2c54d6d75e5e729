import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Recovery after payment on the real database: claims paid on loans of Shanghai and Beijing,
 * opened as recovery cases by the recovery-cases job on two workers, a worked case to the cent
 * (indemnity, penalty and costs; two partial recoveries; a write-off under maker-checker), an
 * imported recovery landing in its ledger, the month reconciled with the book, and branch scope.
 */
let app: TestApp;
let second: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

const loan = (loanId: string, orgUnit: string) => ({
  loanId,
  obligorId: `OB-${loanId}`,
  policyId: `P-${loanId}`,
  orgUnit,
  product: 'consumer',
  channel: 'bank-branch',
  customerTier: 'prime',
  principal: 12000,
  disbursedAt: '2025-01-01',
  installments: [{ seq: 1, dueDate: '2025-06-01', principal: 12000, interest: 0 }],
});

interface CaseView {
  caseId: string;
  orgUnit: string;
  due: Record<string, number>;
  recovered: Record<string, number>;
  writtenOff: Record<string, number>;
  receivable: Record<string, number>;
  pendingWriteOffs: { writeOffId: string }[];
  status: string;
  closedReason: string | null;
  revision: number;
}
interface Detail {
  case: CaseView;
  history: { action: string }[];
  ledger: { kind: string; amounts: Record<string, number>; source: string; recoveryId: string | null }[];
}
const detail = async (caseId: string, token?: string) => app.request<Detail>('GET', `/api/v1/recovery/cases/${encodeURIComponent(caseId)}`, { as: token });

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
  as.shApprover = await app.createUserAndLogin('sh-approver', ['approver', 'branch-operator'], 'BR-SH');
  as.bj = await app.createUserAndLogin('bj-operator', ['branch-operator'], 'BR-BJ');
  // Before any write-off is proposed: an approver who became one after the proposal may not approve it.
  as.hqApprover = await app.createUserAndLogin('hq-approver', ['approver'], 'HQ');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [loan('L-1', 'BR-SH'), loan('L-2', 'BR-SH'), loan('L-3', 'BR-BJ')],
      claims: [
        { claimId: 'C-1', loanId: 'L-1', status: 'paid', approvedAt: '2026-01-05', paidAt: '2026-01-10', amount: 10000 },
        { claimId: 'C-2', loanId: 'L-2', status: 'paid', approvedAt: '2026-01-05', paidAt: '2026-01-12', amount: 2000 },
        { claimId: 'C-3', loanId: 'L-3', status: 'paid', approvedAt: '2026-01-05', paidAt: '2026-01-15', amount: 5000 },
        { claimId: 'C-4', loanId: 'L-3', status: 'approved', approvedAt: '2026-01-20', amount: 100 },
      ],
      recoveries: [{ recoveryId: 'R-IMP-1', loanId: 'L-2', receivedAt: '2026-02-10', amount: 150.25 }],
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
}, 90_000);
afterAll(async () => {
  await second.close();
  await app.close();
});

test('the recovery-cases job asked of both workers at once opens one case per paid claim, its receivable recognised once', async () => {
  const body = { asOf: '2026-01-31', waitSeconds: 60 };
  const runs = await Promise.all([app, second].map((worker) => worker.request<{ status: string }>('POST', '/api/v1/jobs/recovery-cases/run', { body })));
  expect(runs.map((run) => run.status).every((status) => status === 200 || status === 409)).toBe(true);
  await runJob(app, 'recovery-cases', { asOf: '2026-01-31' });
  const list = await app.request<{ items: CaseView[] }>('GET', '/api/v1/recovery/cases');
  expect(list.body.items.map((item) => item.caseId).sort()).toEqual(['rec:C-1', 'rec:C-2', 'rec:C-3']);
  const one = await detail('rec:C-1');
  expect(one.body.ledger.filter((entry) => entry.kind === 'receivable')).toEqual([
    expect.objectContaining({ amounts: { indemnity: 10000, penalty: 0, costs: 0 }, source: 'payment' }),
  ]);
  expect(one.body.case.receivable).toEqual({ indemnity: 10000, penalty: 0, costs: 0 });
});

test('a worked case to the cent: penalty and costs due, two partial recoveries, a refused over-booking, a write-off by another person closes it', async () => {
  let current = (await detail('rec:C-1', as.sh)).body.case;
  const due = await app.request<Detail>('PUT', '/api/v1/recovery/cases/rec%3AC-1/amounts-due', {
    as: as.sh,
    body: { revision: current.revision, penalty: 500.5, costs: 300, reason: 'judgment sets the penalty; court fees' },
  });
  expect(due.status).toBe(200);
  expect(due.body.case.receivable).toEqual({ indemnity: 10000, penalty: 500.5, costs: 300 });
  current = due.body.case;

  const first = await app.request<Detail>('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.sh,
    body: { revision: current.revision, receivedOn: '2026-02-05', amounts: { indemnity: 4000, penalty: 500.5 } },
  });
  expect(first.status).toBe(200);
  const secondBooking = await app.request<Detail>('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.sh,
    body: { revision: first.body.case.revision, receivedOn: '2026-02-20', amounts: { indemnity: 3000, costs: 300 } },
  });
  expect(secondBooking.status).toBe(200);
  current = secondBooking.body.case;
  expect([current.recovered, current.receivable]).toEqual([
    { indemnity: 7000, penalty: 500.5, costs: 300 },
    { indemnity: 3000, penalty: 0, costs: 0 },
  ]);

  const over = await app.request<{ error: { code: string; details: { path: string }[] } }>('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.sh,
    body: { revision: current.revision, receivedOn: '2026-02-21', amounts: { indemnity: 3000.01 } },
  });
  expect([over.status, over.body.error.code, over.body.error.details.map((detail) => detail.path)]).toEqual([
    422,
    'recovery_exceeds_due',
    ['/body/amounts/indemnity'],
  ]);
  const stale = await app.request('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.sh,
    body: { revision: current.revision - 1, receivedOn: '2026-02-21', amounts: { indemnity: 1 } },
  });
  expect(stale.status).toBe(409);

  const proposed = await app.request<Detail>('POST', '/api/v1/recovery/cases/rec%3AC-1/write-offs', {
    as: as.shApprover,
    body: { revision: current.revision, amounts: { indemnity: 3000 }, reason: 'obligor insolvent, enforcement ended' },
  });
  expect(proposed.status).toBe(200);
  const writeOffId = proposed.body.case.pendingWriteOffs[0]!.writeOffId;
  const self = await app.request<{ error: { code: string } }>('POST', `/api/v1/recovery/cases/rec%3AC-1/write-offs/${writeOffId}/approve`, {
    as: as.shApprover,
    body: { revision: proposed.body.case.revision },
  });
  expect([self.status, self.body.error.code]).toEqual([403, 'maker_checker']);
  const approved = await app.request<Detail>('POST', `/api/v1/recovery/cases/rec%3AC-1/write-offs/${writeOffId}/approve`, {
    body: { revision: proposed.body.case.revision },
    as: as.hqApprover,
  });
  expect(approved.status).toBe(200);
  expect(approved.body.case).toMatchObject({
    writtenOff: { indemnity: 3000, penalty: 0, costs: 0 },
    receivable: { indemnity: 0, penalty: 0, costs: 0 },
    status: 'closed',
    closedReason: 'written-off',
    pendingWriteOffs: [],
  });
  expect(approved.body.ledger.map((entry) => entry.kind)).toEqual(['receivable', 'due-change', 'recovery', 'recovery', 'write-off']);
  expect(sink.ofType('recovery.booked').filter((event) => event.data.caseId === 'rec:C-1')).toHaveLength(2);
  const closed = sink.ofType('recovery.case-closed');
  expect(closed).toHaveLength(1);
  expect(closed[0]!.data).not.toHaveProperty('obligorId');
  const audit = await app.request<{ items: { action: string }[] }>('GET', '/api/v1/audit?entityKind=recovery-case&limit=50');
  expect(audit.status).toBe(200);
  expect(audit.body.items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['recovery.booked', 'recovery.written-off']));
});

test('an imported recovery lands in its case ledger (costs, penalty, then indemnity), and the month reconciles with the book the loss rate reads', async () => {
  await runJob(app, 'recovery-cases', { asOf: '2026-02-28' });
  const two = await detail('rec:C-2');
  expect(two.body.ledger.find((entry) => entry.kind === 'recovery')).toMatchObject({
    source: 'import',
    recoveryId: 'R-IMP-1',
    amounts: { indemnity: 150.25, penalty: 0, costs: 0 },
  });
  const reconciliation = await app.request<{ ledgerRecoveries: number; bookRecoveries: number; reconciled: boolean; differences: unknown[] }>(
    'GET',
    '/api/v1/recovery/reconciliation?month=2026-02',
  );
  expect(reconciliation.body).toEqual({ month: '2026-02', ledgerRecoveries: 7950.75, bookRecoveries: 7950.75, reconciled: true, differences: [] });
});

test('a branch sees only its cases: another branch’s case is 404 and not listed', async () => {
  const listed = await app.request<{ items: CaseView[] }>('GET', '/api/v1/recovery/cases', { as: as.bj });
  expect(listed.body.items.map((item) => item.caseId)).toEqual(['rec:C-3']);
  expect((await detail('rec:C-1', as.bj)).status).toBe(404);
  const write = await app.request('POST', '/api/v1/recovery/cases/rec%3AC-1/recoveries', {
    as: as.bj,
    body: { revision: 1, receivedOn: '2026-02-05', amounts: { indemnity: 1 } },
  });
  expect(write.status).toBe(404);
});
