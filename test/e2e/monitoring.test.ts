import type { Browser, Page } from 'playwright-core';
import { describeIfBrowser, launchBrowser, logIn, prepareStudio, screenshot, switchUser } from '../support/browser';
import { runJob, type AlertView, type TaskView } from '../support/monitoring-helpers';
import { monitoringPortfolio } from '../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The monitoring pages in a real browser against the real app: a small portfolio imported
 * through the API and moved through the daily jobs, then a branch operator works the queues
 * (filter, assign, acknowledge, a stale revision reloaded, complete with evidence), reads an
 * obligor's page against the API and follows a decision; an auditor reads without being offered
 * actions; an admin starts a job and watches its run.
 */
interface ObligorView {
  timeline: { asOf: string; facts: { dpd?: number; overdueAmount?: number; bucket?: string } }[];
  alerts: { alert: AlertView }[];
  tasks: TaskView[];
  claims: unknown[];
}

const numberIn = (text: string) => Number(text.replace(/,/g, ''));

describeIfBrowser('monitoring in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let branch: string;
  let auditor: string;

  beforeAll(async () => {
    prepareStudio();
    app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
    await app.platform.startJobs();
    const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
    expect(imported.body.rejectedCount).toBe(0);
    // Two business days of the daily monitoring through the job API: alerts raised and escalated, tasks, claim cases.
    for (const asOf of ['2025-08-10', '2025-08-20']) {
      await runJob(app, 'obligor-monitoring', { asOf });
      await runJob(app, 'claim-triggers', { asOf });
    }
    branch = await app.createUserAndLogin('brenda', ['branch-operator'], 'BR-SH');
    auditor = await app.createUserAndLogin('audrey', ['auditor'], 'HQ');
    await app.createUserAndLogin('ada', ['admin'], 'HQ');
    ({ browser, page } = await launchBrowser());
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const shot = (name: string) => screenshot(page, `monitoring-${name}`);
  const asBranch = <T>(method: string, urlPath: string, body?: unknown) => app.request<T>(method, urlPath, { as: branch, ...(body === undefined ? {} : { body }) });

  it('a branch operator filters the alert queue (own unit only), assigns and acknowledges an alert', async () => {
    await logIn(page, app, 'brenda');
    const nav = page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: '预警 Alerts' }).click();
    // Branch operators do not read job runs: the studio does not offer the page.
    await expect(nav.getByRole('link', { name: /Job runs/ }).count()).resolves.toBe(0);

    const table = page.getByRole('table', { name: 'alerts' });
    const open = (await asBranch<{ items: AlertView[] }>('GET', '/api/v1/alerts?status=open')).body.items;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((alert) => alert.orgUnit === 'BR-SH')).toBe(true);
    await table.locator(`tr[data-alert-id="${open[0]!.alertId}"]`).waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(open.length);
    // HQ's internet business (OB-C) is not in a branch's queue.
    await expect(table.getByRole('link', { name: 'OB-C' }).count()).resolves.toBe(0);

    // Filter by level: exactly the API's orange alerts of the unit.
    await page.getByRole('form', { name: 'alert filters' }).getByLabel('level').selectOption('orange');
    const orange = (await asBranch<{ items: AlertView[] }>('GET', '/api/v1/alerts?status=open&level=orange')).body.items;
    expect(orange.map((alert) => alert.obligorId)).toContain('OB-B');
    await page.waitForFunction((count) => document.querySelectorAll('table[aria-label="alerts"] tbody tr').length === count, orange.length);
    await expect(table.locator('[data-testid="level"]').allInnerTexts()).resolves.toEqual(orange.map(() => '橙 orange'));
    // Filter by org unit (the own unit) and assignee: nobody is assigned yet.
    await page.getByRole('form', { name: 'alert filters' }).getByLabel('org unit').fill('BR-SH');
    await page.getByRole('form', { name: 'alert filters' }).getByLabel('assignee').fill('me');
    await page.getByRole('button', { name: '筛选 Filter' }).click();
    await page.getByText('无预警 No alerts match.').waitFor();
    await page.getByRole('form', { name: 'alert filters' }).getByLabel('assignee').fill('');
    await page.getByRole('button', { name: '筛选 Filter' }).click();
    const target = orange.find((alert) => alert.obligorId === 'OB-B')!;
    const row = table.locator(`tr[data-alert-id="${target.alertId}"]`);
    await row.waitFor();
    await shot('01-alert-queue-orange');

    // Open it: history from the job, with its decision; assign to me, acknowledge, comment.
    await row.getByRole('button', { name: /Details/ }).click();
    const detail = page.getByRole('region', { name: 'alert detail' });
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

    const after = await asBranch<{ alert: AlertView & { assignee: string; acknowledgedBy: string }; history: { action: string; actor: string }[] }>('GET', `/api/v1/alerts/${encodeURIComponent(target.alertId)}`);
    expect(after.body.alert).toMatchObject({ assignee: 'brenda', acknowledgedBy: 'brenda' });
    expect(after.body.history.slice(-3).map((entry) => [entry.action, entry.actor])).toEqual([['assigned', 'brenda'], ['acknowledged', 'brenda'], ['commented', 'brenda']]);
  }, 120000);

  it('the task queue flags overdue tasks; a stale revision offers a reload; a task is completed with evidence', async () => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '处置任务 Tasks' }).click();
    const table = page.getByRole('table', { name: 'tasks' });
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
      await page.getByLabel('overdue only').check();
      await page.waitForFunction((count) => document.querySelectorAll('table[aria-label="tasks"] tbody tr').length === count, overdue.length);
      await shot('03-task-queue-overdue');
      await page.getByLabel('overdue only').uncheck();
    }

    const task = pending.find((item) => item.obligorId === 'OB-B' && item.action === 'reduce-credit-limit')!;
    expect(task).toBeDefined();
    const row = table.locator(`tr[data-task-id="${task.taskId}"]`);
    await row.getByRole('button', { name: /Details/ }).click();
    const detail = page.getByRole('region', { name: 'task detail' });
    await detail.getByTestId('task-status').filter({ hasText: 'open' }).waitFor();

    // Someone else comments meanwhile: acknowledging on the old revision is a 409, and the page offers to reload.
    const meanwhile = await app.request('POST', `/api/v1/tasks/${encodeURIComponent(task.taskId)}/comments`, { body: { revision: task.revision, text: 'HQ asks for the cut this week' } });
    expect(meanwhile.status).toBe(200);
    await detail.getByRole('button', { name: /Acknowledge/ }).click();
    await detail.getByRole('alert').filter({ hasText: 'stale_revision' }).waitFor();
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
    expect(done.body.task).toMatchObject({ status: 'done', completedBy: 'brenda', evidence: { note: 'Credit limit cut by 30% with the funder', references: ['FUND-2025-0821-17', 'letter-OB-B.pdf'] } });
  }, 120000);

  it('the obligor page shows the API\'s facts over time, alerts, tasks and the decisions behind them', async () => {
    await page.getByRole('table', { name: 'tasks' }).getByRole('link', { name: 'OB-B' }).first().click();
    await page.waitForURL('**/obligors/OB-B');
    const view = page.getByRole('form', { name: 'obligor view' });
    await view.getByLabel('as of').fill('2025-08-20');
    await view.getByLabel('months').fill('6');
    await view.getByRole('button', { name: /Show/ }).click();
    const api = (await asBranch<ObligorView>('GET', '/api/v1/obligors/OB-B/monitoring?asOf=2025-08-20&months=6')).body;
    expect(api.timeline.length).toBeGreaterThan(1);

    const facts = page.getByRole('table', { name: 'facts over time' });
    await facts.locator(`tr[data-as-of="${api.timeline.at(-1)!.asOf}"]`).waitFor();
    await expect(facts.locator('tbody tr').count()).resolves.toBe(api.timeline.length);
    for (const point of api.timeline) {
      const row = facts.locator(`tr[data-as-of="${point.asOf}"]`);
      await expect(row.locator('[data-fact="dpd"]').innerText()).resolves.toBe(String(point.facts.dpd));
      await expect(row.locator('[data-fact="overdueAmount"]').innerText().then(numberIn)).resolves.toBe(point.facts.overdueAmount);
      await expect(row.locator('[data-fact="bucket"]').innerText()).resolves.toBe(point.facts.bucket);
    }
    const alerts = page.getByRole('region', { name: 'obligor alerts' });
    await expect(alerts.locator('details.alert-item').count()).resolves.toBe(api.alerts.length);
    await expect(page.getByRole('region', { name: 'obligor tasks' }).locator('tbody tr').count()).resolves.toBe(api.tasks.length);
    await expect(page.getByRole('region', { name: 'obligor claim cases' }).getByRole('heading').innerText()).resolves.toContain(`(${api.claims.length})`);
    await page.getByRole('img', { name: /Days past due/ }).waitFor();
    await shot('06-obligor');

    // The decisions that produced them: follow one to the logged decision.
    const decisions = page.getByRole('table', { name: 'decisions' });
    await expect(decisions.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    const firstDecision = decisions.locator('tbody tr').first();
    const decisionId = await firstDecision.locator('code').innerText();
    await firstDecision.getByRole('link', { name: /decision/ }).click();
    await page.waitForURL(`**/decisions/${decisionId}`);
    const logged = await asBranch<{ ruleSet: { key: string; version: number }; events: unknown[] }>('GET', `/api/v1/decisions/${decisionId}`);
    expect(logged.status).toBe(200);
    await expect(page.getByTestId('decision-ruleset').innerText()).resolves.toBe(`${logged.body.ruleSet.key} v${logged.body.ruleSet.version}`);
    await expect(page.getByRole('table', { name: 'decision events' }).locator('tbody tr').count()).resolves.toBe(logged.body.events.length);
    await shot('07-decision');
  }, 90000);

  it('an auditor reads claim cases, alerts and job runs without being offered actions', async () => {
    await switchUser(page, app, 'audrey');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '理赔案件 Claim cases' }).click();
    const claims = (await app.request<{ items: { caseId: string; status: string }[] }>('GET', '/api/v1/claims', { as: auditor })).body.items;
    expect(claims.length).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'claim cases' });
    await table.locator(`tr[data-case-id="${claims[0]!.caseId}"]`).waitFor();
    await expect(table.locator('tbody tr[data-case-id]').count()).resolves.toBe(claims.length);
    await table.locator(`tr[data-case-id="${claims[0]!.caseId}"]`).getByRole('button', { name: /History/ }).click();
    await table.getByRole('table', { name: `history of ${claims[0]!.caseId}` }).getByText('opened').first().waitFor();
    await shot('08-claims');

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '预警 Alerts' }).click();
    await page.getByRole('table', { name: 'alerts' }).getByRole('button', { name: /Details/ }).first().click();
    await page.getByRole('region', { name: 'alert detail' }).getByRole('table', { name: 'alert history' }).waitFor();
    await expect(page.getByRole('region', { name: 'alert actions' }).count()).resolves.toBe(0);

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /Job runs/ }).click();
    await page.getByRole('table', { name: 'runs' }).locator('tbody tr').first().waitFor();
    await expect(page.getByRole('button', { name: /Run now/ }).count()).resolves.toBe(0);
  }, 60000);

  it('an admin starts the daily monitoring job and follows the run to the end', async () => {
    await switchUser(page, app, 'ada');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /Job runs/ }).click();
    const before = (await app.request<{ runs: { runId: string; job: string; status: string }[] }>('GET', '/api/v1/jobs')).body.runs;
    const runs = page.getByRole('table', { name: 'runs' });
    await runs.locator(`tr[data-run-id="${before[0]!.runId}"]`).waitFor();
    await expect(runs.locator('tbody tr').count()).resolves.toBe(before.length);

    await page.getByLabel('obligor-monitoring as of').fill('2025-09-06');
    await page.getByRole('button', { name: 'run obligor-monitoring now' }).click();
    await page.getByTestId('followed-run').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60000 });
    const after = (await app.request<{ runs: { runId: string; job: string; params: { asOf?: string }; status: string; requestedBy: string; counts: Record<string, number> }[] }>('GET', '/api/v1/jobs?job=obligor-monitoring')).body.runs;
    const started = after.find((run) => run.params.asOf === '2025-09-06')!;
    expect(started).toMatchObject({ status: 'succeeded', requestedBy: 'ada' });
    const row = runs.locator(`tr[data-run-id="${started.runId}"]`);
    await row.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor();
    await expect(row.getByTestId('run-counts').innerText()).resolves.toContain(`obligors=${started.counts.obligors}`);
    await shot('09-job-runs');
  }, 90000);
});
