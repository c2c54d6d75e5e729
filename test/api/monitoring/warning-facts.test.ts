import { alertsOf, runJob } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';

/**
 * One obligor's warning.obligor facts as the daily run builds them (one builder), for
 * try-it in the studio: the same facts the run evaluated for the same day, per line of business,
 * and nothing of an obligor outside the caller's share of the book.
 */
type Subjects = { obligorId: string; asOf: string; subjects: { subjectKey: string; orgUnit: string; facts: Record<string, unknown> }[] };

let app: TestApp;
let shanghai = '';

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  shanghai = await app.createUserAndLogin('sh-owner', ['policy-owner'], 'BR-SH');
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
}, 60_000);
afterAll(() => app.close());

test("an obligor's facts are those the daily run evaluated for the same day", async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const alerts = (await alertsOf(app, '&target=obligor')).filter((alert) => alert.status === 'open');
  const alert = alerts.find((candidate) => candidate.obligorId === 'OB-D')!;
  const detail = await app.request<{ history: { facts: Record<string, unknown> | null }[] }>('GET', `/api/v1/alerts/${encodeURIComponent(alert.alertId)}`);
  const response = await app.request<Subjects>('GET', '/api/v1/obligors/OB-D/warning-facts?asOf=2025-08-20');
  expect(response.status).toBe(200);
  expect(response.body.subjects).toHaveLength(1);
  expect(response.body.subjects[0]).toMatchObject({ subjectKey: 'OB-D', orgUnit: alert.orgUnit });
  expect(response.body.subjects[0]!.facts).toEqual(detail.body.history.at(-1)!.facts);
  expect(response.body.subjects[0]!.facts).toMatchObject({ gradeDowngrade: 2, internetBusiness: false });
}, 60_000);

test("an obligor outside the caller's share of the book is unknown to it", async () => {
  const hq = await app.request<Subjects>('GET', '/api/v1/obligors/OB-C/warning-facts?asOf=2025-08-20');
  expect(hq.status).toBe(200);
  // OB-C is internet business: HQ's, whatever branch its loan names.
  expect(hq.body.subjects.map((subject) => [subject.orgUnit, subject.facts.internetBusiness])).toEqual([['HQ', true]]);
  const branch = await app.request<{ error: { code: string } }>('GET', '/api/v1/obligors/OB-C/warning-facts?asOf=2025-08-20', { as: shanghai });
  expect([branch.status, branch.body.error.code]).toEqual([404, 'unknown_obligor']);
  const nobody = await app.request<{ error: { code: string } }>('GET', '/api/v1/obligors/NO-SUCH/warning-facts');
  expect([nobody.status, nobody.body.error.code]).toEqual([404, 'unknown_obligor']);
});
