import { alertsOf, runJob, tasksOf } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits } from '../authority/helpers';
import { standardContent } from '../rulesets/helpers';

/**
 * The daily run supplies every fact the warning.obligor schema promises, and the
 * internet-business rules of the standard pack fire on internet business as INTERNET_CHANNELS
 * defines it (`online-*`, the book's `online-platform-a`), through the `internetBusiness` fact:
 * obligor warnings, portfolio warnings and dispositions.
 */
let app: TestApp;
let owner = '';
let approver = '';

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  owner = await app.createUserAndLogin('hq-owner', ['policy-owner']);
  approver = await app.createUserAndLogin('hq-approver', ['approver']);
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import?completeThrough=2025-09-30', { body: monitoringPortfolio() });
  expect(imported.body.rejectedCount).toBe(0);
}, 60_000);
afterAll(() => app.close());

async function publish(key: string, ruleSet: ReturnType<typeof standardContent>): Promise<void> {
  const base = `/api/v1/rulesets/${key}/versions`;
  const draft = await app.request<{ version: number }>('POST', base, { as: owner, body: { basedOnVersion: 1, ruleSet } });
  expect([draft.status, draft.status === 201 ? '' : draft.text]).toEqual([201, '']);
  const version = draft.body.version;
  expect((await app.request('POST', `${base}/${version}/submit`, { as: owner, body: {} })).status).toBe(200);
  expect((await app.request('POST', `${base}/${version}/approve`, { as: approver, body: { reason: 'checked' } })).status).toBe(200);
  expect((await app.request('POST', `${base}/${version}/publish`, { as: approver, body: {} })).status).toBe(200);
}

const probe = (name: string, conditions: Record<string, unknown>[]) => ({
  name,
  basis: 'test',
  conditions: { all: conditions },
  event: { type: 'warning', params: { level: 'yellow', signal: name, basis: 'test' } },
});

test('rules on the loan-book facts the schema promises fire in the daily run', async () => {
  const content = standardContent('warning.obligor');
  content.parameters.largeOverdueAmountInternet!.value = 2000;
  content.rules.push(
    probe('probe-installments', [
      { fact: 'installmentCount', operator: 'equal', value: 12 },
      { fact: 'installmentsPaid', operator: 'equal', value: 6 },
    ]),
    probe('probe-loan-amount', [
      { fact: 'loanAmount', operator: 'greaterThanInclusive', value: 12000 },
      { fact: 'dpd', operator: 'greaterThanInclusive', value: 1 },
    ]),
    probe('probe-next-due', [{ fact: 'nextDueDate', operator: 'equal', value: '2025-10-01' }]),
    probe('probe-m1', [{ fact: 'm1Principal', operator: 'greaterThan', value: 0 }]),
    probe('probe-m2', [{ fact: 'm2Principal', operator: 'greaterThan', value: 0 }]),
    probe('probe-m3', [{ fact: 'm3Principal', operator: 'greaterThan', value: 0 }]),
  );
  await publish('warning.obligor', content);
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  const alerts = (await alertsOf(app, '&target=obligor')).filter((alert) => alert.status === 'open');
  const firing = (signal: string) =>
    alerts
      .filter((alert) => alert.signal === signal)
      .map((alert) => alert.obligorId)
      .sort();
  // OB-A and OB-B paid six of twelve installments and are 19 days past due (M1); OB-C is 50 days past due (M2);
  // OB-F paid eight on 08-18, so its next installment falls due on 10-01.
  expect(firing('probe-installments')).toEqual(['OB-A', 'OB-B']);
  expect(firing('probe-loan-amount')).toEqual(['OB-A', 'OB-B', 'OB-C']);
  expect(firing('probe-next-due')).toEqual(['OB-F']);
  expect(firing('probe-m1')).toEqual(['OB-A', 'OB-B']);
  expect(firing('probe-m2')).toEqual(['OB-C']);
  expect(firing('probe-m3')).toEqual([]);
}, 120_000);

test('internet business (online-platform-a) meets the internet-business rules of obligor warnings and dispositions', async () => {
  const alerts = (await alertsOf(app, '&target=obligor')).filter((alert) => alert.status === 'open');
  // OB-C owes 2,200 on its internet loan: above the internet threshold (2,000 here), far below the branches' 50,000.
  expect(alerts.filter((alert) => alert.signal === 'overdueAmount').map((alert) => [alert.obligorId, alert.level, alert.orgUnit])).toEqual([
    ['OB-C', 'orange', 'HQ'],
  ]);
  const tasks = await tasksOf(app);
  // Orange internet business (its dpd and overdue-amount alerts): HQ owns the disposition (Art. 9(4)); branch business (OB-A, OB-B) does not go there.
  const reports = tasks.filter((task) => task.ownerRole === 'hq-risk-manager' && task.action === 'report');
  expect(reports.length).toBeGreaterThan(0);
  expect([...new Set(reports.map((task) => task.obligorId))]).toEqual(['OB-C']);
});

test('internet segments meet the internet loss-rate threshold of portfolio warnings; the year-to-date loss rate is a fact', async () => {
  const content = standardContent('warning.portfolio');
  // The small book has no claims, so its loss rate is 0: a threshold of 0 shows which segments the rule reaches.
  content.parameters.orangeLossRateInternet!.value = 0;
  // annualizedLossRateYear is a portfolio warning fact: a rule may use it, and the run supplies it.
  content.rules.push(probe('probe-loss-rate-year', [{ fact: 'annualizedLossRateYear', operator: 'greaterThanInclusive', value: 0 }]));
  await publish('warning.portfolio', content);
  await runJob(app, 'portfolio-monitoring', { month: '2025-08' });
  const alerts = (await alertsOf(app, '&target=portfolio')).filter((alert) => alert.signal === 'annualizedLossRate');
  expect(alerts.length).toBeGreaterThan(0);
  expect(alerts.every((alert) => alert.segment?.channel === 'online-platform-a' && alert.orgUnit === 'HQ' && alert.level === 'orange')).toBe(true);
  expect((await alertsOf(app, '&target=portfolio')).filter((alert) => alert.signal === 'probe-loss-rate-year').length).toBeGreaterThan(0);
}, 120_000);
