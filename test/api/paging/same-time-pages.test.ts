import { JobRunStore } from '../../../server/jobs/job-run.store';
import type { JobRunRecord } from '../../../server/jobs/job-run.model';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Lists page by keyset, newest first. A page's cursor must name a position, not only a time: records
 * written in the same millisecond (a job's runs queued together, a batch of decisions) would otherwise
 * be skipped between pages, the next page starting strictly before their shared time.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 90_000);

afterAll(() => app.close());

type RunList = { runs: { runId: string }[]; nextBefore?: string };

test('runs queued in one millisecond, more than a page holds, are each listed exactly once across pages', async () => {
  const runs = new JobRunStore(app.connection);
  const queuedAt = new Date('2026-03-31T10:00:00.000Z');
  const ids = Array.from({ length: 7 }, (_, index) => `same-ms-${index}`);
  for (const id of ids) {
    const record: JobRunRecord = {
      _id: id,
      job: 'maintenance',
      params: { hour: id },
      paramsKey: `hour=${id}`,
      attempt: 1,
      runKey: `maintenance|hour=${id}|1`,
      trigger: 'api',
      requestedBy: 'test',
      status: 'succeeded',
      queuedAt,
      startedAt: queuedAt,
      finishedAt: queuedAt,
      heartbeatAt: queuedAt,
      worker: 'test',
      counts: {},
      phases: {},
      problems: [],
      unsuppliedFacts: [],
    };
    expect(await runs.insert(record)).toBe(true);
  }
  const seen: string[] = [];
  let before: string | undefined;
  for (let page = 0; page < 10; page++) {
    const query = `/api/v1/jobs?job=maintenance&limit=3${before ? `&before=${encodeURIComponent(before)}` : ''}`;
    const response = await app.request<RunList>('GET', query);
    expect(response.status).toBe(200);
    seen.push(...response.body.runs.map((run) => run.runId));
    before = response.body.nextBefore;
    if (!before) break;
  }
  expect(seen.sort()).toEqual(ids);
});
