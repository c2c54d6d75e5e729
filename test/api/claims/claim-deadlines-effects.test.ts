import { claimLoan, claimRepayments } from '../../support/claim-book';
import type { Collection } from 'mongodb';
import { portfolioModels } from '../../../server/portfolio/portfolio.model';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Steps whose consequences fail half-way (docs/claims.md, "left undone" before): approval and payment write the book's
 * claim record after the step is stored. Here the write fails for real (the loan is missing from portfolio_loans for a
 * moment, so the import refuses the claim row); the case is approved, and the record is then written by the next request
 * on the case, or by the daily claim-deadlines run. Also: GET /claims lists the workflow's statuses.
 * Policies are seeded through the Policy model (setup only: the policies import lands separately).
 */
const sink = new RecordingSink();
let app: TestApp;
const tokens: Record<string, string> = {};

const policy = (loanId: string) => ({
  _id: `P-${loanId}`,
  policyId: `P-${loanId}`,
  orgUnit: 'HQ',
  insuranceType: 'guarantee' as const,
  insuredId: 'FUNDER-1',
  claimPointDays: 80,
  coversInterest: true,
  coversPenaltyInterest: false,
  deductibleCents: 0,
  complaintHotline: '400-000-0001',
  claimReportHotline: '400-000-0002',
  creditReportingAuthorised: true,
});

const revisionOf = async (caseId: string) =>
  (await app.request<{ claim: { revision: number } }>('GET', `/api/v1/claims/cases/${caseId}`, { as: tokens.op })).body.claim.revision;
async function step(caseId: string, path: string, as: string, body: Record<string, unknown> = {}) {
  return app.request('POST', `/api/v1/claims/cases/${caseId}/${path}`, { as, body: { revision: await revisionOf(caseId), ...body } });
}
async function ok(caseId: string, path: string, as: string, body: Record<string, unknown> = {}): Promise<void> {
  const response = await step(caseId, path, as, body);
  expect([path, response.status, response.status === 200 ? '' : response.text]).toEqual([path, 200, '']);
}
/** Up to adjustment, every figure agreeing with the platform's. */
async function adjusted(caseId: string): Promise<void> {
  await ok(caseId, 'report', tokens.op!, {
    channel: 'electronic',
    receivedOn: '2025-07-28',
    unpaidPrincipal: 9000,
    interest: 262.59,
    penaltyInterest: 0,
    repaidBeforeClaim: 0,
    claimedAmount: 9262.59,
  });
  await ok(caseId, 'register', tokens.op!, { estimatedLoss: 9000, complexity: 'simple', on: '2025-07-29' });
  await ok(caseId, 'adjust', tokens.op!, { on: '2025-07-30' });
}
let loans: Collection;
/** Approval while the loan is missing from the book: the step is stored, its claim record refused. */
async function approveWhileTheBookRefuses(caseId: string, loanId: string): Promise<void> {
  const document = await loans.findOne({ _id: loanId as never });
  await loans.deleteOne({ _id: loanId as never });
  try {
    const response = await step(caseId, 'approve', tokens.approver!, { on: '2025-08-05' });
    expect(response.status).toBe(500);
  } finally {
    await loans.insertOne(document!);
  }
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'silent' }, { eventSink: sink });
  await app.platform.startJobs();
  tokens.op = await app.createUserAndLogin('effects-op', ['branch-operator']);
  tokens.approver = await app.createUserAndLogin('effects-approver', ['approver']);
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: { loans: [claimLoan('L-R'), claimLoan('L-J')], repayments: [...claimRepayments('L-R'), ...claimRepayments('L-J')] },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  loans = portfolioModels(app.connection).Loan.collection as unknown as Collection;
  await portfolioModels(app.connection).Policy.create([policy('L-R'), policy('L-J')]);
  await runJob(app, 'claim-triggers', { asOf: '2025-07-25' });
  for (const caseId of ['claim:L-R', 'claim:L-J']) await adjusted(caseId);
}, 180_000);
afterAll(async () => {
  await app.close();
});

const claimRecord = (caseId: string) => portfolioModels(app.connection).Claim.findById(caseId).lean();

test('an approval whose claim record failed gets it on the next request on the case', async () => {
  await approveWhileTheBookRefuses('claim:L-R', 'L-R');
  expect(await claimRecord('claim:L-R')).toBeNull();
  // The next step on the case (a document recorded) first writes the record, and the approval is announced once.
  await ok('claim:L-R', 'documents', tokens.op!, { documents: [{ kind: 'policy', reference: 'archive://P-L-R' }] });
  expect(await claimRecord('claim:L-R')).toMatchObject({ loanId: 'L-R', status: 'approved', approvedAt: '2025-08-05', amountCents: 926_259 });
  expect(sink.ofType('claim.approved').filter((event) => event.data.caseId === 'claim:L-R')).toHaveLength(1);
  // Payment goes on as usual.
  await ok('claim:L-R', 'pay', tokens.op!, { paidOn: '2025-08-10', amount: 9262.59, reference: 'PAY-R' });
  expect(await claimRecord('claim:L-R')).toMatchObject({ status: 'paid', paidAt: '2025-08-10' });
});

test('an approval whose claim record failed gets it from the daily claim-deadlines run, once', async () => {
  await approveWhileTheBookRefuses('claim:L-J', 'L-J');
  expect(await claimRecord('claim:L-J')).toBeNull();
  const run = await runJob(app, 'claim-deadlines', { asOf: '2025-08-06' });
  expect(run.counts).toMatchObject({ stepEffectsCompleted: 1, stepEffectsFailed: 0 });
  expect(await claimRecord('claim:L-J')).toMatchObject({ loanId: 'L-J', status: 'approved', amountCents: 926_259 });
  const again = await runJob(app, 'claim-deadlines', { asOf: '2025-08-07' });
  expect(again.counts).toMatchObject({ stepEffectsCompleted: 0 });
  expect(sink.ofType('claim.approved').filter((event) => event.data.caseId === 'claim:L-J')).toHaveLength(1);
});

test('GET /claims lists and filters the workflow statuses, and its summary names them', async () => {
  const reported = await app.request<{ items: { caseId: string; status: string }[] }>('GET', '/api/v1/claims?status=paid', { as: tokens.op });
  expect([reported.status, reported.body.items.map((item) => item.caseId)]).toEqual([200, ['claim:L-R']]);
  const openapi = await app.request<{ paths: Record<string, { get?: { summary?: string } }> }>('GET', '/api/v1/openapi.json');
  const summary = openapi.body.paths['/api/v1/claims']?.get?.summary ?? openapi.body.paths['/claims']?.get?.summary ?? '';
  for (const status of ['reported', 'registered', 'adjusted', 'approved', 'paid', 'subrogated', 'archived', 'withdrawn', 'rejected', 'early-requested'])
    expect([status, summary.includes(status)]).toEqual([status, true]);
});
