import { startTestApp, type TestApp } from '../../support/test-app';

/** Job descriptions read in Chinese as well as English: `GET /jobs` gives both for every job. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('every job is described in Chinese and in English', async () => {
  const response = await app.request<{ jobs: { name: string; description: string }[] }>('GET', '/api/v1/jobs');
  expect(response.status).toBe(200);
  expect(response.body.jobs.map((job) => job.name)).toEqual(
    expect.arrayContaining(['obligor-monitoring', 'overdue-tasks', 'portfolio-monitoring', 'claim-triggers', 'maintenance']),
  );
  const unreadable = response.body.jobs.filter((job) => !/[\u4e00-\u9fff]{4}/.test(job.description) || !/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/.test(job.description));
  expect(unreadable.map((job) => `${job.name}: ${job.description}`)).toEqual([]);
});

test('every scheduled kind of work has a default schedule: only jobs queued by other work run on demand alone', async () => {
  // A job registered without an entry in SCHEDULE_SETTINGS is 'off' and never runs by itself (the recovery cases and the
  // complaint deadlines once were). Queued by other work: the monthly reports' rebuild (by the runs that change them), the
  // month-end snapshots (by the completeness declaration); by hand only: the compliance dashboard's rebuild.
  const ON_DEMAND = ['monthly-reports', 'month-end-snapshots', 'collection-compliance-rebuild', 'backtests'];
  const response = await app.request<{ jobs: { name: string; schedule: string }[] }>('GET', '/api/v1/jobs');
  const unscheduled = response.body.jobs.filter((job) => job.schedule === 'off' && !ON_DEMAND.includes(job.name)).map((job) => job.name);
  expect(unscheduled).toEqual([]);
});
