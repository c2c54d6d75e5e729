import { CLAIM_SCHEDULE, claimLoan } from '../../support/claim-book';
import { portfolioModels } from '../../../server/portfolio/portfolio.model';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The claim workflow over HTTP on the real database (Arts 2(4), 14-18). The worked example: twelve installments of
 * 1,000.00 principal + 87.53 interest due on the 1st from 2025-02-01; three paid in full, 333.33 towards the fourth on
 * 2025-05-20; the claim point (80 days) is reached by 2025-07-25. Policies are seeded through the Policy model (setup only:
 * the policies import lands separately). The policy covers interest and penalty interest, deductible 150.25.
 */
const sink = new RecordingSink();
let app: TestApp;
const tokens: Record<string, string> = {};
/** What a listener on the service is told (recovery and the bureau are wired this way by the lead). */
const notices: { caseId: string; action: string; from: string | null; to: string }[] = [];

const repayments = (loanId: string) => [
  ...['2025-02-01', '2025-03-01', '2025-04-01'].map((paidAt, index) => ({ repaymentId: `${loanId}-R${index + 1}`, loanId, paidAt, amount: 1087.53 })),
  { repaymentId: `${loanId}-R4`, loanId, paidAt: '2025-05-20', amount: 333.33 },
];
const policy = (loanId: string, orgUnit: string) => ({
  policyId: `P-${loanId}`,
  orgUnit,
  insuranceType: 'guarantee' as const,
  insuredId: 'FUNDER-1',
  claimPointDays: 80,
  coversInterest: true,
  coversPenaltyInterest: true,
  deductible: 150.25,
  complaintHotline: '400-000-0001',
  claimReportHotline: '400-000-0002',
  creditReportingAuthorised: true,
  decisionLimitDays: 20,
});

interface Detail {
  claim: { caseId: string; status: string; revision: number };
  history: { action: string; actor: string; facts: Record<string, unknown> | null }[];
  workflow: {
    differences: { field: string; insured: number; platform: number; reconciled: unknown }[];
    platformFigures: Record<string, number> | null;
    estimatedLoss: number | null;
    adjustment: { lines: { item: string; amount: number }[]; indemnity: number; by: string } | null;
    approval: { by: string; indemnity: number } | null;
    checklist: { kind: string; present: boolean }[];
    dates: Record<string, unknown>;
  };
}
interface Failure {
  error: { code: string; details: { path: string; message: string }[] };
}

const detail = async (caseId: string, as = tokens.op) => app.request<Detail>('GET', `/api/v1/claims/cases/${caseId}`, { as });
const step = async <T = Detail>(caseId: string, path: string, as: string, body: Record<string, unknown>) =>
  app.request<T>('POST', `/api/v1/claims/cases/${caseId}/${path}`, { as, body });
/** A step on the case's current revision, expected to succeed. */
async function ok(caseId: string, path: string, as: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const { revision } = (await detail(caseId)).body.claim;
  const response = await step(caseId, path, as, { revision, ...body });
  expect([path, response.status, response.status === 200 ? '' : response.text]).toEqual([path, 200, '']);
  return response.body;
}
const revisionOf = async (caseId: string) => (await detail(caseId)).body.claim.revision;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { eventSink: sink });
  await app.platform.startJobs();
  app.platform.services.claimWorkflow.onTransition(({ caseId, action, from, to }) => {
    notices.push({ caseId, action, from, to });
  });
  for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
  tokens.op = await app.createUserAndLogin('claims-op', ['branch-operator']);
  tokens.approver = await app.createUserAndLogin('claims-approver', ['approver']);
  tokens.dual = await app.createUserAndLogin('claims-dual', ['branch-operator', 'approver']);
  tokens.shanghai = await app.createUserAndLogin('sh-op', ['branch-operator'], 'BR-SH');
  tokens.beijing = await app.createUserAndLogin('bj-op', ['branch-operator'], 'BR-BJ');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [claimLoan('L-1', 'HQ'), claimLoan('L-SH', 'BR-SH'), claimLoan('L-E', 'HQ')],
      repayments: [
        ...repayments('L-1'),
        ...repayments('L-SH'),
        // L-E pays every installment on its due date: no claim point, a candidate for early payment only.
        ...CLAIM_SCHEDULE.slice(0, 6).map((installment) => ({
          repaymentId: `L-E-R${installment.seq}`,
          loanId: 'L-E',
          paidAt: installment.dueDate,
          amount: 1087.53,
        })),
      ],
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  const policies = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: { policies: [policy('L-1', 'HQ'), policy('L-SH', 'BR-SH'), policy('L-E', 'HQ')] },
  });
  expect([policies.status, policies.body.rejected]).toEqual([200, []]);
  await runJob(app, 'claim-triggers', { asOf: '2025-07-25' });
}, 60_000);
afterAll(async () => {
  await app.close();
});

const REPORT = {
  channel: 'electronic',
  receivedOn: '2025-07-28',
  unpaidPrincipal: 9000,
  interest: 262.59,
  penaltyInterest: 45.67,
  // The insured left out the 333.33 the obligor paid towards the fourth installment.
  repaidBeforeClaim: 0,
  claimedAmount: 9158.01,
};

test('the full path report -> archive, with the worked indemnity to the cent, the guards, the book claim record, audit and events', async () => {
  const caseId = 'claim:L-1';
  const reported = await ok(caseId, 'report', tokens.dual!, REPORT);
  expect(reported.claim.status).toBe('reported');
  expect(reported.workflow.platformFigures).toEqual({ unpaidPrincipal: 9000, interest: 262.59, repaidBeforeClaim: 333.33 });
  expect(reported.workflow.differences).toEqual([{ field: 'repaidBeforeClaim', insured: 0, platform: 333.33, reconciled: null }]);
  expect(reported.workflow.dates).toMatchObject({ reportedOn: '2025-07-28', reportCompleteOn: '2025-07-28', decisionLimitDays: 20, paymentLimitDays: null });

  // Registration without an estimated loss: 422 naming the field.
  const unregistered = await step<Failure>(caseId, 'register', tokens.dual!, { revision: await revisionOf(caseId), complexity: 'complex' });
  expect([unregistered.status, unregistered.body.error.code, unregistered.body.error.details]).toEqual([
    422,
    'claim_incomplete',
    [{ path: '/body/estimatedLoss', message: 'required to register the claim' }],
  ]);
  const registered = await ok(caseId, 'register', tokens.dual!, { estimatedLoss: 9000, complexity: 'complex', on: '2025-07-29' });
  expect([registered.claim.status, registered.workflow.estimatedLoss, registered.workflow.dates.registeredOn]).toEqual(['registered', 9000, '2025-07-29']);

  const adjusted = await ok(caseId, 'adjust', tokens.dual!, { on: '2025-07-30' });
  expect(adjusted.workflow.adjustment!.by).toBe('claims-dual');

  // Approval while the repayment difference is unreconciled: refused, the difference named.
  const unreconciled = await step<Failure>(caseId, 'approve', tokens.approver!, { revision: await revisionOf(caseId) });
  expect([unreconciled.status, unreconciled.body.error.code, unreconciled.body.error.details]).toEqual([
    422,
    'claim_incomplete',
    [{ path: '/differences/repaidBeforeClaimCents', message: 'not reconciled' }],
  ]);
  const reconciled = await ok(caseId, 'reconcile', tokens.op!, { field: 'repaidBeforeClaim', accepted: 333.33, note: 'repayment voucher 2025-05-20' });
  expect(reconciled.workflow.adjustment!.lines.map((line) => [line.item, line.amount])).toEqual([
    ['unpaid-principal', 9000],
    ['interest', 262.59],
    ['penalty-interest', 45.67],
    ['deductible', -150.25],
    ['repaid-before-claim', -333.33],
  ]);
  expect(reconciled.workflow.adjustment!.indemnity).toBe(8824.68);

  // The adjuster may not approve (maker-checker), even holding the approver role.
  const byAdjuster = await step<Failure>(caseId, 'approve', tokens.dual!, { revision: await revisionOf(caseId) });
  expect([byAdjuster.status, byAdjuster.body.error.code]).toEqual([403, 'maker_checker']);
  const approved = await ok(caseId, 'approve', tokens.approver!, { on: '2025-08-05' });
  expect([approved.claim.status, approved.workflow.approval]).toEqual(['approved', expect.objectContaining({ by: 'claims-approver', indemnity: 8824.68 })]);
  const claims = portfolioModels(app.connection).Claim;
  expect(await claims.findById(caseId).lean()).toMatchObject({ loanId: 'L-1', status: 'approved', approvedAt: '2025-08-05', amountCents: 882_468 });

  const wrongAmount = await step<Failure>(caseId, 'pay', tokens.op!, {
    revision: await revisionOf(caseId),
    paidOn: '2025-08-10',
    amount: 9158.01,
    reference: 'PAY-1',
  });
  expect([wrongAmount.status, wrongAmount.body.error.details[0]!.path]).toEqual([422, '/body/amount']);
  await ok(caseId, 'pay', tokens.op!, { paidOn: '2025-08-10', amount: 8824.68, reference: 'PAY-1' });
  expect(await claims.findById(caseId).lean()).toMatchObject({ status: 'paid', approvedAt: '2025-08-05', paidAt: '2025-08-10', amountCents: 882_468 });
  expect(await claims.countDocuments({ loanId: 'L-1' })).toBe(1);
  // The metric module reads the book: the payment is August's claim paid.
  // The recovery case opens at payment (Art. 17), not a day later with the daily job: its receivable is the indemnity paid.
  const recovery = await app.request<{ case: { receivable: { indemnity: number } } }>('GET', `/api/v1/recovery/cases/rec:${caseId}`);
  expect([recovery.status, recovery.body.case?.receivable.indemnity]).toEqual([200, 8824.68]);
  const august = await app.request<{ total: { metrics: { claimsPaid: number } } }>('GET', '/api/v1/metrics/portfolio?month=2025-08');
  expect([august.status, august.body.total.metrics.claimsPaid]).toEqual([200, 8824.68]);

  await ok(caseId, 'subrogate', tokens.op!, { basis: 'assignment', extent: 'full', confirmationRef: 'ASSIGN-2025-001', on: '2025-08-12' });
  // Archive with documents missing: refused, each one listed.
  const incomplete = await step<Failure>(caseId, 'archive', tokens.op!, { revision: await revisionOf(caseId) });
  expect([incomplete.status, incomplete.body.error.details.map((detail) => detail.path)]).toEqual([
    422,
    ['/documents/policy', '/documents/loan-contract', '/documents/repayment-records'],
  ]);
  await ok(caseId, 'documents', tokens.op!, {
    documents: [
      { kind: 'policy', reference: 'archive://P-L-1' },
      { kind: 'loan-contract', reference: 'archive://L-1/contract' },
      { kind: 'repayment-records', reference: 'core-banking://L-1/repayments' },
    ],
  });
  const archived = await ok(caseId, 'archive', tokens.op!, { on: '2025-08-20' });
  expect(archived.claim.status).toBe('archived');
  expect(archived.workflow.checklist.every((item) => item.present)).toBe(true);
  expect(archived.history.map((entry) => [entry.action, entry.actor, entry.facts?.role ?? null])).toEqual([
    ['opened', 'job:claim-triggers', null],
    ['reported', 'claims-dual', 'branch-operator'],
    ['registered', 'claims-dual', 'branch-operator'],
    ['adjusted', 'claims-dual', 'branch-operator'],
    ['reconciled', 'claims-op', 'branch-operator'],
    ['approved', 'claims-approver', 'approver'],
    ['paid', 'claims-op', 'branch-operator'],
    ['subrogated', 'claims-op', 'branch-operator'],
    ['documents-recorded', 'claims-op', 'branch-operator'],
    ['archived', 'claims-op', 'branch-operator'],
  ]);

  expect(notices.filter((notice) => notice.caseId === caseId).map((notice) => `${notice.from}>${notice.action}>${notice.to}`)).toEqual([
    'open>report>reported',
    'reported>register>registered',
    'registered>adjust>adjusted',
    'adjusted>reconcile>adjusted',
    'adjusted>approve>approved',
    'approved>pay>paid',
    'paid>subrogate>subrogated',
    'subrogated>documents>subrogated',
    'subrogated>archive>archived',
  ]);
  // Audit entries for the approval and the payment.
  const audit = await app.request<{ items: { action: string; actor: string }[] }>(
    'GET',
    `/api/v1/audit?entityKind=claim-case&entityId=${encodeURIComponent(caseId)}`,
  );
  expect(audit.body.items.map((entry) => [entry.action, entry.actor]).sort()).toEqual([
    ['claim-approved', 'claims-approver'],
    ['claim-paid', 'claims-op'],
  ]);
  // One event per transition, ids and amounts only.
  const types = ['claim.reported', 'claim.registered', 'claim.adjusted', 'claim.approved', 'claim.paid', 'claim.subrogated', 'claim.archived'];
  await waitUntil(() => types.every((type) => sink.ofType(type).some((event) => event.data.caseId === caseId)), 10_000, 'the workflow events');
  const approvedEvent = sink.ofType('claim.approved').find((event) => event.data.caseId === caseId)!;
  expect(approvedEvent.data).toEqual({
    caseId,
    loanId: 'L-1',
    policyId: 'P-L-1',
    obligorId: 'OB-L-1',
    status: 'approved',
    previousStatus: 'adjusted',
    on: '2025-08-05',
    amount: 8824.68,
    revision: 6,
  });
});

test('a stale revision is refused 409 and changes nothing', async () => {
  const caseId = 'claim:L-SH';
  const { revision } = (await detail(caseId)).body.claim;
  await ok(caseId, 'report', tokens.shanghai!, { ...REPORT, receivedOn: '2025-07-28' });
  const stale = await step<Failure>(caseId, 'withdraw', tokens.shanghai!, { revision });
  expect([stale.status, stale.body.error.code]).toEqual([409, 'stale_version']);
  expect((await detail(caseId)).body.claim).toMatchObject({ status: 'reported', revision: revision + 1 });
});

test("a branch acts only on its own unit's cases: another branch gets 404", async () => {
  const caseId = 'claim:L-SH';
  expect((await detail(caseId, tokens.beijing)).status).toBe(404);
  const foreign = await step(caseId, 'withdraw', tokens.beijing!, { revision: await revisionOf(caseId) });
  expect(foreign.status).toBe(404);
  expect((await detail(caseId, tokens.shanghai)).status).toBe(200);
  expect((await detail('claim:L-1', tokens.shanghai)).status).toBe(404);
  const withdrawn = await ok(caseId, 'withdraw', tokens.shanghai!, { note: 'the insured withdrew its claim' });
  expect(withdrawn.claim.status).toBe('withdrawn');
  await waitUntil(() => sink.ofType('claim.withdrawn').some((event) => event.data.caseId === caseId), 10_000, 'claim.withdrawn');
});

test('early payment before the claim point (Art. 2(4)): requested on a loan without a case, approved at head office by someone else, then the normal workflow', async () => {
  const caseId = 'claim:L-E';
  expect((await detail(caseId)).status).toBe(404);
  const requested = await step<Detail>(caseId, 'early-payment', tokens.dual!, { reason: 'the obligor is insolvent: early intervention', on: '2025-07-26' });
  expect([requested.status, requested.body.claim.status]).toEqual([200, 'early-requested']);
  const again = await step<Failure>(caseId, 'early-payment', tokens.op!, { reason: 'twice' });
  expect([again.status, again.body.error.code]).toEqual([409, 'invalid_state']);
  const byRequester = await step<Failure>(caseId, 'early-payment/approve', tokens.dual!, { revision: await revisionOf(caseId) });
  expect([byRequester.status, byRequester.body.error.code]).toEqual([403, 'maker_checker']);
  const approved = await ok(caseId, 'early-payment/approve', tokens.approver!, { on: '2025-07-27' });
  expect(approved.claim.status).toBe('early-approved');
  // The claim trigger leaves a case of early payment alone (its loan is not past due).
  await runJob(app, 'claim-triggers', { asOf: '2025-07-28' });
  expect((await detail(caseId)).body.claim.status).toBe('early-approved');
  const reported = await ok(caseId, 'report', tokens.op!, { channel: 'paper', receivedOn: '2025-07-28', unpaidPrincipal: 6000 });
  // Nothing was due unpaid on the claim date: the remaining principal, no interest, nothing repaid towards it.
  expect([reported.claim.status, reported.workflow.platformFigures, reported.workflow.dates.reportCompleteOn]).toEqual([
    'reported',
    { unpaidPrincipal: 6000, interest: 0, repaidBeforeClaim: 0 },
    null,
  ]);
});
