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
  // The rest of the portfolio page as HQ and a branch open it (studio/src/pages/PortfolioPage.tsx): a year's vintage
  // curves observed at the month and the roll rates into it. HQ's first read of them cost a pass over the book pages
  // (2.2 s at 100,000 loans, 28 s at a million) before the month-end run stored the whole book's as well as each unit's.
  for (const as of [undefined, branch]) {
    for (const path of ['/api/v1/metrics/vintages?from=2025-01&to=2025-12&asOf=2025-12', '/api/v1/metrics/roll-rates?month=2025-12']) {
      const answer = await app.request<{ snapshot: boolean }>('GET', path, { as });
      expect([path, as === undefined ? 'HQ' : 'branch', answer.status, answer.body.snapshot]).toEqual([path, as === undefined ? 'HQ' : 'branch', 200, true]);
    }
  }
  // No reader paid: neither the pages nor the records were read.
  expect(reads).toEqual(before);

  // The whole book's views stored by the run are the figures HQ's own computation gives (the recompute reads the pages
  // for each view on its own).
  const stored = await hqCohortViews();
  expect((await app.request('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: '2025-12' } })).status).toBe(200);
  expect(await hqCohortViews()).toEqual(stored);
}, 120_000);

async function hqCohortViews(): Promise<unknown[]> {
  const views: unknown[] = [];
  for (const path of ['/api/v1/metrics/vintages?from=2025-01&to=2025-12&asOf=2025-12', '/api/v1/metrics/roll-rates?month=2025-12']) {
    const { computedAt: _computedAt, ...figures } = (await app.request<{ computedAt: string }>('GET', path)).body;
    views.push(figures);
  }
  return views;
}

test('a declaration that completes no new month queues no run', async () => {
  const runsBefore = (await snapshotRuns()).length;
  const declared = await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-12-31', reason: 'again' } });
  expect(declared.status).toBe(200);
  // The declaration's answer comes after any run is queued (queuing is awaited), so the count is settled here.
  expect((await snapshotRuns()).length).toBe(runsBefore);
});
