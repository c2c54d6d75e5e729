import { JobRunStore } from '../../../server/jobs/job-run.store';
import { JobService } from '../../../server/jobs/job.service';
import { createLogger } from '../../../server/logger';
import { createOrgUnits } from '../authority/helpers';
import type { JobRunView } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * How far the book's data is complete (docs/metrics.md, "Data completeness"): derived from what
 * the imports reached, or declared by the importer (audited); every month figure says whether its
 * month is complete; month-end portfolio monitoring refuses an incomplete month unless forced.
 */
type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string; dataCompleteThrough?: string | null }[] } };
interface Completeness {
  dataCompleteThrough: string | null;
  lastCompleteMonth: string | null;
  source: 'declared' | 'derived' | 'none';
  declared: { completeThrough: string; declaredBy: string; declaredAt: string; reason?: string } | null;
  derived: { completeThrough: string | null; kinds: Record<string, { latest: string | null; coversThrough: string | null }> };
}
type Metrics = Record<string, number | null>;
interface Facts {
  month: string;
  total: { metrics: Metrics };
  snapshot: boolean;
  dataCompleteThrough: string | null;
  monthComplete: boolean;
}
interface Report {
  month: string;
  dataCompleteThrough: string | null;
  monthComplete: boolean;
  total: Metrics | null;
  segments: { orgUnit: { segment: Record<string, string>; metrics: Metrics; previous: Metrics | null }[] };
  trend: { month: string; complete: boolean; metrics: Metrics }[];
}
type AuditItems = {
  items: { actor: string; action: string; entity: { kind: string; id: string }; reason?: string; before?: unknown; after: Record<string, unknown> }[];
};

const FINANCIALS = {
  earnedPremium: 90,
  claimsPaid: 0,
  recoveries: 0,
  cededClaimsRecovered: 0,
  assumedClaimsPaid: 0,
  outstandingClaimReserveProvision: 0,
  cededReserveRecovered: 0,
  operatingExpenses: 10,
  cededExpensesRecovered: 0,
  commissions: 0,
  reinsuranceExpenses: 0,
  taxesAndSurcharges: 0,
};

let app: TestApp;
let auditor: string;
let branchAdmin: string;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const book = monitoringPortfolio();
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: {
      ...book,
      premiums: [
        // Paid in full in March; half of August's still owed at the August month end.
        {
          premiumId: 'PR-A1',
          policyId: 'P-L-A',
          loanId: 'L-A',
          orgUnit: 'BR-SH',
          dueDate: '2025-03-01',
          amount: 300,
          receivedAmount: 300,
          receivedAt: '2025-03-05',
        },
        {
          premiumId: 'PR-D1',
          policyId: 'P-L-D',
          loanId: 'L-D',
          orgUnit: 'BR-BJ',
          dueDate: '2025-08-01',
          amount: 200,
          receivedAmount: 50,
          receivedAt: '2025-08-10',
        },
      ],
      financials: [{ month: '2025-06', ...FINANCIALS }],
    },
  });
  expect(imported.body.rejectedCount).toBe(0);
  auditor = await app.createUserAndLogin('audrey', ['auditor'], 'HQ');
  branchAdmin = await app.createUserAndLogin('sam', ['admin'], 'BR-SH');
}, 90_000);

afterAll(() => app.close());

test('before anything is declared, completeness is derived: the earliest date every imported kind has reached', async () => {
  const response = await app.request<Completeness>('GET', '/api/v1/portfolio/completeness', { as: auditor });
  expect(response.status).toBe(200);
  // Loans were all disbursed on 2025-01-01, so nothing after 2024-12-31 is known to be complete.
  expect(response.body).toMatchObject({ dataCompleteThrough: '2024-12-31', lastCompleteMonth: '2024-12', source: 'derived', declared: null });
  expect(response.body.derived.kinds).toEqual({
    loans: { latest: '2025-01-01', coversThrough: '2024-12-31' },
    repayments: { latest: '2025-12-01', coversThrough: '2025-11-30' },
    premiums: { latest: '2025-08-10', coversThrough: '2025-08-09' },
    financials: { latest: '2025-06', coversThrough: '2025-06-30' },
  });

  // An ended but incomplete month is computed afresh and says so; it is not frozen as a snapshot.
  const june = await app.request<Facts>('GET', '/api/v1/metrics/portfolio?month=2025-06');
  expect(june.body).toMatchObject({ month: '2025-06', dataCompleteThrough: '2024-12-31', monthComplete: false, snapshot: false });
});

test('the importer declares how far the data is complete, on its own or with an import; HQ importers only, never in the future, audited', async () => {
  const reason = 'September files of the funder reconciled';
  const declared = await app.request<Completeness>('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-09-30', reason } });
  expect(declared.status).toBe(200);
  expect(declared.body).toMatchObject({
    dataCompleteThrough: '2025-09-30',
    lastCompleteMonth: '2025-09',
    source: 'declared',
    declared: { completeThrough: '2025-09-30', reason },
  });

  const future = await app.request<ErrorBody>('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2999-01-31' } });
  expect([future.status, future.body.error.details[0]?.path]).toEqual([422, '/body/completeThrough']);
  const notADate = await app.request<ErrorBody>('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-09' } });
  expect([notADate.status, notADate.body.error.details[0]?.path]).toEqual([400, '/body/completeThrough']);
  expect((await app.request('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-10-31' }, as: auditor })).status).toBe(403);
  expect(
    (await app.request<ErrorBody>('PUT', '/api/v1/portfolio/completeness', { body: { completeThrough: '2025-10-31' }, as: branchAdmin })).body.error.code,
  ).toBe('out_of_scope');

  const audit = await app.request<AuditItems>('GET', '/api/v1/audit?entityKind=setting&entityId=portfolio-data-completeness', { as: auditor });
  expect(audit.body.items).toEqual([
    expect.objectContaining({ action: 'declare-data-complete', reason, after: expect.objectContaining({ completeThrough: '2025-09-30' }) }),
  ]);

  // With an import (any format): ?completeThrough= is declared once the import has committed.
  const withImport = await app.request<{ dataCompleteThrough?: string }>('POST', '/api/v1/portfolio/import?completeThrough=2025-10-31', {
    body: { financials: [{ month: '2025-10', ...FINANCIALS }] },
  });
  expect([withImport.status, withImport.body.dataCompleteThrough]).toEqual([200, '2025-10-31']);
  // Back to September for the tests below (a correction is a declaration too).
  expect(
    (
      await app.request<Completeness>('PUT', '/api/v1/portfolio/completeness', {
        body: { completeThrough: '2025-09-30', reason: 'October repayments still missing' },
      })
    ).body.dataCompleteThrough,
  ).toBe('2025-09-30');
});

test('portfolio figures and the monthly report say how far the data is complete and whether each month is', async () => {
  const september = await app.request<Facts>('GET', '/api/v1/metrics/portfolio?month=2025-09');
  expect(september.body).toMatchObject({ dataCompleteThrough: '2025-09-30', monthComplete: true, snapshot: true });
  const october = await app.request<Facts>('GET', '/api/v1/metrics/portfolio?month=2025-10&groupBy=orgUnit');
  expect(october.body).toMatchObject({ dataCompleteThrough: '2025-09-30', monthComplete: false, snapshot: false });

  const report = await app.request<Report>('GET', '/api/v1/reports/business-quality?month=2025-10&trendMonths=3');
  expect(report.status).toBe(200);
  expect(report.body).toMatchObject({ month: '2025-10', dataCompleteThrough: '2025-09-30', monthComplete: false });
  expect(report.body.trend.map((point) => [point.month, point.complete])).toEqual([
    ['2025-08', true],
    ['2025-09', true],
    ['2025-10', false],
  ]);
});

test('the monthly report carries premium receivable (应收保费): premiums due by the month end less what was received by then', async () => {
  const report = await app.request<Report>('GET', '/api/v1/reports/business-quality?month=2025-08&trendMonths=2');
  // 300 + 200 due by 31 August, 300 + 50 received by then.
  expect(report.body.total).toMatchObject({ premiumIncome: 200, premiumReceivable: 150 });
  const byUnit = Object.fromEntries(
    report.body.segments.orgUnit.map((row) => [row.segment.orgUnit, [row.metrics.premiumReceivable, row.previous?.premiumReceivable]]),
  );
  expect(byUnit).toEqual({ 'BR-SH': [0, 0], 'BR-BJ': [150, 0] });
  expect(report.body.trend.map((point) => point.metrics.premiumReceivable)).toEqual([0, 150]);
  const page = await app.request<string>('GET', '/api/v1/reports/business-quality.html?month=2025-08');
  expect(page.text).toContain('应收保费 Premium receivable');
});

test('month-end portfolio monitoring refuses an incomplete month (409 month_incomplete) unless forced with a reason, which the audit log keeps', async () => {
  const refused = await app.request<ErrorBody>('POST', '/api/v1/jobs/portfolio-monitoring/run', { body: { month: '2025-10', waitSeconds: 5 } });
  expect([refused.status, refused.body.error.code]).toEqual([409, 'month_incomplete']);
  expect(refused.body.error.message).toContain('2025-09-30');
  expect(refused.body.error.details).toEqual([expect.objectContaining({ path: '/body/month', dataCompleteThrough: '2025-09-30' })]);
  const runs = await app.request<{ runs: JobRunView[] }>('GET', '/api/v1/jobs?job=portfolio-monitoring');
  expect(runs.body.runs).toEqual([]);

  const complete = await app.request<JobRunView>('POST', '/api/v1/jobs/portfolio-monitoring/run', { body: { month: '2025-09', waitSeconds: 120 } });
  expect([complete.status, complete.body.status]).toEqual([200, 'succeeded']);

  const reason = 'the regulator asked for October figures before the funder files arrived';
  const forced = await app.request<JobRunView>('POST', '/api/v1/jobs/portfolio-monitoring/run', {
    body: { month: '2025-10', override: { reason }, waitSeconds: 120 },
  });
  expect([forced.status, forced.body.status]).toEqual([200, 'succeeded']);
  const audit = await app.request<AuditItems>('GET', '/api/v1/audit?entityKind=job&entityId=portfolio-monitoring', { as: auditor });
  expect(audit.body.items).toEqual([
    expect.objectContaining({
      action: 'run-on-incomplete-month',
      reason,
      after: expect.objectContaining({ runId: forced.body.runId, params: { month: '2025-10' }, dataCompleteThrough: '2025-09-30' }),
    }),
  ]);
});

test('a scheduled month-end run on an incomplete month is skipped, and the skipped run says why', async () => {
  const definition = app.platform.services.jobs.list().find((job) => job.name === 'portfolio-monitoring')!;
  // The schedule that fires on 1 December works on November, complete only through 30 September.
  const service = new JobService(
    app.connection,
    new JobRunStore(app.connection),
    { enabled: true, processEveryMs: 100, schedules: {} },
    createLogger('silent'),
    { now: () => new Date('2025-12-01T04:00:00Z') },
  );
  service.register(definition);
  await expect(service.runScheduled('portfolio-monitoring')).resolves.toBeUndefined();
  const runs = await app.request<{ runs: (JobRunView & { params: Record<string, string>; trigger: string; errors: { message: string }[] })[] }>(
    'GET',
    '/api/v1/jobs?job=portfolio-monitoring',
  );
  const november = runs.body.runs.filter((run) => run.params.month === '2025-11');
  expect(november.map((run) => [run.trigger, run.status])).toEqual([['schedule', 'skipped']]);
  expect(november[0]!.errors[0]!.message).toContain('month_incomplete');
  expect(november[0]!.errors[0]!.message).toContain('2025-09-30');
});
