import { claimLoan, claimRepayments } from '../../support/claim-book';
import { portfolioModels } from '../../../server/portfolio/portfolio.model';
import { RecordingSink, runJob, tasksOf } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The daily claim-deadlines job over HTTP on the real database, on two workers sharing it: claim.handling evaluated for
 * every case in the workflow, each case's deadlines stored, tasks and claim.deadline-* events once per case and stage.
 * Two loans reach the claim point (80 days) by 2025-07-25; the insured's complete report arrives on 2025-07-28 and both
 * are registered as complex. L-C's policy sets its own decision limit (20 days: due 2025-08-17); L-D's sets none, so the
 * rule's default for complex cases applies (30 days: due 2025-08-27). Approaching: from 5 days before the due date.
 * Policies are seeded through the Policy model (setup only: the policies import lands separately).
 */
const sinks = [new RecordingSink(), new RecordingSink()];
let app: TestApp;
let second: TestApp;
const tokens: Record<string, string> = {};

const policy = (loanId: string, decisionLimitDays?: number) => ({
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
  ...(decisionLimitDays ? { decisionLimitDays } : {}),
});

interface DeadlineView {
  stage: string;
  limitSource: string;
  limitDays: number | null;
  dueOn: string | null;
  daysLeft: number | null;
  state: string;
}
interface QueueItem {
  caseId: string;
  status: string;
  orgUnit: string;
  asOf: string;
  nextDueOn: string | null;
  state: string;
  deadlines: DeadlineView[];
  decisionId: string;
}

const queue = async (query = '') => {
  const response = await app.request<{ items: QueueItem[] }>('GET', `/api/v1/claim-deadlines${query}`, { as: tokens.op });
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body.items;
};
const decisionOf = async (caseId: string) =>
  (await queue()).find((item) => item.caseId === caseId)!.deadlines.find((deadline) => deadline.stage === 'decision');
const events = (type: string, caseId: string) => sinks.flatMap((sink) => sink.ofType(type)).filter((event) => event.data.caseId === caseId);

async function ok(caseId: string, path: string, body: Record<string, unknown>): Promise<void> {
  const detail = await app.request<{ claim: { revision: number } }>('GET', `/api/v1/claims/cases/${caseId}`, { as: tokens.op });
  const response = await app.request('POST', `/api/v1/claims/cases/${caseId}/${path}`, {
    as: tokens.op,
    body: { revision: detail.body.claim.revision, ...body },
  });
  expect([path, response.status, response.status === 200 ? '' : response.text]).toEqual([path, 200, '']);
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { eventSink: sinks[0] });
  second = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { databaseName: app.databaseName, eventSink: sinks[1] });
  await Promise.all([app.platform.startJobs(), second.platform.startJobs()]);
  tokens.op = await app.createUserAndLogin('deadline-op', ['branch-operator']);
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: { loans: [claimLoan('L-C'), claimLoan('L-D')], repayments: [...claimRepayments('L-C'), ...claimRepayments('L-D')] },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  await portfolioModels(app.connection).Policy.create([policy('L-C', 20), policy('L-D')]);
  await runJob(app, 'claim-triggers', { asOf: '2025-07-25' });
  for (const caseId of ['claim:L-C', 'claim:L-D']) {
    await ok(caseId, 'report', {
      channel: 'paper',
      receivedOn: '2025-07-28',
      unpaidPrincipal: 9000,
      interest: 262.59,
      penaltyInterest: 0,
      repaidBeforeClaim: 0,
      claimedAmount: 9262.59,
    });
    await ok(caseId, 'register', { estimatedLoss: 9000, complexity: 'complex', on: '2025-07-29' });
  }
}, 180_000);
afterAll(async () => {
  await second.close();
  await app.close();
});

test("the contract's own decision limit overrides the default, and the queue is ordered by the next due date", async () => {
  const run = await runJob(app, 'claim-deadlines', { asOf: '2025-08-12' });
  expect(run.counts).toMatchObject({ casesEvaluated: 2, approaching: 1, missed: 0 });
  expect(await decisionOf('claim:L-C')).toMatchObject({ limitSource: 'contract', limitDays: 20, dueOn: '2025-08-17', daysLeft: 5, state: 'approaching' });
  expect(await decisionOf('claim:L-D')).toMatchObject({ limitSource: 'default', limitDays: 30, dueOn: '2025-08-27', daysLeft: 15, state: 'running' });
  const items = await queue();
  expect(items.map((item) => [item.caseId, item.nextDueOn, item.state])).toEqual([
    ['claim:L-C', '2025-08-17', 'approaching'],
    ['claim:L-D', '2025-08-27', 'running'],
  ]);
  expect((await queue('?state=approaching')).map((item) => item.caseId)).toEqual(['claim:L-C']);
  expect(events('claim.deadline-approaching', 'claim:L-C')).toHaveLength(1);
  expect(events('claim.deadline-approaching', 'claim:L-D')).toHaveLength(0);
  // The decision is logged with the facts it read.
  const decision = await app.request<{ ruleSet: { key: string }; facts: Record<string, unknown> }>(
    'GET',
    `/api/v1/decisions/${encodeURIComponent(items[0]!.decisionId)}`,
  );
  expect([decision.status, decision.body.ruleSet?.key, decision.body.facts?.contractDecisionLimitDays]).toEqual([200, 'claim.handling', 20]);
});

test('a case past its decision deadline is flagged the day after the due date, not on it', async () => {
  await runJob(app, 'claim-deadlines', { asOf: '2025-08-17' });
  expect(await decisionOf('claim:L-C')).toMatchObject({ dueOn: '2025-08-17', daysLeft: 0, state: 'approaching' });
  expect(events('claim.deadline-missed', 'claim:L-C')).toHaveLength(0);
  await runJob(app, 'claim-deadlines', { asOf: '2025-08-18' });
  expect(await decisionOf('claim:L-C')).toMatchObject({ daysLeft: -1, state: 'missed' });
  // The default 30 days still run for L-D on the day L-C's contract limit is missed.
  expect(await decisionOf('claim:L-D')).toMatchObject({ daysLeft: 9, state: 'running' });
  expect(events('claim.deadline-missed', 'claim:L-C').map((event) => event.data)).toEqual([
    expect.objectContaining({ caseId: 'claim:L-C', stage: 'decision', dueOn: '2025-08-17', state: 'missed', limitSource: 'contract', asOf: '2025-08-18' }),
  ]);
  await runJob(app, 'claim-deadlines', { asOf: '2025-08-27' });
  expect(await decisionOf('claim:L-D')).toMatchObject({ dueOn: '2025-08-27', state: 'approaching' });
  expect(events('claim.deadline-missed', 'claim:L-D')).toHaveLength(0);
  await runJob(app, 'claim-deadlines', { asOf: '2025-08-28' });
  expect(await decisionOf('claim:L-D')).toMatchObject({ state: 'missed' });
  expect(events('claim.deadline-missed', 'claim:L-D')).toHaveLength(1);
  // No personal data in the events: ids, stage, dates, counts.
  for (const event of events('claim.deadline-missed', 'claim:L-D')) expect(Object.keys(event.data).sort()).not.toContain('name');
});

test('asked of both workers at once and again, the job leaves one task per case and stage and each event once', async () => {
  const body = { asOf: '2025-08-29', waitSeconds: 60 };
  const runs = await Promise.all([app, second].map((worker) => worker.request<{ status: string }>('POST', '/api/v1/jobs/claim-deadlines/run', { body })));
  expect(runs.map((run) => run.status).every((status) => status === 200 || status === 409)).toBe(true);
  await runJob(second, 'claim-deadlines', { asOf: '2025-08-29' });
  const tasks = (await tasksOf(app)).filter((task) => task.taskId.startsWith('claim-deadline:'));
  expect(tasks.map((task) => [task.taskId, task.dueOn, task.orgUnit]).sort()).toEqual([
    ['claim-deadline:claim:L-C:decision', '2025-08-17', 'HQ'],
    ['claim-deadline:claim:L-D:decision', '2025-08-27', 'HQ'],
  ]);
  for (const caseId of ['claim:L-C', 'claim:L-D']) {
    expect([caseId, events('claim.deadline-approaching', caseId).length, events('claim.deadline-missed', caseId).length]).toEqual([caseId, 1, 1]);
  }
  // The queue filters by status (the stored deadlines are the latest day's).
  expect((await queue('?status=registered')).map((item) => [item.caseId, item.asOf])).toEqual([
    ['claim:L-C', '2025-08-29'],
    ['claim:L-D', '2025-08-29'],
  ]);
});
