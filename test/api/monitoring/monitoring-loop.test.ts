import { alertsOf, openLevel, RecordingSink, runJob, tasksOf, type TaskView } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';

/**
 * A small portfolio moved day by day through the monitoring loop (obligor monitoring, claim
 * triggers, the overdue sweep) and month by month through portfolio monitoring, all through
 * the job API on the real database, with the events the sink received.
 */
let app: TestApp;
const sink = new RecordingSink();

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  // Declared complete through October, the last month the portfolio monitoring below works on (an incomplete month is refused).
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import?completeThrough=2025-10-31', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
}, 60_000);

afterAll(() => app.close());

async function day(asOf: string): Promise<void> {
  await runJob(app, 'obligor-monitoring', { asOf });
  await runJob(app, 'claim-triggers', { asOf });
  await runJob(app, 'overdue-tasks', { asOf });
}

const tasksFor = (tasks: readonly TaskView[], obligorId: string, action: string) =>
  tasks.filter((task) => task.obligorId === obligorId && task.action === action);

test('2025-08-10: overdue obligors are warned by level, internet business goes to HQ, claims open at the claim point', async () => {
  await day('2025-08-10');
  const alerts = await alertsOf(app, '&target=obligor');
  expect(Object.fromEntries(alerts.map((alert) => [alert.obligorId, [alert.level, alert.orgUnit]]))).toEqual({
    'OB-A': ['yellow', 'BR-SH'],
    'OB-B': ['yellow', 'BR-SH'],
    'OB-C': ['red', 'HQ'],
    'OB-F': ['red', 'BR-BJ'],
  });
  const tasks = await tasksOf(app);
  expect(tasksFor(tasks, 'OB-A', 'watch')).toHaveLength(1);
  expect(tasksFor(tasks, 'OB-C', 'suspend-new-credit')[0]).toMatchObject({ ownerRole: 'risk-manager', orgUnit: 'HQ' });
  expect(tasksFor(tasks, 'OB-C', 'early-intervention')[0]).toMatchObject({ ownerRole: 'collection-manager', dueOn: '2025-08-17' });
  const claims = await app.request<{ items: { loanId: string; status: string; facts: Record<string, unknown> }[] }>('GET', '/api/v1/claims');
  expect(claims.body.items.map((item) => [item.loanId, item.status]).sort()).toEqual([
    ['L-C', 'open'],
    ['L-F', 'open'],
  ]);
  expect(claims.body.items.find((item) => item.loanId === 'L-C')!.facts).toMatchObject({ dpd: 101, claimPointDays: 90, claimStatus: 'none' });
});

test('2025-08-20: escalation and de-escalation, a signal that clears closes its alert, a score drop reaches risk staff, claims move', async () => {
  await day('2025-08-20');
  const alerts = await alertsOf(app, '&target=obligor');
  expect(openLevel(alerts, 'OB-B')).toBe('orange');
  expect(openLevel(alerts, 'OB-C')).toBe('orange');
  expect(openLevel(alerts, 'OB-F')).toBeUndefined();
  expect(alerts.find((alert) => alert.obligorId === 'OB-F')!.status).toBe('closed');
  expect(
    alerts
      .filter((alert) => alert.obligorId === 'OB-D' && alert.status === 'open')
      .map((alert) => [alert.signal, alert.level, alert.notify])
      .sort(),
  ).toEqual([
    ['grade', 'yellow', ['risk-staff']],
    ['scoreDrop', 'yellow', ['risk-staff']],
  ]);
  const tasks = await tasksOf(app);
  // Subprime orange: the deeper first cut with the shorter deadline, straight from the rules' parameters.
  expect(tasksFor(tasks, 'OB-B', 'reduce-credit-limit')).toEqual([expect.objectContaining({ share: 0.3, dueOn: '2025-09-04', escalationStep: 0 })]);
  expect(tasksFor(tasks, 'OB-D', 'notify-risk-staff').map((task) => task.ownerRole)).toEqual(['risk-staff', 'risk-staff']);
  expect(tasks.filter((task) => task.obligorId === 'OB-F').every((task) => task.status === 'cancelled')).toBe(true);
  const claims = await app.request<{ items: { loanId: string; status: string }[] }>('GET', '/api/v1/claims');
  expect(Object.fromEntries(claims.body.items.map((item) => [item.loanId, item.status]))).toEqual({ 'L-C': 'suspended', 'L-F': 'advise-withdrawal' });
});

test('2025-09-06: an orange deadline passed without improvement, so the rules order the next cut; overdue tasks are flagged once', async () => {
  await day('2025-09-06');
  const alerts = await alertsOf(app, '&target=obligor');
  expect([openLevel(alerts, 'OB-A'), openLevel(alerts, 'OB-B'), openLevel(alerts, 'OB-C')]).toEqual(['orange', 'orange', 'red']);
  const tasks = await tasksOf(app);
  expect(
    tasksFor(tasks, 'OB-B', 'reduce-credit-limit')
      .map((task) => [task.share, task.escalationStep, task.dueOn])
      .sort(),
  ).toEqual([
    [0.2, 1, '2025-10-06'],
    [0.3, 0, '2025-09-04'],
  ]);
  const overdue = await tasksOf(app, '&overdue=true');
  expect(overdue.map((task) => `${task.obligorId}:${task.action}`).sort()).toEqual(
    expect.arrayContaining(['OB-B:reduce-credit-limit', 'OB-C:early-intervention', 'OB-D:notify-risk-staff']),
  );
  expect(sink.ofType('task.overdue').map((event) => event.id)).toEqual(expect.arrayContaining([expect.stringContaining('OB-B:dpd')]));
});

test('2025-10-05 to 10-25: red, then de-escalated as the obligor repays, then closed; a suspended claim reopens past its claim point', async () => {
  await day('2025-10-05');
  let alerts = await alertsOf(app, '&target=obligor');
  expect([openLevel(alerts, 'OB-A'), openLevel(alerts, 'OB-B')]).toEqual(['red', 'red']);
  const claim = await app.request<{ claim: { status: string }; history: { action: string }[] }>('GET', '/api/v1/claims/claim:L-C');
  expect(claim.body.claim.status).toBe('open');
  expect(claim.body.history.map((entry) => entry.action)).toEqual(['opened', 'suspended', 'reopened']);

  await day('2025-10-12');
  alerts = await alertsOf(app, '&target=obligor');
  expect(openLevel(alerts, 'OB-A')).toBe('orange');

  await day('2025-10-25');
  alerts = await alertsOf(app, '&target=obligor');
  expect(openLevel(alerts, 'OB-A')).toBeUndefined();
  const detail = await app.request<{ history: { action: string; actor: string; decisionId: string | null }[] }>(
    'GET',
    `/api/v1/alerts/${encodeURIComponent(alerts.find((alert) => alert.obligorId === 'OB-A')!.alertId)}`,
  );
  expect(detail.body.history.map((entry) => entry.action)).toEqual(['raised', 'escalated', 'escalated', 'de-escalated', 'closed']);
  expect(detail.body.history.every((entry) => entry.actor === 'job:obligor-monitoring' && entry.decisionId)).toBe(true);
  const decision = await app.request<{ ruleSet: { key: string } }>('GET', `/api/v1/decisions/${detail.body.history[1]!.decisionId}`);
  expect(decision.body.ruleSet.key).toBe('warning.obligor');
});

test('month-end portfolio monitoring warns segments, routes them to the underwriting branch (internet business to HQ) and closes them as they recover', async () => {
  const july = await runJob(app, 'portfolio-monitoring', { month: '2025-07' });
  expect(july.counts.alertsRaised).toBeGreaterThan(0);
  const alerts = await alertsOf(app, '&target=portfolio');
  const internet = alerts.find((alert) => alert.segment?.channel === 'online-platform-a')!;
  expect(internet).toMatchObject({ orgUnit: 'HQ', segment: expect.objectContaining({ orgUnit: 'BR-BJ', customerTier: 'near-prime', vintage: '2025-01' }) });
  expect(alerts.find((alert) => alert.segment?.orgUnit === 'BR-BJ' && Object.keys(alert.segment).length === 1)!.orgUnit).toBe('BR-BJ');
  await runJob(app, 'portfolio-monitoring', { month: '2025-08' });
  await runJob(app, 'portfolio-monitoring', { month: '2025-09' });
  const october = await runJob(app, 'portfolio-monitoring', { month: '2025-10' });
  expect(october.counts.alertsClosed).toBeGreaterThan(0);
  const tasks = await tasksOf(app);
  expect(tasks.some((task) => task.action === 'review-underwriting-policy')).toBe(true);
  expect(tasks.some((task) => task.action === 'notify-actuarial' && task.orgUnit === 'HQ')).toBe(true);
});

test('events went to the sink once each, after the writes; a re-run changes and publishes nothing', async () => {
  const ids = sink.events.map((event) => event.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(sink.ofType('alert.raised').length).toBeGreaterThan(0);
  expect(sink.ofType('alert.changed').some((event) => event.data.direction === 'de-escalated')).toBe(true);
  expect(sink.ofType('alert.closed').length).toBeGreaterThan(0);
  expect(sink.ofType('task.created').length).toBeGreaterThan(0);
  expect(sink.ofType('claim.opened').map((event) => event.id)).toEqual(['claim.opened:claim:L-C:1', 'claim.opened:claim:L-F:1', 'claim.opened:claim:L-C:3']);
  // F repaid in full (withdrawal advised), then missed October's installment: resumed repayment below the claim point, so the rules suspend.
  expect(sink.ofType('claim.suspended').map((event) => event.id)).toEqual(['claim.suspended:claim:L-C:2', 'claim.suspended:claim:L-F:3']);
  for (const event of sink.events) expect(JSON.stringify(event.data)).not.toMatch(/name|phone|idNumber/);

  const before = sink.events.length;
  const rerun = await runJob(app, 'obligor-monitoring', { asOf: '2025-10-25' });
  expect(rerun.counts).toMatchObject({ alertsRaised: 0, alertsEscalated: 0, alertsDeEscalated: 0, alertsClosed: 0, tasksCreated: 0 });
  await runJob(app, 'claim-triggers', { asOf: '2025-10-25' });
  await runJob(app, 'portfolio-monitoring', { month: '2025-10' });
  expect(sink.events.length).toBe(before);
  const runs = await app.request<{ runs: { job: string; params: { asOf?: string }; attempt: number; status: string }[] }>(
    'GET',
    '/api/v1/jobs?job=obligor-monitoring',
  );
  expect(
    runs.body.runs
      .filter((run) => run.params.asOf === '2025-10-25')
      .map((run) => run.attempt)
      .sort(),
  ).toEqual([1, 2]);
});

test("the monthly business-quality report: key metrics by segment with the month before, the trend, and the month's monitoring work; JSON and a printable page", async () => {
  const report = await app.request<{
    total: Record<string, number | null>;
    segments: { orgUnit: { segment: Record<string, string>; metrics: Record<string, number | null>; previous: unknown }[]; customerTierChannel: unknown[] };
    trend: { month: string }[];
    alerts: {
      raised: Record<string, number>;
      escalated: number;
      deEscalated: number;
      closed: number;
      openAtMonthEnd: Record<string, number>;
      items: unknown[];
    };
    tasks: { created: number; byAction: Record<string, number> };
    claims: { opened: number; suspended: number; adviseWithdrawal: number };
  }>('GET', '/api/v1/reports/business-quality?month=2025-08');
  expect(report.status).toBe(200);
  expect(report.body.total.loanCount).toBe(6);
  expect(report.body.segments.orgUnit.map((row) => row.segment.orgUnit).sort()).toEqual(['BR-BJ', 'BR-SH']);
  expect(report.body.segments.orgUnit[0]!.previous).not.toBeNull();
  expect(report.body.segments.customerTierChannel.length).toBeGreaterThan(0);
  expect(report.body.trend.map((point) => point.month)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08']);
  // August: A, B yellow and C, F red on the 10th (portfolio alerts of the August month end too); D's two yellows on the 20th.
  expect(report.body.alerts.raised.red).toBeGreaterThanOrEqual(2);
  expect(report.body.alerts.escalated).toBeGreaterThanOrEqual(1);
  expect(report.body.alerts.deEscalated).toBeGreaterThanOrEqual(1);
  expect(report.body.alerts.closed).toBeGreaterThanOrEqual(1);
  expect(report.body.tasks.byAction['notify-risk-staff']).toBe(2);
  expect(report.body.claims).toEqual({ opened: 2, suspended: 1, adviseWithdrawal: 1 });

  const page = await app.request<string>('GET', '/api/v1/reports/business-quality.html?month=2025-08');
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(page.text).toContain('Business-quality monitoring report');
  expect(page.text).not.toMatch(/<script/i);
  const bad = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/reports/business-quality?month=2025-13');
  expect([bad.status, bad.body.error.details[0]!.path]).toEqual([400, '/query/month']);
});

test("a branch's business-quality report counts only its own business: internet loans it booked are HQ's (Art. 9), as in the metrics it reads", async () => {
  await createOrgUnits(app, [['BR-BJ', 'HQ']]);
  const beijing = await app.createUserAndLogin('bj-report-reader', ['auditor'], 'BR-BJ');
  type Row = { segment: Record<string, string>; metrics: Record<string, number | null> };
  const report = await app.request<{ segments: { orgUnit: Row[] } }>('GET', '/api/v1/reports/business-quality?month=2025-08', { as: beijing });
  const metrics = await app.request<{ segments: Row[] }>('GET', '/api/v1/metrics/portfolio?month=2025-08&groupBy=orgUnit', { as: beijing });
  expect([report.status, metrics.status]).toEqual([200, 200]);
  const reported = report.body.segments.orgUnit.find((row) => row.segment.orgUnit === 'BR-BJ')!;
  const measured = metrics.body.segments.find((row) => row.segment.orgUnit === 'BR-BJ')!;
  // L-D and L-F; L-C is booked by Beijing through an online platform, which makes it HQ's.
  expect(reported.metrics.loanCount).toBe(2);
  expect(reported.metrics.loanCount).toBe(measured.metrics.loanCount);
  expect(reported.metrics.remainingPrincipal).toBe(measured.metrics.remainingPrincipal);
});
