import { JobRunStore } from '../../../server/jobs/job-run.store';
import { JobService } from '../../../server/jobs/job.service';
import { createLogger } from '../../../server/logger';
import { alertsOf, runJob, type JobRunView } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Jobs act on the whole book, so they are HQ's: only HQ starts them, only HQ's admins and
 * auditors read them and their runs. A run dated before the last successful run of the same
 * job would undo later work (alerts closed before they were raised), so it is refused unless
 * an override with a reason says so, which the audit log keeps; scheduled runs obey the same rule.
 */
type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string; lastRunDate?: string }[] } };
type JobList = { runs: (JobRunView & { job: string; params: Record<string, string> })[] };

let app: TestApp;
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() })).status).toBe(200);
  for (const [name, roles, unit] of [
    ['sh-admin', ['admin'], 'BR-SH'],
    ['sh-auditor', ['auditor'], 'BR-SH'],
    ['hq-owner', ['policy-owner', 'approver'], 'HQ'],
    ['hq-auditor', ['auditor'], 'HQ'],
  ] as const)
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
}, 90_000);

afterAll(() => app.close());

test("jobs and their runs are read by HQ's admins and auditors only", async () => {
  const run = await runJob(app, 'overdue-tasks', { asOf: '2025-08-01' });
  for (const reader of [undefined, as['hq-auditor']]) {
    expect((await app.request('GET', '/api/v1/jobs', { as: reader })).status).toBe(200);
    expect((await app.request('GET', `/api/v1/jobs/runs/${run.runId}`, { as: reader })).status).toBe(200);
  }
  for (const name of ['sh-admin', 'sh-auditor', 'hq-owner']) {
    const list = await app.request<ErrorBody>('GET', '/api/v1/jobs', { as: as[name] });
    const one = await app.request<ErrorBody>('GET', `/api/v1/jobs/runs/${run.runId}`, { as: as[name] });
    expect([name, list.status, one.status]).toEqual([name, 403, 403]);
  }
});

test('a job over the whole book is started by HQ only: a branch admin gets 403 and no run is created', async () => {
  const refused = await app.request<ErrorBody>('POST', '/api/v1/jobs/obligor-monitoring/run', { as: as['sh-admin'], body: { asOf: '2025-08-10' } });
  expect([refused.status, refused.body.error.code]).toEqual([403, 'out_of_scope']);
  const runs = await app.request<JobList>('GET', '/api/v1/jobs?job=obligor-monitoring');
  expect(runs.body.runs).toEqual([]);
});

test("a run dated before the last successful run is refused with the last run's date, unless an audited override says so", async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const before = await alertsOf(app);
  expect(before.length).toBeGreaterThan(0);

  const refused = await app.request<ErrorBody>('POST', '/api/v1/jobs/obligor-monitoring/run', { body: { asOf: '2025-08-10', waitSeconds: 5 } });
  expect([refused.status, refused.body.error.code]).toEqual([409, 'run_before_last_run']);
  expect(refused.body.error.message).toContain('2025-08-20');
  expect(refused.body.error.details).toEqual([expect.objectContaining({ path: '/body/asOf', lastRunDate: '2025-08-20' })]);
  expect(await alertsOf(app)).toEqual(before);
  const listed = await app.request<JobList>('GET', '/api/v1/jobs?job=obligor-monitoring');
  expect(listed.body.runs.map((run) => run.params.asOf)).toEqual(['2025-08-20']);

  // The same day again is a re-run, not a step back.
  const again = await app.request<JobRunView>('POST', '/api/v1/jobs/obligor-monitoring/run', { body: { asOf: '2025-08-20', waitSeconds: 120 } });
  expect([again.status, again.body.status]).toEqual([200, 'succeeded']);

  const noReason = await app.request<ErrorBody>('POST', '/api/v1/jobs/obligor-monitoring/run', { body: { asOf: '2025-08-10', override: { reason: '' } } });
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.details.map((detail) => detail.path)).toContain('/body/override/reason');

  const reason = 'replaying 10 August after the repayment file of that day was corrected';
  const overridden = await app.request<JobRunView>('POST', '/api/v1/jobs/obligor-monitoring/run', {
    body: { asOf: '2025-08-10', override: { reason }, waitSeconds: 120 },
  });
  expect([overridden.status, overridden.body.status]).toEqual([200, 'succeeded']);
  const audit = await app.request<{
    items: { actor: string; action: string; entity: { kind: string; id: string }; reason: string; after: Record<string, unknown> }[];
  }>('GET', '/api/v1/audit?entityKind=job&entityId=obligor-monitoring', { as: as['hq-auditor'] });
  expect(audit.status).toBe(200);
  expect(audit.body.items).toEqual([
    expect.objectContaining({
      action: 'run-before-last-run',
      entity: { kind: 'job', id: 'obligor-monitoring' },
      reason,
      after: expect.objectContaining({ runId: overridden.body.runId, params: { asOf: '2025-08-10' }, lastRunDate: '2025-08-20' }),
    }),
  ]);
});

test('a scheduled run obeys the same rule: a schedule that fires for a day before the last successful run does not run', async () => {
  const definition = app.platform.services.jobs.list().find((job) => job.name === 'obligor-monitoring')!;
  const scheduledAt = (now: string) => {
    const service = new JobService(
      app.connection,
      new JobRunStore(app.connection),
      { enabled: true, processEveryMs: 100, schedules: {} },
      createLogger('silent'),
      { now: () => new Date(now) },
    );
    service.register(definition);
    return service;
  };
  expect(await scheduledAt('2025-08-15T02:00:00Z').runScheduled('obligor-monitoring')).toBeUndefined();
  const listed = await app.request<JobList>('GET', '/api/v1/jobs?job=obligor-monitoring');
  expect(listed.body.runs.map((run) => run.params.asOf)).not.toContain('2025-08-15');
  // A day after the last run is the ordinary case, and runs.
  const later = await scheduledAt('2025-08-21T02:00:00Z').runScheduled('obligor-monitoring');
  expect(later).toEqual(expect.any(String));
  expect((await app.request<JobRunView>('GET', `/api/v1/jobs/runs/${later}`)).body.status).toBe('succeeded');
});
