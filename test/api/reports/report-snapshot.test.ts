import { Collection } from 'mongodb';
import { createOrgUnits } from '../authority/helpers';
import { waitUntil } from '../../support/polling';
import { alertRecord } from '../../support/alert-record';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * A complete month's monthly report is a stored read model per org unit: written by the month-end-snapshots job (and
 * by the first read), read back without touching alerts, tasks, claim cases or their histories, and dropped when a
 * monitoring job runs for a day of that month (or earlier), so a back-dated run is never hidden behind stale figures.
 */
let app: TestApp;
let branch: string;
const MONITORING = ['monitoring_alerts', 'monitoring_alert_history', 'monitoring_tasks', 'monitoring_task_history', 'claim_cases', 'claim_case_history'];
const REPORT = '/api/v1/reports/business-quality?month=2025-10';

const now = new Date();
const entry = () => ({ action: 'raised', actor: 'test', at: now, asOf: '2025-10-05', note: null, decisionId: null, facts: null });
const alertOf = (obligorId: string) => alertRecord(obligorId, { orgUnit: 'BR-SH' });

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  branch = await app.createUserAndLogin('op-br-sh', ['branch-operator'], 'BR-SH');
  expect((await app.platform.services.alerts.insertNew([alertOf('O1')], entry)).size).toBe(1);
}, 60_000);
afterAll(() => app.close());

/** The report, and which monitoring collections building it read. */
async function report(as?: string): Promise<{ raised: number; monitoringReads: string[] }> {
  const find = jest.spyOn(Collection.prototype, 'find');
  try {
    const response = await app.request<{ alerts: { raised: { yellow: number } } }>('GET', REPORT, as ? { as } : {});
    expect(response.status).toBe(200);
    const reads = find.mock.contexts.map((context) => (context as Collection).collectionName).filter((name) => MONITORING.includes(name));
    return { raised: response.body.alerts.raised.yellow, monitoringReads: reads };
  } finally {
    find.mockRestore();
  }
}

test("a complete month's report is written by the month-end-snapshots job and read without the monitoring records", async () => {
  // Not complete yet: computed from the records on every read.
  expect((await report()).monitoringReads.length).toBeGreaterThan(0);
  expect((await report()).monitoringReads.length).toBeGreaterThan(0);

  // The declaration queues the month-end-snapshots run for October.
  expect((await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-10-31' } })).status).toBe(200);
  const { jobs } = app.platform.services;
  const job = await waitUntil(
    async () => (await jobs.runsMatching({ job: 'month-end-snapshots', limit: 5 })).find((run) => run.status === 'succeeded' || run.status === 'failed'),
    60_000,
    'the month-end-snapshots run',
  );
  expect(job.status).toBe('succeeded');
  for (const as of [undefined, branch]) expect(await report(as)).toEqual({ raised: 1, monitoringReads: [] });
}, 120_000);

test('a monitoring run for a day of the month has its reports rebuilt in the background: the next read is stored and counts what the run changed', async () => {
  expect((await app.platform.services.alerts.insertNew([alertOf('O2')], entry)).size).toBe(1);
  const { jobs } = app.platform.services;
  const rebuildsBefore = (await jobs.runsMatching({ job: 'monthly-reports', limit: 50 })).length;
  const find = jest.spyOn(Collection.prototype, 'find');
  let taskReads: number;
  try {
    const run = await jobs.request('claim-triggers', { asOf: '2025-10-31' }, 'test', 60_000);
    expect(run.status).toBe('succeeded');
    const rebuild = await waitUntil(
      async () => {
        const runs = await jobs.runsMatching({ job: 'monthly-reports', limit: 50 });
        return runs.length > rebuildsBefore ? runs.find((candidate) => candidate.status === 'succeeded' || candidate.status === 'failed') : undefined;
      },
      60_000,
      'the monthly-reports run the monitoring run queued',
    );
    expect(rebuild).toMatchObject({ status: 'succeeded', params: { month: '2025-10' }, counts: { reports: 2 } });
    taskReads = find.mock.contexts.filter((context) => (context as Collection).collectionName === 'monitoring_tasks').length;
  } finally {
    find.mockRestore();
  }
  // HQ's and the branch's reports from one read of the month's tasks (pending, and finished in the month), not one per unit.
  expect(taskReads).toBe(2);
  for (const as of [undefined, branch]) expect(await report(as)).toEqual({ raised: 2, monitoringReads: [] });
}, 120_000);

test("a rebuild and the month-end run wait for a monitoring run in progress (another worker's) to end, then read the month's records once", async () => {
  expect((await app.platform.services.alerts.insertNew([alertOf('O3')], entry)).size).toBe(1);
  const { jobs } = app.platform.services;
  const runs = app.connection.db!.collection('job_runs');
  const runId = `another-workers-run-${Date.now()}`;
  const at = new Date();
  await runs.insertOne({
    _id: runId as never,
    job: 'obligor-monitoring',
    params: { asOf: '2025-10-30' },
    paramsKey: `asOf=2025-10-30|${runId}`,
    attempt: 1,
    runKey: runId,
    trigger: 'api',
    requestedBy: 'test',
    status: 'running',
    queuedAt: at,
    startedAt: at,
    finishedAt: null,
    heartbeatAt: at,
    worker: 'another-worker',
    counts: {},
    phases: {},
    problems: [],
    unsuppliedFacts: [],
  });
  // What the run did as it started: the month's stored reports dropped.
  await app.platform.services.reports.dropFrom('2025-10');
  const find = jest.spyOn(Collection.prototype, 'find');
  const taskReads = () => find.mock.contexts.filter((context) => (context as Collection).collectionName === 'monitoring_tasks').length;
  try {
    const rebuild = await jobs.request('monthly-reports', { month: '2025-10' }, 'test');
    // The month-end run stores the month's reports too: it follows the rebuild rather than reading the records beside it.
    const monthEnd = await jobs.request('month-end-snapshots', { month: '2025-10' }, 'test');
    // The other worker's run keeps beating: both have started (however long a loaded machine takes to hand them to a
    // worker), and three seconds later both are still going and have read nothing.
    const beat = () => runs.updateOne({ _id: runId as never }, { $set: { heartbeatAt: new Date() } });
    await waitUntil(
      async () => {
        await beat();
        const statuses = [(await jobs.run(rebuild._id)).status, (await jobs.run(monthEnd._id)).status];
        return statuses.every((status) => status === 'running') || undefined;
      },
      60_000,
      'both runs started',
    );
    for (let beats = 0; beats < 6; beats++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await beat();
    }
    expect((await jobs.run(rebuild._id)).status).toBe('running');
    expect((await jobs.run(monthEnd._id)).status).toBe('running');
    expect(taskReads()).toBe(0);
    await runs.updateOne({ _id: runId as never }, { $set: { status: 'succeeded', finishedAt: new Date() } });
    const endOf = (id: string, what: string) =>
      waitUntil(
        async () => {
          const run = await jobs.run(id);
          return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
        },
        60_000,
        what,
      );
    expect(await endOf(rebuild._id, 'the rebuild after the run ended')).toMatchObject({ status: 'succeeded', counts: { reports: 2 } });
    expect(await endOf(monthEnd._id, 'the month-end run after the run ended')).toMatchObject({ status: 'succeeded', counts: { reports: 2 } });
    // One build between them: the pending and the finished tasks read once.
    expect(taskReads()).toBe(2);
  } finally {
    find.mockRestore();
  }
  for (const as of [undefined, branch]) expect(await report(as)).toEqual({ raised: 3, monitoringReads: [] });
}, 120_000);
