import { importSyntheticBook } from '../../support/synthetic-import';
import { createOrgUnits } from '../authority/helpers';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Month-end snapshots are written when months become complete, in the background (a job run the
 * studio's job-runs page lists), so the first reader of a complete month reads stored figures and
 * never pays for a pass over the book.
 */
let app: TestApp;
let branch: string;

interface Facts {
  snapshot: boolean;
  total: { metrics: { loanCount: number } };
}
interface JobRun {
  _id?: string;
  runId?: string;
  job: string;
  status: string;
  params: Record<string, string>;
  counts: Record<string, number>;
}

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  await importSyntheticBook(app, { loans: 200, months: 12, seed: 31, endMonth: '2025-12' });
  branch = await app.createUserAndLogin('op-br-sh', ['branch-operator'], 'BR-SH');
}, 120_000);
afterAll(() => app.close());

const snapshotRuns = async () => (await app.platform.services.jobs.runsMatching({ job: 'month-end-snapshots', limit: 10 })) as unknown as JobRun[];

test('declaring months complete writes their unit snapshots in a job run, so the first branch read is stored figures', async () => {
  const declared = await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-12-31' } });
  expect(declared.status).toBe(200);
  const run = await waitUntil(
    async () => (await snapshotRuns()).find((entry) => entry.params.month === '2025-12' && (entry.status === 'succeeded' || entry.status === 'failed')),
    60_000,
    'the month-end snapshot run for 2025-12',
  );
  expect(run.status).toBe('succeeded');
  // Up to twelve complete months back, in one pass over the pages.
  expect(run.counts).toMatchObject({ months: 12, passes: 1 });

  // The studio's job-runs page lists it.
  const listed = await app.request<{ jobs: { name: string }[]; runs: JobRun[] }>('GET', '/api/v1/jobs?job=month-end-snapshots');
  expect(listed.status).toBe(200);
  expect(listed.body.jobs.map((job) => job.name)).toContain('month-end-snapshots');
  expect(listed.body.runs.map((item) => [item.job, item.status])).toContainEqual(['month-end-snapshots', 'succeeded']);

  const { reads } = app.platform.services.metrics;
  const before = { ...reads };
  for (const month of ['2025-12', '2025-06']) {
    const facts = await app.request<Facts>('GET', `/api/v1/metrics/portfolio?month=${month}&groupBy=channel`, { as: branch });
    expect(facts.status).toBe(200);
    expect([month, facts.body.snapshot]).toEqual([month, true]);
  }
  const hq = await app.request<Facts>('GET', '/api/v1/metrics/portfolio?month=2025-12');
  expect(hq.body.snapshot).toBe(true);
  // No reader paid: neither the pages nor the records were read.
  expect(reads).toEqual(before);
}, 120_000);

test('a declaration that completes no new month queues no run', async () => {
  const runsBefore = (await snapshotRuns()).length;
  const declared = await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-12-31', reason: 'again' } });
  expect(declared.status).toBe(200);
  // The declaration's answer comes after any run is queued (queuing is awaited), so the count is settled here.
  expect((await snapshotRuns()).length).toBe(runsBefore);
});
