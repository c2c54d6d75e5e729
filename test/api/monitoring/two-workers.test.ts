import { createLogger } from '../../../server/logger';
import { alertsOf, RecordingSink, runJob, tasksOf } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Two app instances on one database, as two worker processes would be: the same monitoring
 * run at the same moment on both leaves one alert per obligor and signal, one task per measure
 * and one event per change; the same job requested on both runs once.
 */
/** A count added up over runs (a count a run did not report is 0). */
const sum = (runs: ({ counts: Record<string, number> } | undefined)[], name: string) => runs.reduce((total, run) => total + (run?.counts[name] ?? 0), 0);

let first: TestApp;
let second: TestApp;
const sinks = [new RecordingSink(), new RecordingSink()];

beforeAll(async () => {
  first = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sinks[0] });
  second = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { databaseName: first.databaseName, eventSink: sinks[1] });
  await Promise.all([first.platform.startJobs(), second.platform.startJobs()]);
  await first.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
}, 90_000);

afterAll(async () => {
  await second.close();
  await first.close();
});

test('the same obligor run on both workers at once writes and publishes every change once', async () => {
  const logger = createLogger('silent');
  const [one, two] = await Promise.all(
    [first, second].map((app) => app.platform.services.obligorMonitoring.run('2025-08-10', { actor: 'obligor-monitoring', logger })),
  );
  // Between them the two runs raised each alert once, whichever got there first.
  expect(sum([one, two], 'alertsRaised')).toBe(4);
  const alerts = await alertsOf(first);
  expect(alerts.map((alert) => `${alert.obligorId}:${alert.signal}`).sort()).toEqual(['OB-A:dpd', 'OB-B:dpd', 'OB-C:dpd', 'OB-F:dpd']);
  const tasks = await tasksOf(first);
  expect(new Set(tasks.map((task) => task.taskId)).size).toBe(tasks.length);
  expect(sum([one, two], 'tasksCreated')).toBe(tasks.length);

  const events = [...sinks[0]!.events, ...sinks[1]!.events];
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  expect(events.filter((event) => event.type === 'alert.raised')).toHaveLength(4);
  expect(events.filter((event) => event.type === 'task.created')).toHaveLength(tasks.length);

  // And again, now that both see the same state: nothing left to do.
  const [three, four] = await Promise.all(
    [first, second].map((app) => app.platform.services.obligorMonitoring.run('2025-08-10', { actor: 'obligor-monitoring', logger })),
  );
  expect(sum([three, four], 'changing')).toBe(0);
});

test('a change on both workers at once (escalations, closings, claims) lands once', async () => {
  const before = sinks[0]!.events.length + sinks[1]!.events.length;
  const logger = createLogger('silent');
  await Promise.all([first, second].map((app) => app.platform.services.obligorMonitoring.run('2025-08-20', { actor: 'obligor-monitoring', logger })));
  const alerts = await alertsOf(first);
  expect(
    alerts
      .filter((alert) => alert.status === 'open')
      .map((alert) => `${alert.obligorId}:${alert.signal}:${alert.level}`)
      .sort(),
  ).toEqual(['OB-A:dpd:yellow', 'OB-B:dpd:orange', 'OB-C:dpd:orange', 'OB-D:grade:yellow', 'OB-D:scoreDrop:yellow']);
  const history = await first.request<{ history: { revision: number; action: string }[] }>(
    'GET',
    `/api/v1/alerts/${encodeURIComponent(alerts.find((alert) => alert.obligorId === 'OB-B')!.alertId)}`,
  );
  expect(history.body.history.map((entry) => entry.action)).toEqual(['raised', 'escalated']);
  const events = [...sinks[0]!.events, ...sinks[1]!.events].slice(0);
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  expect(events.length).toBeGreaterThan(before);
  expect(events.filter((event) => event.type === 'alert.closed').map((event) => event.data.obligorId)).toEqual(['OB-F']);
});

test('the same job asked of both workers runs once; a schedule that fires on both runs once', async () => {
  const body = { asOf: '2025-08-10', waitSeconds: 60 };
  const [one, two] = await Promise.all([
    first.request<{ status: string; runId: string }>('POST', '/api/v1/jobs/claim-triggers/run', { body }),
    second.request<{ status: string; runId: string; error?: { code: string } }>('POST', '/api/v1/jobs/claim-triggers/run', { body }),
  ]);
  const statuses = [one.status, two.status].sort();
  // Either the second request found the first still running (409), or it came after it finished and ran again as attempt 2.
  expect(statuses[0]).toBe(200);
  expect([200, 409]).toContain(statuses[1]);
  const claims = await first.request<{ items: { loanId: string; status: string }[] }>('GET', '/api/v1/claims');
  expect(claims.body.items.map((item) => item.loanId).sort()).toEqual(['L-C', 'L-F']);

  const scheduled = await Promise.all([first, second].map((app) => app.platform.services.jobs.runScheduled('overdue-tasks')));
  expect(scheduled.filter(Boolean)).toHaveLength(1);
  const runs = await first.request<{ runs: { trigger: string; worker: string }[] }>('GET', '/api/v1/jobs?job=overdue-tasks');
  expect(runs.body.runs.filter((run) => run.trigger === 'schedule')).toHaveLength(1);
  await runJob(second, 'maintenance', {});
});
