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
