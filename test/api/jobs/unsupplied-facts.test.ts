import fs from 'node:fs';
import path from 'node:path';
import { referencedFacts } from '../../../server/engine/missing-facts';
import { runJob } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../../support/test-app';

/**
 * The daily jobs record per run which facts the effective rule sets reference but
 * the run never supplied, so a rule that can never fire on the platform's own data shows on the run.
 * The book here has no ratings at first: warning.obligor's score and grade rules cannot fire.
 */
interface Unsupplied {
  ruleSet: string;
  versions: number[];
  evaluations: number;
  facts: string[];
}
interface RunView {
  runId: string;
  job: string;
  status: string;
  unsuppliedFacts?: Unsupplied[];
}

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  const { ratings: _ratings, ...withoutRatings } = monitoringPortfolio();
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: withoutRatings });
  expect(imported.body.rejectedCount).toBe(0);
}, 60_000);

afterAll(() => app.close());

const entry = (run: RunView, ruleSet: string) => run.unsuppliedFacts?.find((item) => item.ruleSet === ruleSet);
const standardReferences = (key: string) =>
  referencedFacts((JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'rules', `${key}.json`), 'utf8')) as { rules: [] }).rules);

test('obligor monitoring on a book without ratings records that score and grade facts were never supplied', async () => {
  const started = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-10' });
  const run = await app.request<RunView>('GET', `/api/v1/jobs/runs/${started.runId}`);
  expect(run.status).toBe(200);
  expect(app.platform.schemas.check('jobs/job-run', run.body)).toEqual([]);
  const warning = entry(run.body, 'warning.obligor');
  expect(warning).toEqual({
    ruleSet: 'warning.obligor',
    versions: [1],
    evaluations: 6,
    facts: expect.arrayContaining(['grade', 'gradeDowngrade', 'scoreDrop']),
  });
  // What the run does supply is not listed; nothing outside the rules' references is.
  expect(warning!.facts).not.toEqual(expect.arrayContaining(['dpd']));
  expect(warning!.facts.every((fact) => standardReferences('warning.obligor').includes(fact))).toBe(true);
  // Dispositions of the day's new alerts are evaluated in the same run and recorded too.
  expect(entry(run.body, 'disposition')).toMatchObject({ ruleSet: 'disposition', versions: [1], evaluations: expect.any(Number) });
  // The list of runs shows the same.
  const listed = await app.request<{ runs: RunView[] }>('GET', '/api/v1/jobs?job=obligor-monitoring');
  expect(
    entry(
      listed.body.runs.find((item) => item.runId === started.runId)!,
      'warning.obligor',
    )!.facts,
  ).toEqual(warning!.facts);
});

test("once ratings are imported the next day's run supplies them, and they are no longer listed", async () => {
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: { ratings: monitoringPortfolio().ratings } });
  expect(imported.body.rejectedCount).toBe(0);
  const started = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const run = await app.request<RunView>('GET', `/api/v1/jobs/runs/${started.runId}`);
  const warning = entry(run.body, 'warning.obligor')!;
  expect(warning.evaluations).toBe(6);
  expect(warning.facts).not.toEqual(expect.arrayContaining(['grade']));
  expect(warning.facts).not.toEqual(expect.arrayContaining(['scoreDrop']));
});

test('the claims job records its rule set too', async () => {
  const started = await runJob(app, 'claim-triggers', { asOf: '2025-08-10' });
  const run = await app.request<RunView>('GET', `/api/v1/jobs/runs/${started.runId}`);
  const claims = entry(run.body, 'claim.trigger')!;
  expect(claims).toMatchObject({ ruleSet: 'claim.trigger', versions: [1], evaluations: expect.any(Number) });
  expect(claims.evaluations).toBeGreaterThan(0);
  expect(claims.facts.every((fact) => standardReferences('claim.trigger').includes(fact))).toBe(true);
  expect(claims.facts).not.toEqual(expect.arrayContaining(['dpd']));
});
