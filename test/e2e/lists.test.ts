import type { Page, Request, Route } from 'playwright-core';
import { ERROR_MESSAGES } from '../../studio/src/error-messages';
import { createOrgUnits } from '../api/authority/helpers';
import { LocalReceiver } from '../api/webhooks/receiver';
import { browserSuite, describeInBrowser, logIn, screenshot, switchUser } from '../support/browser';
import { BIG_OBLIGOR, LIST_DAY, listPortfolio } from '../support/list-portfolio';
import { runJob } from '../support/monitoring-helpers';
import { sleep, waitUntil } from '../support/polling';

/**
 * Lists under filters and the smaller studio findings, in a real browser
 * against the real app: a superseded request must never paint its rows over the newer filter's,
 * filters live in the address, details open where the user is looking, job runs refresh, chart
 * labels are whole, codes are shown as labels, tabs follow the WAI-ARIA pattern, server errors
 * read in Chinese too.
 */
/** Holds the first request that `matches` until released; everything else passes. */
async function holdFirst(page: Page, matches: (url: URL) => boolean) {
  let held: Route | undefined;
  let heldRequest: Request | undefined;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let seen!: () => void;
  const arrived = new Promise<void>((resolve) => (seen = resolve));
  // Listening from the start: the page may cancel the held request long before it is released.
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const done = (request: Request) => {
    if (request === heldRequest) settle();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  const handler = async (route: Route) => {
    if (held || !matches(new URL(route.request().url()))) return route.continue();
    held = route;
    heldRequest = route.request();
    seen();
    await released;
    // The page may have cancelled it meanwhile; then there is nothing to continue.
    await route.continue().catch(() => settle());
  };
  await page.route('**/api/v1/**', handler);
  return {
    arrived,
    /** Lets the held request go on and waits until the page has its answer (or cancelled it). */
    async releaseAndSettle() {
      release();
      await settled;
      page.off('requestfinished', done);
      page.off('requestfailed', done);
      await page.unroute('**/api/v1/**', handler);
    },
  };
}

/** Fails if `bad` ever becomes true within `ms` (a bounded watch for something that must not happen). */
async function neverWithin(ms: number, bad: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await bad()) throw new Error(what);
    await sleep(50);
  }
}

const inViewport = async (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
    });

describeInBrowser('lists under filters, and what the studio shows', () => {
  let queuedRun: string;
  const receiver = { current: undefined as LocalReceiver | undefined };

  const suite = browserSuite(
    async ({ app, page }) => {
      await createOrgUnits(app, [['BR-SH', 'HQ']]);
      const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import?completeThrough=2025-08-31', { body: listPortfolio() });
      expect(imported.body.rejectedCount).toBe(0);
      await app.createUserAndLogin('ada', ['admin'], 'HQ');
      await app.createUserAndLogin('olga', ['policy-owner'], 'HQ');
      // Jobs are not taken yet: this run waits, queued, until the first test starts the workers.
      const queued = await app.request<{ runId: string; status: string }>('POST', '/api/v1/jobs/obligor-monitoring/run', { body: { asOf: LIST_DAY } });
      expect(queued.status).toBe(202);
      queuedRun = queued.body.runId;
      await logIn(page, app, 'ada');
    },
    { JOBS_PROCESS_EVERY_MS: '100', WEBHOOK_DISPATCH_INTERVAL_MS: '50' },
  );

  afterAll(async () => {
    await receiver.current?.close();
  });

  const shot = (name: string) => screenshot(suite.page, `lists-${name}`);
  let jobsStarted = false;
  const startJobs = async () => {
    if (!jobsStarted) await suite.app.platform.startJobs();
    jobsStarted = true;
  };
  const rowsOf = (table: string) => suite.page.locator(`table[aria-label="${table}"] tbody tr`);

  it('a job run shown queued refreshes by itself until it ends', async () => {
    await suite.page.goto(`${suite.app.url}/jobs`);
    const row = suite.page.locator(`table[aria-label="runs"] tr[data-run-id="${queuedRun}"]`);
    await row.getByTestId('run-status').filter({ hasText: 'queued' }).waitFor();
    await startJobs();
    // No click on Refresh: the page follows every run that is queued or running.
    await row.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 30000 });
    await shot('01-job-run-refreshed');
    // The run says which facts its rule sets reference that it never supplied, as the API does.
    const run = await suite.app.request<{ unsuppliedFacts: { ruleSet: string; facts: string[] }[] }>('GET', `/api/v1/jobs/runs/${queuedRun}`);
    const gaps = run.body.unsuppliedFacts.filter((entry) => entry.facts.length > 0);
    expect(gaps.length).toBeGreaterThan(0);
    const unsupplied = await row.getByTestId('run-unsupplied').innerText();
    expect(unsupplied).toBe(gaps.map((entry) => `${entry.ruleSet}: ${entry.facts.join(', ')}`).join('; '));
  }, 90000);

  describe('over a book of 61 obligors after the daily jobs', () => {
    beforeAll(async () => {
      // The daily monitoring run queued at the start (run alone with -t, the first test did not start the workers).
      await startJobs();
      await waitUntil(
        async () => (await suite.app.request<{ status: string }>('GET', `/api/v1/jobs/runs/${queuedRun}`)).body.status === 'succeeded',
        120000,
        'the queued obligor-monitoring run',
      );
      await runJob(suite.app, 'claim-triggers', { asOf: LIST_DAY });
      await runJob(suite.app, 'portfolio-monitoring', { month: '2025-08' });
    }, 240000);

    it('a superseded alert request never paints its rows over the newer filter; loading shows; the filter is in the address', async () => {
      await suite.page.goto(`${suite.app.url}/alerts`);
      const form = suite.page.getByRole('form', { name: 'alert filters' });
      await rowsOf('alerts').first().waitFor();

      // The red list is slow (held), the yellow one quick: the red answer arrives last.
      const red = await holdFirst(suite.page, (url) => url.pathname === '/api/v1/alerts' && url.searchParams.get('level') === 'red');
      await form.getByLabel('level').selectOption('red');
      await red.arrived;
      await suite.page.getByRole('status').filter({ hasText: 'Loading' }).waitFor();
      await form.getByLabel('level').selectOption('yellow');
      await suite.page.waitForFunction(() => {
        const levels = Array.from(document.querySelectorAll('table[aria-label="alerts"] tbody [data-testid="level"]')).map((cell) => cell.textContent);
        return levels.length > 0 && levels.every((level) => level === '黄 yellow');
      });
      await red.releaseAndSettle();
      await neverWithin(
        1500,
        async () => (await suite.page.locator('table[aria-label="alerts"] tbody [data-testid="level"]').allInnerTexts()).some((level) => level !== '黄 yellow'),
        'a red row was painted under the yellow filter',
      );
      await expect(form.getByLabel('level').inputValue()).resolves.toBe('yellow');
      await shot('02-alerts-yellow');

      // The filter is in the address: a reload keeps it, back returns to the one before.
      expect(new URL(suite.page.url()).searchParams.get('level')).toBe('yellow');
      await suite.page.reload();
      await expect(form.getByLabel('level').inputValue()).resolves.toBe('yellow');
      await rowsOf('alerts').first().waitFor();
      expect(new Set(await suite.page.locator('table[aria-label="alerts"] tbody [data-testid="level"]').allInnerTexts())).toEqual(new Set(['黄 yellow']));
      await suite.page.goBack();
      await suite.page.waitForFunction(() => new URL(location.href).searchParams.get('level') === 'red');
      await expect(form.getByLabel('level').inputValue()).resolves.toBe('red');
      await suite.page.waitForFunction(() => {
        const levels = Array.from(document.querySelectorAll('table[aria-label="alerts"] tbody [data-testid="level"]')).map((cell) => cell.textContent);
        return levels.length > 0 && levels.every((level) => level === '红 red');
      });
    }, 120000);

    it('the tasks, claims, audit and job lists keep their filters in the address', async () => {
      const cases: [string, string, string, string, string][] = [
        ['/tasks', 'task filters', 'alert level', 'orange', 'alertLevel'],
        ['/claims', 'claim filters', 'status', 'open', 'status'],
        ['/audit', 'audit filters', 'entity kind', 'job', 'entityKind'],
        ['/jobs', 'run filters', 'run status', 'succeeded', 'status'],
      ];
      for (const [path, formName, field, value, parameter] of cases) {
        await suite.page.goto(`${suite.app.url}${path}`);
        const form = suite.page.getByRole('form', { name: formName });
        await form.getByLabel(field, { exact: true }).selectOption(value);
        await suite.page.waitForFunction(([name, expected]) => new URL(location.href).searchParams.get(name!) === expected, [parameter, value]);
        await suite.page.reload();
        await expect(form.getByLabel(field, { exact: true }).inputValue()).resolves.toBe(value);
      }
    }, 120000);

    it('the details of row 1 and of row 50 open where the user is looking', async () => {
      for (const [path, table, region] of [
        ['/alerts?status=', 'alerts', 'alert detail'],
        ['/tasks?status=', 'tasks', 'task detail'],
      ] as const) {
        await suite.page.goto(`${suite.app.url}${path}`);
        await expect(
          rowsOf(table)
            .nth(49)
            .waitFor()
            .then(() => rowsOf(table).count()),
        ).resolves.toBe(50);
        for (const index of [0, 49]) {
          await rowsOf(table)
            .nth(index)
            .getByRole('button', { name: /Details/ })
            .click();
          const detail = suite.page.getByRole('region', { name: region });
          await detail.locator('h2').waitFor();
          await expect(inViewport(suite.page, `section[aria-label="${region}"] h2`)).resolves.toBe(true);
        }
        await shot(`03-${table}-row-50-detail`);
      }
    }, 90000);

    it('chart axis labels are shown whole', async () => {
      await suite.page.goto(`${suite.app.url}/obligors/${BIG_OBLIGOR}?asOf=${LIST_DAY}&months=12`);
      const chart = suite.page.getByRole('img', { name: /Overdue amount/ });
      await chart.waitFor();
      const labels = await chart.locator('text').evaluateAll((texts) =>
        texts.map((text) => {
          const box = (text as SVGTextElement).getBBox();
          const view = ((text as SVGTextElement).ownerSVGElement as SVGSVGElement).viewBox.baseVal;
          return { text: text.textContent, inside: box.x >= view.x && box.x + box.width <= view.x + view.width };
        }),
      );
      expect(labels.map((label) => label.text)).toContain('58,301.91');
      expect(labels.filter((label) => !label.inside)).toEqual([]);
      await shot('04-chart-labels');
    }, 60000);

    it('codes and patterns are shown as labels: claim reasons, segments, changes, server errors in Chinese', async () => {
      await suite.page.goto(`${suite.app.url}/claims`);
      await suite.page.locator('table[aria-label="claim cases"] tbody tr[data-case-id]').first().waitFor();
      const claims = await suite.page.locator('table[aria-label="claim cases"]').innerText();
      expect(claims).not.toContain('claim-point-reached');
      expect(claims).toContain('达到理赔点');

      await suite.page.goto(`${suite.app.url}/alerts?status=&target=portfolio`);
      await rowsOf('alerts').first().waitFor();
      const alerts = await suite.page.locator('table[aria-label="alerts"]').innerText();
      expect(alerts).not.toMatch(/\b(orgUnit|customerTier|channel|vintage)=/);
      await rowsOf('alerts')
        .first()
        .getByRole('button', { name: /Details/ })
        .click();
      const history = suite.page.getByRole('table', { name: 'alert history' });
      await history.waitFor();
      expect(await history.innerText()).not.toMatch(/\b(level|status|threshold)=/);

      // A server error: the code's Chinese text beside the server's English message.
      await suite.page.goto(`${suite.app.url}/obligors/NO-SUCH-OBLIGOR`);
      await suite.page.getByRole('alert').filter({ hasText: ERROR_MESSAGES.unknown_obligor }).waitFor();
      // A field error of a schema pattern says what is wrong, not the regular expression.
      await suite.page.goto(`${suite.app.url}/reports/business-quality?month=2025-13`);
      const fieldError = suite.page.locator('.field-error');
      await fieldError.waitFor();
      expect(await fieldError.innerText()).not.toMatch(/pattern|\^|\$/);
      expect(await suite.page.getByRole('alert').first().innerText()).not.toMatch(/must match pattern/);
      await shot('05-labels');
    }, 90000);

    it('tabs follow the WAI-ARIA pattern: tabs, panels, arrow keys, Home and End', async () => {
      const decisionId = (
        await suite.app.request<{ alerts: { alert: { decisionId: string } }[] }>('GET', `/api/v1/obligors/OB-R01/monitoring?asOf=${LIST_DAY}`)
      ).body.alerts[0]!.alert.decisionId;
      await suite.page.goto(`${suite.app.url}/decisions/${decisionId}`);
      const tablist = suite.page.getByRole('tablist', { name: 'decision views' });
      const tabs = tablist.getByRole('tab');
      await tablist.waitFor();
      await expect(tabs.count()).resolves.toBeGreaterThan(1);
      const count = await tabs.count();
      const selected = async () => tablist.locator('[role="tab"][aria-selected="true"]').getAttribute('id');
      const first = await tabs.nth(0).getAttribute('id');
      expect(await selected()).toBe(first);
      // Only the selected tab is in the tab order; its panel is labelled by it.
      await expect(tabs.evaluateAll((items) => items.map((item) => item.getAttribute('tabindex')))).resolves.toEqual(['0', ...Array(count - 1).fill('-1')]);
      const panel = suite.page.getByRole('tabpanel');
      await expect(panel.getAttribute('aria-labelledby')).resolves.toBe(first);
      await expect(tabs.nth(0).getAttribute('aria-controls')).resolves.toBe(await panel.getAttribute('id'));

      await tabs.nth(0).focus();
      await suite.page.keyboard.press('ArrowRight');
      const second = await tabs.nth(1).getAttribute('id');
      expect(await selected()).toBe(second);
      await expect(suite.page.evaluate(() => document.activeElement?.id)).resolves.toBe(second);
      await expect(suite.page.getByRole('tabpanel').getAttribute('aria-labelledby')).resolves.toBe(second);
      await suite.page.keyboard.press('End');
      expect(await selected()).toBe(await tabs.nth(count - 1).getAttribute('id'));
      await suite.page.keyboard.press('ArrowRight');
      expect(await selected()).toBe(first);
      await suite.page.keyboard.press('ArrowLeft');
      expect(await selected()).toBe(await tabs.nth(count - 1).getAttribute('id'));
      await suite.page.keyboard.press('Home');
      expect(await selected()).toBe(first);
      await shot('06-tabs');
    }, 60000);

    it("a superseded delivery-log request never shows another subscription's events", async () => {
      receiver.current = await LocalReceiver.start();
      const subscribe = async (eventTypes: string[]) => {
        const created = await suite.app.request<{ subscription: { subscriptionId: string }; secret: string }>('POST', '/api/v1/webhooks/subscriptions', {
          body: { orgUnit: 'HQ', url: receiver.current!.url, eventTypes },
        });
        expect(created.status).toBe(201);
        return created.body.subscription.subscriptionId;
      };
      const raised = await subscribe(['alert.raised']);
      const created = await subscribe(['task.created']);
      for (let index = 0; index < 3; index += 1) {
        await suite.app.platform.services.events.publish({
          id: `alert.raised:list-${index}`,
          type: 'alert.raised',
          orgUnit: 'HQ',
          occurredAt: new Date(),
          data: { index },
        });
        await suite.app.platform.services.events.publish({
          id: `task.created:list-${index}`,
          type: 'task.created',
          orgUnit: 'HQ',
          occurredAt: new Date(),
          data: { index },
        });
      }
      await suite.page.goto(`${suite.app.url}/webhooks`);
      const subscriptions = suite.page.getByRole('table', { name: 'subscriptions' });
      await subscriptions.waitFor();
      const slow = await holdFirst(suite.page, (url) => url.pathname === '/api/v1/webhooks/deliveries' && url.searchParams.get('subscriptionId') === raised);
      await suite.page
        .getByTestId(`subscription-${raised}`)
        .getByRole('button', { name: /Deliveries/ })
        .click();
      await slow.arrived;
      await suite.page
        .getByTestId(`subscription-${created}`)
        .getByRole('button', { name: /Deliveries/ })
        .click();
      const eventCells = suite.page.locator('table[aria-label="deliveries"] tbody tr td:nth-child(2)');
      await suite.page.waitForFunction(() => document.querySelectorAll('table[aria-label="deliveries"] tbody tr').length === 3);
      await slow.releaseAndSettle();
      await neverWithin(
        1500,
        async () => (await eventCells.allInnerTexts()).some((text) => text.includes('alert')),
        "an alert.raised delivery was shown in task.created's log",
      );
      expect(new URL(suite.page.url()).searchParams.get('subscription')).toBe(created);
      await suite.page.reload();
      await suite.page.getByRole('region', { name: 'delivery log' }).getByRole('heading').filter({ hasText: created }).waitFor();
      await shot('07-delivery-log');
    }, 90000);

    it('try it clears the old result when new facts are loaded', async () => {
      await switchUser(suite.page, suite.app, 'olga');
      await suite.page.goto(`${suite.app.url}/rulesets/warning.obligor`);
      await suite.page.getByRole('tab', { name: /Try it/ }).click();
      await suite.page.getByRole('button', { name: /Evaluate/ }).click();
      await suite.page.getByTestId('try-mine').waitFor();
      const example = await suite.page.getByLabel('facts', { exact: true }).inputValue();
      await suite.page.getByLabel('obligor id').fill('OB-R01');
      await suite.page.getByRole('button', { name: /Load from the book/ }).click();
      await suite.page.waitForFunction((before) => (document.querySelector('textarea[aria-label="facts"]') as HTMLTextAreaElement).value !== before, example);
      await expect(suite.page.getByTestId('try-mine').count()).resolves.toBe(0);
      await suite.page.getByRole('button', { name: /Evaluate/ }).click();
      await suite.page.getByTestId('try-mine').waitFor();
      await suite.page.getByRole('button', { name: /Reset to example/ }).click();
      await expect(suite.page.getByTestId('try-mine').count()).resolves.toBe(0);
    }, 60000);
  });
});
