import type { BusinessQualityReport, KeyMetrics, SegmentRow } from '../../server/generated/schema-types';
import { detailText } from '../../studio/src/error-messages';
import { createOrgUnits } from '../api/authority/helpers';
import { browserSuite, describeInBrowser, logIn, screenshot, switchUser } from '../support/browser';
import { runJob, type AlertView, type TaskView } from '../support/monitoring-helpers';
import { monitoringPortfolio } from '../support/monitoring-portfolio';

/**
 * The monitoring pages in a real browser against the real app: a small portfolio imported
 * through the API and moved through the daily jobs, then a branch operator works the queues
 * (filter, assign, acknowledge, a stale revision reloaded, complete with evidence), reads an
 * obligor's page against the API and follows a decision; an auditor reads without being offered
 * actions; an admin starts a job and watches its run; the monthly report shows what its API
 * says, for HQ and for a branch.
 */
interface ObligorView {
  timeline: { asOf: string; facts: { dpd?: number; overdueAmount?: number; bucket?: string } }[];
  alerts: { alert: AlertView }[];
  tasks: TaskView[];
  claims: unknown[];
}

const numberIn = (text: string) => Number(text.replace(/,/g, ''));

const RATIOS = new Set(['overdueRate', 'm0_1', 'm0_2', 'annualizedLossRate', 'combinedLossRatio', 'combinedExpenseRatio']);
/** The report page's cells: segment (or month) -> metric -> this month's text and the month before's. */
type ShownCells = Record<string, Record<string, { current: string; previous: string | null }>>;

/** A report figure as the page must show it: a ratio as a percentage, a count or amount as its number, no value as a dash (never 0). */
function expectShown(text: string | null | undefined, name: string, value: number | null): void {
  if (value === null) expect(text).toBe('–');
  else if (RATIOS.has(name)) expect(text).toBe(`${(value * 100).toFixed(2)}%`);
  else expect(numberIn(text ?? '')).toBeCloseTo(value, 2);
}

function expectCells(shown: ShownCells, expected: Record<string, { metrics: KeyMetrics; previous?: KeyMetrics | null }>): void {
  expect(Object.keys(shown)).toEqual(Object.keys(expected));
  for (const [key, row] of Object.entries(expected)) {
    for (const [name, value] of Object.entries(row.metrics)) {
      expectShown(shown[key]![name]!.current, name, value);
      if (row.previous !== undefined) expectShown(shown[key]![name]!.previous, name, row.previous?.[name as keyof KeyMetrics] ?? null);
    }
  }
}

const segmentKey = (segment: Record<string, string>) =>
  Object.entries(segment)
    .map(([dimension, value]) => `${dimension}=${value}`)
    .join(';');
const bySegment = (rows: SegmentRow[]) => Object.fromEntries(rows.map((row) => [segmentKey(row.segment), row]));

/** Every count of the report (alerts, tasks, claims) by its path, e.g. `alerts.raised.red`. */
function reportCounts(report: BusinessQualityReport): Record<string, number> {
  const { items: _items, ...alerts } = report.alerts;
  const { byAction: _byAction, ...tasks } = report.tasks;
  const counts: Record<string, number> = {};
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'number') counts[prefix] = value;
    else for (const [name, inner] of Object.entries(value as object)) walk(`${prefix}.${name}`, inner);
  };
  for (const [section, value] of Object.entries({ alerts, tasks, claims: report.claims })) walk(section, value);
  return counts;
}

describeInBrowser('monitoring in a real browser', () => {
  let branch: string;
  let auditor: string;

  const suite = browserSuite(
    async ({ app }) => {
      await app.platform.startJobs();
      // Declared complete through September: month-end monitoring of August may run, and the report opens on September.
      const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import?completeThrough=2025-09-30', {
        body: monitoringPortfolio(),
      });
      expect(imported.body.rejectedCount).toBe(0);
      // Two business days of the daily monitoring through the job API: alerts raised and escalated, tasks, claim cases.
      for (const asOf of ['2025-08-10', '2025-08-20']) {
        await runJob(app, 'obligor-monitoring', { asOf });
        await runJob(app, 'claim-triggers', { asOf });
      }
      await createOrgUnits(app, [
        ['BR-SH', 'HQ'],
        ['BR-BJ', 'HQ'],
      ]);
      branch = await app.createUserAndLogin('brenda', ['branch-operator'], 'BR-SH');
      auditor = await app.createUserAndLogin('audrey', ['auditor'], 'HQ');
      await app.createUserAndLogin('ada', ['admin'], 'HQ');
    },
    { JOBS_PROCESS_EVERY_MS: '100' },
  );

  const shot = (name: string) => screenshot(suite.page, `monitoring-${name}`);
  const asBranch = <T>(method: string, urlPath: string, body?: unknown) =>
    suite.app.request<T>(method, urlPath, { as: branch, ...(body === undefined ? {} : { body }) });

  it('a branch operator filters the alert queue (own unit only), assigns and acknowledges an alert', async () => {
    await logIn(suite.page, suite.app, 'brenda');
    const nav = suite.page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: '预警 Alerts' }).click();
    // Branch operators do not read job runs: the studio does not offer the page.
    await expect(nav.getByRole('link', { name: /Job runs/ }).count()).resolves.toBe(0);

    const table = suite.page.getByRole('table', { name: 'alerts' });
    const open = (await asBranch<{ items: AlertView[] }>('GET', '/api/v1/alerts?status=open')).body.items;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((alert) => alert.orgUnit === 'BR-SH')).toBe(true);
    await table.locator(`tr[data-alert-id="${open[0]!.alertId}"]`).waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(open.length);
    // HQ's internet business (OB-C) is not in a branch's queue.
    await expect(table.getByRole('link', { name: 'OB-C' }).count()).resolves.toBe(0);

    // Filter by level: exactly the API's orange alerts of the unit.
    await suite.page.getByRole('form', { name: 'alert filters' }).getByLabel('level').selectOption('orange');
    const orange = (await asBranch<{ items: AlertView[] }>('GET', '/api/v1/alerts?status=open&level=orange')).body.items;
    expect(orange.map((alert) => alert.obligorId)).toContain('OB-B');
    await suite.page.waitForFunction((count) => document.querySelectorAll('table[aria-label="alerts"] tbody tr').length === count, orange.length);
    await expect(table.locator('[data-testid="level"]').allInnerTexts()).resolves.toEqual(orange.map(() => '橙 orange'));
    // Filter by org unit (the own unit) and assignee: nobody is assigned yet.
    await suite.page.getByRole('form', { name: 'alert filters' }).getByLabel('org unit').fill('BR-SH');
    await suite.page.getByRole('form', { name: 'alert filters' }).getByLabel('assignee').fill('me');
    await suite.page.getByRole('button', { name: '筛选 Filter' }).click();
    await suite.page.getByText('无预警 No alerts match.').waitFor();
    await suite.page.getByRole('form', { name: 'alert filters' }).getByLabel('assignee').fill('');
    await suite.page.getByRole('button', { name: '筛选 Filter' }).click();
    const target = orange.find((alert) => alert.obligorId === 'OB-B')!;
    const row = table.locator(`tr[data-alert-id="${target.alertId}"]`);
    await row.waitFor();
    await shot('01-alert-queue-orange');

    // Open it: history from the job, with its decision; assign to me, acknowledge, comment.
    await row.getByRole('button', { name: /Details/ }).click();
    const detail = suite.page.getByRole('region', { name: 'alert detail' });
    await detail.getByRole('table', { name: 'alert history' }).getByText('job:obligor-monitoring').first().waitFor();
    await detail.getByRole('button', { name: /Assign to me/ }).click();
    await detail.getByTestId('alert-assignee').filter({ hasText: 'brenda' }).waitFor();
    await detail.getByRole('button', { name: /Acknowledge/ }).click();
    await detail.getByTestId('alert-acknowledged').filter({ hasText: 'brenda' }).waitFor();
    await expect(detail.getByRole('button', { name: /Acknowledge/ }).count()).resolves.toBe(0);
    await detail.getByLabel('alert comment').fill('Called the obligor; promises to pay by month end');
    await detail.getByRole('button', { name: '评论 Comment' }).click();
    await detail.getByRole('table', { name: 'alert history' }).getByText('Called the obligor; promises to pay by month end').waitFor();
    // The queue row follows.
    await row.getByText('brenda').first().waitFor();
    await shot('02-alert-acknowledged');

    const after = await asBranch<{ alert: AlertView & { assignee: string; acknowledgedBy: string }; history: { action: string; actor: string }[] }>(
      'GET',
      `/api/v1/alerts/${encodeURIComponent(target.alertId)}`,
    );
    expect(after.body.alert).toMatchObject({ assignee: 'brenda', acknowledgedBy: 'brenda' });
    expect(after.body.history.slice(-3).map((entry) => [entry.action, entry.actor])).toEqual([
      ['assigned', 'brenda'],
      ['acknowledged', 'brenda'],
      ['commented', 'brenda'],
    ]);
  }, 120000);

  it('the task queue flags overdue tasks; a stale revision offers a reload; a task is completed with evidence', async () => {
    await suite.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '处置任务 Tasks' }).click();
    const table = suite.page.getByRole('table', { name: 'tasks' });
    const pending = (await asBranch<{ items: TaskView[] }>('GET', '/api/v1/tasks?status=pending')).body.items;
    expect(pending.length).toBeGreaterThan(0);
    await table.locator(`tr[data-task-id="${pending[0]!.taskId}"]`).waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(pending.length);
    // Overdue: the API's flag, row by row.
    for (const task of pending) {
      await expect(table.locator(`tr[data-task-id="${task.taskId}"] [data-testid="overdue"]`).count()).resolves.toBe(task.overdue ? 1 : 0);
    }
    const overdue = pending.filter((task) => task.overdue);
    if (overdue.length > 0) {
      await suite.page.getByLabel('overdue only').check();
      await suite.page.waitForFunction((count) => document.querySelectorAll('table[aria-label="tasks"] tbody tr').length === count, overdue.length);
      await shot('03-task-queue-overdue');
      await suite.page.getByLabel('overdue only').uncheck();
    }

    const task = pending.find((item) => item.obligorId === 'OB-B' && item.action === 'reduce-credit-limit')!;
    expect(task).toBeDefined();
    const row = table.locator(`tr[data-task-id="${task.taskId}"]`);
    await row.getByRole('button', { name: /Details/ }).click();
    const detail = suite.page.getByRole('region', { name: 'task detail' });
    await detail.getByTestId('task-status').filter({ hasText: 'open' }).waitFor();

    // Someone else comments meanwhile: acknowledging on the old revision is a 409, and the page offers to reload.
    const meanwhile = await suite.app.request('POST', `/api/v1/tasks/${encodeURIComponent(task.taskId)}/comments`, {
      body: { revision: task.revision, text: 'HQ asks for the cut this week' },
    });
    expect(meanwhile.status).toBe(200);
    await detail.getByRole('button', { name: /Acknowledge/ }).click();
    await detail.getByRole('alert').filter({ hasText: 'stale_version' }).waitFor();
    await shot('04-task-conflict');
    await detail.getByRole('button', { name: /Reload the latest/ }).click();
    await detail.getByRole('table', { name: 'task history' }).getByText('HQ asks for the cut this week').waitFor();
    await detail.getByRole('button', { name: /Acknowledge/ }).click();
    await detail.getByTestId('task-status').filter({ hasText: 'acknowledged' }).waitFor();

    // Complete with evidence: what was done and the documents that prove it.
    await detail.getByLabel('evidence note').fill('Credit limit cut by 30% with the funder');
    await detail.getByLabel('evidence references').fill('FUND-2025-0821-17\nletter-OB-B.pdf');
    await detail.getByRole('button', { name: /Complete with evidence/ }).click();
    await detail.getByTestId('task-status').filter({ hasText: 'done' }).waitFor();
    await detail.getByTestId('task-evidence').filter({ hasText: 'letter-OB-B.pdf' }).waitFor();
    await shot('05-task-completed');
    const done = await asBranch<{ task: TaskView & { evidence: unknown; completedBy: string } }>('GET', `/api/v1/tasks/${encodeURIComponent(task.taskId)}`);
    expect(done.body.task).toMatchObject({
      status: 'done',
      completedBy: 'brenda',
      evidence: { note: 'Credit limit cut by 30% with the funder', references: ['FUND-2025-0821-17', 'letter-OB-B.pdf'] },
    });
  }, 120000);

  it("the obligor page shows the API's facts over time, alerts, tasks and the decisions behind them", async () => {
    await suite.page.getByRole('table', { name: 'tasks' }).getByRole('link', { name: 'OB-B' }).first().click();
    await suite.page.waitForURL('**/obligors/OB-B');
    const view = suite.page.getByRole('form', { name: 'obligor view' });
    await view.getByLabel('as of').fill('2025-08-20');
    await view.getByLabel('months').fill('6');
    await view.getByRole('button', { name: /Show/ }).click();
    const api = (await asBranch<ObligorView>('GET', '/api/v1/obligors/OB-B/monitoring?asOf=2025-08-20&months=6')).body;
    expect(api.timeline.length).toBeGreaterThan(1);

    const facts = suite.page.getByRole('table', { name: 'facts over time' });
    await facts.locator(`tr[data-as-of="${api.timeline.at(-1)!.asOf}"]`).waitFor();
    await expect(facts.locator('tbody tr').count()).resolves.toBe(api.timeline.length);
    for (const point of api.timeline) {
      const row = facts.locator(`tr[data-as-of="${point.asOf}"]`);
      await expect(row.locator('[data-fact="dpd"]').innerText()).resolves.toBe(String(point.facts.dpd));
      await expect(row.locator('[data-fact="overdueAmount"]').innerText().then(numberIn)).resolves.toBe(point.facts.overdueAmount);
      await expect(row.locator('[data-fact="bucket"]').innerText()).resolves.toBe(point.facts.bucket);
    }
    const alerts = suite.page.getByRole('region', { name: 'obligor alerts' });
    await expect(alerts.locator('details.alert-item').count()).resolves.toBe(api.alerts.length);
    await expect(suite.page.getByRole('region', { name: 'obligor tasks' }).locator('tbody tr').count()).resolves.toBe(api.tasks.length);
    await expect(suite.page.getByRole('region', { name: 'obligor claim cases' }).getByRole('heading').innerText()).resolves.toContain(`(${api.claims.length})`);
    await suite.page.getByRole('img', { name: /Days past due/ }).waitFor();
    await shot('06-obligor');

    // The decisions that produced them: follow one to the logged decision.
    const decisions = suite.page.getByRole('table', { name: 'decisions' });
    await expect(decisions.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    const firstDecision = decisions.locator('tbody tr').first();
    const decisionId = await firstDecision.locator('code').innerText();
    await firstDecision.getByRole('link', { name: /decision/ }).click();
    await suite.page.waitForURL(`**/decisions/${decisionId}`);
    const logged = await asBranch<{ ruleSet: { key: string; version: number }; events: unknown[] }>('GET', `/api/v1/decisions/${decisionId}`);
    expect(logged.status).toBe(200);
    await expect(suite.page.getByTestId('decision-ruleset').innerText()).resolves.toBe(`${logged.body.ruleSet.key} v${logged.body.ruleSet.version}`);
    await expect(suite.page.getByRole('table', { name: 'decision events' }).locator('tbody tr').count()).resolves.toBe(logged.body.events.length);
    await shot('07-decision');
  }, 90000);

  it('an auditor reads claim cases, alerts and job runs without being offered actions', async () => {
    await switchUser(suite.page, suite.app, 'audrey');
    await suite.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '理赔案件 Claim cases' }).click();
    const claims = (await suite.app.request<{ items: { caseId: string; status: string }[] }>('GET', '/api/v1/claims', { as: auditor })).body.items;
    expect(claims.length).toBeGreaterThan(0);
    const table = suite.page.getByRole('table', { name: 'claim cases' });
    await table.locator(`tr[data-case-id="${claims[0]!.caseId}"]`).waitFor();
    await expect(table.locator('tbody tr[data-case-id]').count()).resolves.toBe(claims.length);
    await table
      .locator(`tr[data-case-id="${claims[0]!.caseId}"]`)
      .getByRole('button', { name: /History/ })
      .click();
    await table
      .getByRole('table', { name: `history of ${claims[0]!.caseId}` })
      .getByText('opened')
      .first()
      .waitFor();
    await shot('08-claims');

    await suite.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '预警 Alerts' }).click();
    await suite.page
      .getByRole('table', { name: 'alerts' })
      .getByRole('button', { name: /Details/ })
      .first()
      .click();
    await suite.page.getByRole('region', { name: 'alert detail' }).getByRole('table', { name: 'alert history' }).waitFor();
    await expect(suite.page.getByRole('region', { name: 'alert actions' }).count()).resolves.toBe(0);

    await suite.page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: /Job runs/ })
      .click();
    await suite.page.getByRole('table', { name: 'runs' }).locator('tbody tr').first().waitFor();
    await expect(suite.page.getByRole('button', { name: /Run now/ }).count()).resolves.toBe(0);
  }, 60000);

  it('an admin starts the daily monitoring job and follows the run to the end', async () => {
    await switchUser(suite.page, suite.app, 'ada');
    await suite.page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: /Job runs/ })
      .click();
    const before = (await suite.app.request<{ runs: { runId: string; job: string; status: string }[] }>('GET', '/api/v1/jobs')).body.runs;
    const runs = suite.page.getByRole('table', { name: 'runs' });
    await runs.locator(`tr[data-run-id="${before[0]!.runId}"]`).waitFor();
    await expect(runs.locator('tbody tr').count()).resolves.toBe(before.length);

    await suite.page.getByLabel('obligor-monitoring as of').fill('2025-09-06');
    await suite.page.getByRole('button', { name: 'run obligor-monitoring now' }).click();
    await suite.page.getByTestId('followed-run').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60000 });
    const after = (
      await suite.app.request<{
        runs: { runId: string; job: string; params: { asOf?: string }; status: string; requestedBy: string; counts: Record<string, number> }[];
      }>('GET', '/api/v1/jobs?job=obligor-monitoring')
    ).body.runs;
    const started = after.find((run) => run.params.asOf === '2025-09-06')!;
    expect(started).toMatchObject({ status: 'succeeded', requestedBy: 'ada' });
    const row = runs.locator(`tr[data-run-id="${started.runId}"]`);
    await row.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor();
    await expect(row.getByTestId('run-counts').innerText()).resolves.toContain(`obligors=${started.counts.obligors}`);
    await shot('09-job-runs');
  }, 90000);

  describe('the monthly business-quality report page', () => {
    /** What the report page shows, read in one pass per part. */
    const shownReport = async () => {
      const cellsOf = (selector: string) =>
        suite.page.locator(selector).evaluate((table) =>
          Object.fromEntries(
            Array.from(table.querySelectorAll('tbody tr')).map((row) => [
              row.getAttribute('data-segment') ?? row.getAttribute('data-month'),
              Object.fromEntries(
                Array.from(row.querySelectorAll('td[data-metric]')).map((cell) => [
                  cell.getAttribute('data-metric'),
                  {
                    current: (cell.querySelector('[data-testid="current"]') ?? cell).textContent,
                    previous: cell.querySelector('[data-testid="previous"]')?.textContent ?? null,
                  },
                ]),
              ),
            ]),
          ),
        );
      return {
        month: await suite.page.getByTestId('report-month').innerText(),
        wholeBook:
          (await suite.page.locator('dl[aria-label="全部业务 Whole book"]').count()) === 0
            ? null
            : await suite.page
                .locator('dl[aria-label="全部业务 Whole book"] [data-metric]')
                .evaluateAll((cards) =>
                  Object.fromEntries(cards.map((card) => [card.getAttribute('data-metric'), card.querySelector('[data-testid="current"]')!.textContent])),
                ),
        byOrgUnit: (await cellsOf('table[aria-label="按机构 By org unit"]')) as ShownCells,
        byTierChannel:
          (await suite.page.locator('table[aria-label="按客群与渠道 By customer tier and channel"]').count()) === 0
            ? {}
            : ((await cellsOf('table[aria-label="按客群与渠道 By customer tier and channel"]')) as ShownCells),
        trend: (await cellsOf('table[aria-label="trend"]')) as ShownCells,
        counts: await suite.page
          .locator('[data-count]')
          .evaluateAll((items) => Object.fromEntries(items.map((item) => [item.getAttribute('data-count'), Number(item.textContent)]))),
        byAction: await suite.page
          .locator('tr[data-action]')
          .evaluateAll((rows) =>
            Object.fromEntries(rows.map((row) => [row.getAttribute('data-action'), Number(row.querySelector('[data-testid="count"]')!.textContent)])),
          ),
        alertIds: await suite.page
          .locator('table[aria-label="alerts raised in the month"] tr[data-alert-id]')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-alert-id'))),
      };
    };

    /** The page, once it shows `month`, says what the API says for the same month and user. */
    const expectPageShows = async (report: BusinessQualityReport) => {
      await suite.page.getByTestId('report-month').filter({ hasText: report.month }).waitFor();
      const shown = await shownReport();
      expect(shown.month).toBe(report.month);
      if (report.total === null) expect(shown.wholeBook).toBeNull();
      else for (const [name, value] of Object.entries(report.total)) expectShown(shown.wholeBook![name], name, value);
      expectCells(shown.byOrgUnit, bySegment(report.segments.orgUnit));
      expectCells(shown.byTierChannel, bySegment(report.segments.customerTierChannel));
      expectCells(shown.trend, Object.fromEntries(report.trend.map((point) => [point.month, { metrics: point.metrics }])));
      expect(shown.counts).toEqual(reportCounts(report));
      expect(shown.byAction).toEqual(report.tasks.byAction);
      expect(shown.alertIds).toEqual(report.alerts.items.map((alert) => alert.alertId));
    };

    const reportOf = async (month: string, token: string) => {
      const response = await suite.app.request<BusinessQualityReport>('GET', `/api/v1/reports/business-quality?month=${month}`, { as: token });
      expect(response.status).toBe(200);
      return response.body;
    };

    it('HQ reads the month the monitoring ran in as the API reports it, changes the month, goes back, and opens the printable version', async () => {
      // Month-end portfolio monitoring for August, so the report has portfolio alerts and tasks beside the obligors'.
      await runJob(suite.app, 'portfolio-monitoring', { month: '2025-08' });
      // Read before the page asks for them: see the branch's report below for why.
      const august = await reportOf('2025-08', auditor);
      const july = await reportOf('2025-07', auditor);
      // What makes the comparisons below able to fail: real figures, a ratio that is not 0, one that is null, alerts of both kinds.
      const augustRatios = august.segments.orgUnit.flatMap((row) => [row.metrics.overdueRate, row.previous?.overdueRate ?? null]);
      expect(augustRatios.some((value) => value !== null && value > 0)).toBe(true);
      expect(august.segments.orgUnit.some((row) => Object.values(row.metrics).includes(null))).toBe(true);
      expect(august.alerts.byTarget.obligor).toBeGreaterThan(0);
      expect(august.alerts.byTarget.portfolio).toBeGreaterThan(0);
      expect(bySegment(july.segments.orgUnit)).not.toEqual(bySegment(august.segments.orgUnit));

      await switchUser(suite.page, suite.app, 'audrey');
      await suite.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '月度报告 Monthly report' }).click();
      await suite.page.waitForURL('**/reports/business-quality');
      // By default the last month whose data is complete, saying so.
      await suite.page.getByTestId('report-month').filter({ hasText: '2025-09' }).waitFor();
      await expect(suite.page.getByLabel('month', { exact: true }).inputValue()).resolves.toBe('2025-09');
      await expect(suite.page.getByTestId('data-complete-through').innerText()).resolves.toBe('2025-09-30');

      await suite.page.getByLabel('month', { exact: true }).fill('2025-08');
      await suite.page.waitForURL('**/reports/business-quality?month=2025-08');
      await expectPageShows(august);
      await shot('10-report-august');

      await suite.page.getByLabel('month', { exact: true }).fill('2025-07');
      await suite.page.waitForURL('**/reports/business-quality?month=2025-07');
      await expectPageShows(july);
      // The month lives in the address: back returns to August's report.
      await suite.page.goBack();
      await expectPageShows(august);

      // The printable page opens with the studio's session (the cookie); without it the API refuses.
      const printable = suite.page.getByRole('link', { name: '打印版 Printable' });
      const href = await printable.getAttribute('href');
      expect(href).toBe('/api/v1/reports/business-quality.html?month=2025-08');
      const [popup] = await Promise.all([suite.page.waitForEvent('popup'), printable.click()]);
      await popup.waitForLoadState();
      await expect(popup.title()).resolves.toContain('2025-08');
      await expect(popup.locator('h1').innerText()).resolves.toContain('Business-quality monitoring report');
      await popup.close();
      const html = await suite.page.context().request.get(`${suite.app.url}${href}`);
      expect(html.status()).toBe(200);
      expect(html.headers()['content-type']).toMatch(/text\/html/);
      const text = await html.text();
      expect(text).toContain('Month 2025-08');
      expect(text).toContain(`<span class="red">${august.alerts.raised.red} red</span>`);
      expect((await suite.app.request('GET', href!, { as: null })).status).toBe(401);
    }, 180000);

    it("a month the API refuses shows its error at the field; a branch operator sees only the branch's report", async () => {
      await suite.page.goto(`${suite.app.url}/reports/business-quality?month=2025-13`);
      const refused = await suite.app.request<{ error: { code: string; details: { path: string; message: string; keyword?: string }[] } }>(
        'GET',
        '/api/v1/reports/business-quality?month=2025-13',
        { as: auditor },
      );
      expect(refused.status).toBe(400);
      await suite.page.locator('.error[role="alert"]').filter({ hasText: refused.body.error.code }).filter({ hasText: '/query/month' }).waitFor();
      // The studio says what is wrong in both languages (never the pattern's regular expression).
      await expect(suite.page.locator('.field-error').innerText()).resolves.toBe(
        detailText(refused.body.error.details.find((detail) => detail.path === '/query/month')!),
      );
      await expect(suite.page.getByTestId('report-month').count()).resolves.toBe(0);
      await shot('11-report-bad-month');

      // The API first, the page after: two first reads of an ended month at once race to store its
      // snapshot (MetricService.snapshotted) and one of them gets a 500.
      const scoped = await reportOf('2025-08', branch);
      const whole = await reportOf('2025-08', auditor);
      // The branch's report is a different one (its units only, no whole book), so showing HQ's would fail here.
      expect(Object.keys(bySegment(scoped.segments.orgUnit))).not.toEqual(Object.keys(bySegment(whole.segments.orgUnit)));
      expect(reportCounts(scoped)).not.toEqual(reportCounts(whole));
      await switchUser(suite.page, suite.app, 'brenda');
      await suite.page.goto(`${suite.app.url}/reports/business-quality?month=2025-08`);
      await expectPageShows(scoped);
      await shot('12-report-branch');
    }, 120000);
  });
});
