/// <reference lib="dom" />
// The functions passed to page.waitForFunction run in the browser, hence the DOM types.
import type { Browser, Page } from 'playwright-core';
import { syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { LocalReceiver } from '../api/webhooks/receiver';
import { describeInBrowser, launchBrowser, logIn as logInAs, prepareStudio, screenshot, switchUser } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The studio in a real browser (Debian's chromium, never a downloaded one) against the built
 * studio served by the real server on a real database: the whole maker-checker path of a
 * threshold change, ending with the API deciding under the new version.
 */
const KEY = 'warning.obligor';
// A near-prime obligor 35 days past due: orange under v1 (orangeDpd 30), yellow once orangeDpd is 40.
const FACTS = { customerTier: 'near-prime', channel: 'bank-branch', monthsOnBook: 12, overdueAmount: 3000, remainingPrincipal: 18000, scoreDrop: 0, grade: 'B', orgUnit: 'BR-SH', product: 'consumer', dpd: 35 };

describeInBrowser('studio in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    prepareStudio();
    app = await startTestApp();
    // A small generated book so the impact preview has obligors to move.
    let index = 0;
    const rows = [...syntheticPortfolio({ loans: 300, months: 18, seed: 7 })].map(({ kind, ...record }) => ({ kind, index: ++index, record }));
    await app.platform.services.portfolioImport.import(rows as never);
    await app.createUserAndLogin('olivia', ['policy-owner']);
    await app.createUserAndLogin('arthur', ['approver']);
    ({ browser, page } = await launchBrowser());
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const shot = (name: string) => screenshot(page, name);
  const logIn = (username: string) => logInAs(page, app, username);

  async function openTab(name: RegExp) {
    await page.getByRole('tab', { name }).click();
  }

  it('a policy owner changes a threshold, an approver publishes it, and the API decides with it', async () => {
    // The evaluation API before the change: orange.
    const before = await app.request<{ events: { params: { level: string } }[]; ruleSet: { version: number } }>('POST', `/api/v1/rulesets/${KEY}/evaluate`, { body: { facts: FACTS } });
    expect(before.body.ruleSet.version).toBe(1);
    expect(before.body.events.map((event) => event.params.level)).toEqual(['orange']);

    await page.goto(`${app.url}/`);
    await page.getByRole('button', { name: '登录 Log in' }).waitFor();
    await shot('01-login');
    await logIn('olivia');
    await page.getByRole('link', { name: KEY, exact: true }).waitFor();
    await shot('02-rule-sets');

    // Open the seeded rule set and start a draft from the published version.
    await page.getByRole('link', { name: KEY, exact: true }).click();
    await page.getByRole('button', { name: /新建草稿 New draft from v1/ }).click();
    await page.waitForURL(`**/rulesets/${KEY}/v/2`);
    await page.getByTestId('version-state').or(page.getByRole('button', { name: /保存草稿 Save draft/ })).first().waitFor();

    // Structured view: raise the orange threshold (the lower bound of the orange band) from 30 to 40.
    const orangeFrom = page.getByLabel('value of orange-dpd dpd #1');
    await expect(orangeFrom.inputValue()).resolves.toBe('30');
    await orangeFrom.fill('40');
    await orangeFrom.press('Enter');
    // The yellow band's upper bound is the same parameter: it follows at once.
    await expect(page.getByLabel('value of yellow-dpd dpd #2').inputValue()).resolves.toBe('40');
    await shot('03-threshold-table');

    // The views are tabs after the WAI-ARIA pattern: the panel is labelled by its tab, arrows move.
    const tableTab = page.getByRole('tab', { name: /Threshold table/ });
    await expect(page.getByRole('tabpanel').getAttribute('aria-labelledby')).resolves.toBe(await tableTab.getAttribute('id'));
    await tableTab.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /JSON editor/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect(tableTab.getAttribute('aria-selected')).resolves.toBe('true');

    // The JSON follows: find the parameter in Monaco and read the rendered lines.
    await openTab(/JSON editor/);
    const editor = page.locator('.monaco-editor .view-lines');
    await editor.waitFor();
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press('Control+f');
    // Typing in Monaco's find widget reveals the first match: the parameter's definition.
    await page.keyboard.type('"orangeDpd": {');
    await page.keyboard.press('Escape');
    await shot('04-json-editor');
    // Monaco reuses line elements, so the DOM order is not the line order: sort by position.
    await page.waitForFunction(() => {
      const lines = Array.from(document.querySelectorAll<HTMLElement>('.monaco-editor .view-lines .view-line'))
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => line.innerText.replace(/\u00a0/g, ' '));
      return /"orangeDpd":\s*\{\s*"value":\s*40,/.test(lines.join('\n'));
    });
    await shot('04-json-editor');

    // Try it: the draft (still unsaved: try-it saves it first) and the published version side by side.
    await openTab(/Try it/);
    await page.getByLabel('facts', { exact: true }).fill(JSON.stringify(FACTS, null, 2));
    await page.getByRole('button', { name: '试算 Evaluate' }).click();
    await expect(page.getByTestId('try-mine').locator('.event').innerText()).resolves.toContain('level=yellow');
    await expect(page.getByTestId('try-published').locator('.event').innerText()).resolves.toContain('level=orange');
    await expect(page.getByTestId('try-mine').innerText()).resolves.toMatch(/dpd\s*=\s*35 inRange \[8, 40\]/);
    await shot('05-try-it');
    await page.getByLabel('test case name').fill('near-prime tier 35 dpd is yellow once orange starts at 40');
    await page.getByRole('button', { name: /Add as test case/ }).click();

    // A real obligor from the book that the impact preview says moves: try-it agrees.
    const impact = await app.request<{ changes: { obligorId: string; from: string; to: string; facts: Record<string, unknown> }[] }>('POST', `/api/v1/rulesets/${KEY}/versions/2/impact`, { body: {} });
    const mover = impact.body.changes[0]!;
    await page.getByLabel('obligor id').fill(mover.obligorId);
    await page.getByRole('button', { name: /Load from the book/ }).click();
    await page.waitForFunction((id) => (document.querySelector('textarea[aria-label="facts"]') as HTMLTextAreaElement | null)?.value.includes(`"obligorId": "${id}"`), mover.obligorId);
    // The facts are the ones the daily run (and so the impact preview) evaluates: one builder, not a studio copy.
    await expect(page.getByLabel('facts', { exact: true }).inputValue().then((text) => JSON.parse(text) as unknown)).resolves.toEqual(mover.facts);
    await page.getByRole('button', { name: '试算 Evaluate' }).click();
    const levels = async (testId: string) => {
      await page.getByTestId(testId).locator('.event').first().waitFor();
      return (await page.getByTestId(testId).locator('.event').allInnerTexts()).join('\n');
    };
    await expect(levels('try-mine')).resolves.toContain(`level=${mover.to}`);
    await expect(levels('try-published')).resolves.toContain(`level=${mover.from}`);

    // Run the embedded tests (the added case included): all pass.
    await openTab(/Tests/);
    await page.getByRole('button', { name: /Run tests/ }).click();
    const summary = page.getByTestId('tests-summary');
    await summary.waitFor();
    const testCount = (await app.request<{ ruleSet: { tests: unknown[] } }>('GET', `/api/v1/rulesets/${KEY}/versions/1`)).body.ruleSet.tests.length;
    await expect(summary.innerText()).resolves.toContain(`All passed: ${testCount + 1} / ${testCount + 1}`);
    await shot('06-tests');

    // Impact preview: the studio's transition table shows the API's numbers.
    await openTab(/Impact/);
    await page.getByRole('button', { name: /Run impact preview/ }).click();
    const totals = page.getByTestId('impact-totals');
    await totals.waitFor();
    const api = await app.request<{ totals: { from: string; to: string; count: number }[]; changes: unknown[] }>('POST', `/api/v1/rulesets/${KEY}/versions/2/impact`, { body: { sample: 2000 } });
    expect(api.status).toBe(200);
    expect(api.body.changes.length).toBeGreaterThan(0);
    for (const from of ['red', 'orange', 'yellow', 'none']) {
      for (const to of ['red', 'orange', 'yellow', 'none']) {
        const expected = api.body.totals.find((cell) => cell.from === from && cell.to === to)?.count ?? 0;
        await expect(totals.locator(`td[data-from="${from}"][data-to="${to}"]`).innerText()).resolves.toBe(String(expected));
      }
    }
    await expect(page.getByRole('table', { name: 'impact changes' }).locator('tbody tr').count()).resolves.toBe(api.body.changes.length);
    await shot('07-impact');

    // The diff against the published version names the changed parameter.
    await openTab(/Diff/);
    await expect(page.getByTestId('diff-summary').innerText()).resolves.toContain('orangeDpd: 30 → 40');
    await page.getByTestId('diff-editor').waitFor();
    await shot('08-diff');

    // Submit with a note.
    await openTab(/Review & publish/);
    await page.getByLabel('note').fill('Orange from 40 dpd: 30-39 stays yellow (pilot)');
    await page.getByRole('button', { name: /Submit for review/ }).click();
    await expect(page.getByTestId('version-state').filter({ hasText: 'in review' }).innerText()).resolves.toContain('in review');

    // The approver approves and publishes.
    await switchUser(page, app, 'arthur');
    await page.getByText(`${KEY} v2`).waitFor();
    await page.getByRole('link', { name: `${KEY} v2` }).click();
    await openTab(/Review & publish/);
    await page.getByLabel('note').fill('Agreed for the pilot');
    await page.getByRole('button', { name: '批准 Approve' }).click();
    await page.getByTestId('version-state').filter({ hasText: 'approved' }).waitFor();
    await shot('09-review');
    await page.getByRole('button', { name: '发布 Publish' }).click();
    // Publishing asks first (#15 item 11).
    await page.getByRole('alertdialog').getByRole('button', { name: /确认发布 Confirm publish/ }).click();
    await page.getByTestId('version-state').filter({ hasText: 'published' }).waitFor();
    await openTab(/History/);
    await page.getByRole('table', { name: 'history' }).getByText('publish', { exact: true }).waitFor();
    await shot('10-history');

    // The evaluation API now decides with v2 (hot reload within seconds, no restart).
    let after = await app.request<{ events: { params: { level: string } }[]; ruleSet: { version: number } }>('POST', `/api/v1/rulesets/${KEY}/evaluate`, { body: { facts: FACTS } });
    for (let attempt = 0; attempt < 50 && after.body.ruleSet.version !== 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await app.request('POST', `/api/v1/rulesets/${KEY}/evaluate`, { body: { facts: FACTS } });
    }
    expect(after.body.ruleSet.version).toBe(2);
    expect(after.body.events.map((event) => event.params.level)).toEqual(['yellow']);
  }, 180000);

  it('shows the portfolio by month and segment with charts', async () => {
    await page.goto(`${app.url}/portfolio`);
    if (await page.getByRole('button', { name: '登录 Log in' }).isVisible()) await logIn('olivia');
    await page.getByRole('link', { name: '资产组合 Portfolio' }).click();
    await page.getByLabel('month').fill('2026-10');
    const table = page.getByRole('table', { name: 'portfolio metrics' });
    await table.waitFor();
    // Grouped by customer tier by default: one row per tier plus the total, which matches the API.
    const api = await app.request<{ segments: unknown[]; total: { metrics: { loanCount: number } } }>('GET', '/api/v1/metrics/portfolio?month=2026-10&groupBy=customerTier');
    await expect(table.locator('tbody tr').count()).resolves.toBe(api.body.segments.length + 1);
    await expect(table.locator('tbody tr').last().locator('td').nth(1).innerText()).resolves.toBe(String(api.body.total.metrics.loanCount));
    await page.getByRole('img', { name: /Vintage curves/ }).waitFor();
    await page.getByRole('table', { name: 'roll rates' }).waitFor();
    await shot('12-portfolio');

    // Try-it on the portfolio warning rule set with a real segment's figures.
    await page.goto(`${app.url}/rulesets/warning.portfolio`);
    await openTab(/Try it/);
    await page.getByLabel('segment month').fill('2026-10');
    await page.getByRole('button', { name: /Load segments/ }).click();
    await page.getByLabel('segment', { exact: true }).selectOption({ index: 1 });
    await page.waitForFunction(() => (document.querySelector('textarea[aria-label="facts"]') as HTMLTextAreaElement | null)?.value.includes('"month": "2026-10"'));
    await page.getByRole('button', { name: '试算 Evaluate' }).click();
    await page.getByTestId('try-mine').waitFor();
    await shot('14-try-portfolio-segment');
  }, 60000);

  it('shows field-level errors and survives a reload with unsaved edits', async () => {
    // switchUser waits for the log-out to land: a log-in sent while it is still in flight can
    // have its new session cookie cleared by the log-out's answer.
    await switchUser(page, app, 'olivia');
    await page.getByRole('link', { name: KEY, exact: true }).click();
    await page.getByRole('button', { name: /New draft from v2/ }).click();
    await page.waitForURL(`**/rulesets/${KEY}/v/3`);
    const yellow = page.getByLabel('value of yellow-dpd dpd #1');
    await yellow.fill('9');
    await yellow.press('Enter');
    await page.reload();
    await page.getByText(/Restored unsaved edits/).waitFor();
    await expect(page.getByLabel('value of yellow-dpd dpd #1').inputValue()).resolves.toBe('9');

    // Someone else saves the same draft meanwhile: saving ours gets a 409, shown with a comparison.
    const current = await app.request<{ revision: number; ruleSet: Record<string, unknown> }>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
    const theirs = await app.request('PUT', `/api/v1/rulesets/${KEY}/versions/3`, { body: { revision: current.body.revision, ruleSet: { ...current.body.ruleSet, description: 'Edited elsewhere' } } });
    expect(theirs.status).toBe(200);
    await page.getByRole('button', { name: /保存草稿 Save draft/ }).click();
    const conflict = page.locator('.conflict');
    await conflict.getByTestId('diff-editor').waitFor();
    await shot('13-conflict');
    await conflict.getByRole('button', { name: /Keep mine/ }).click();
    await page.getByText(`Saved revision ${current.body.revision + 2}`).waitFor();
    const saved = await app.request<{ ruleSet: { parameters: Record<string, { value: unknown }> } }>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
    expect(saved.body.ruleSet.parameters.yellowDpd!.value).toBe(9);

    // A value outside the parameter's bounds (yellowDpd: 1 to 30): the table refuses it inline and writes nothing.
    const again = page.getByLabel('value of yellow-dpd dpd #1');
    await again.fill('99');
    await again.press('Enter');
    await page.locator('tr[data-rule="yellow-dpd"]').first().getByRole('alert').filter({ hasText: "Outside the parameter's bounds: 99 is above the maximum" }).waitFor();
    await expect(page.getByRole('button', { name: /保存草稿 Save draft/ }).innerText()).resolves.not.toContain('*');
    // The same value typed in the JSON editor is refused by the server on saving (422
    // out_of_bounds), and its detail is drawn at the parameter's value.
    await openTab(/JSON editor/);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+h');
    const find = page.locator('.monaco-editor .find-widget');
    await find.getByRole('textbox', { name: 'Find' }).fill('"value": 9,');
    await find.getByRole('textbox', { name: 'Replace' }).fill('"value": 99,');
    await find.getByRole('textbox', { name: 'Replace' }).press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /保存草稿 Save draft \*/ }).click();
    await page.getByRole('alert').filter({ hasText: 'out_of_bounds' }).filter({ hasText: 'yellowDpd' }).waitFor();
    await page.getByRole('list', { name: 'schema problems' }).filter({ hasText: 'yellowDpd = 99 is outside its bounds [1, 30]' }).filter({ hasText: 'server: /body/ruleSet/parameters/yellowDpd/value' }).waitFor();
    await shot('11-validation-error');
    const unchanged = await app.request<{ ruleSet: { parameters: Record<string, { value: unknown }> } }>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
    expect(unchanged.body.ruleSet.parameters.yellowDpd!.value).toBe(9);

    // A wrong password is reported on the login page, not swallowed.
    await page.getByRole('button', { name: /Log out/ }).click();
    await page.getByLabel('用户名 Username').fill('olivia');
    await page.getByLabel('密码 Password').fill('not the password');
    await page.getByRole('button', { name: '登录 Log in' }).click();
    await page.getByRole('alert').first().waitFor();
  }, 120000);

  it('webhooks: subscribe a receiver (secret shown once), see the delivery log, replay, disable', async () => {
    const receiver = await LocalReceiver.start();
    try {
      await app.createUserAndLogin('ada', ['admin']);
      await switchUser(page, app, 'ada');
      await page.getByRole('link', { name: '外发通知 Webhooks' }).click();
      const form = page.getByRole('form', { name: 'new subscription' });
      await form.getByLabel('url').fill(receiver.url);
      await form.getByLabel('description').fill('Risk desk');
      await form.getByLabel('alert.raised').check();
      await form.getByRole('button', { name: /Create subscription/ }).click();
      receiver.secret = await page.getByTestId('webhook-secret').innerText();
      expect(receiver.secret).toMatch(/^whsec_/);
      await page.getByRole('table', { name: 'subscriptions' }).getByText('Risk desk').waitFor();
      await shot('15-webhooks-subscribed');

      // An alert for a branch reaches the HQ subscription, signed with the secret the page showed.
      await app.platform.services.events.publish({ id: 'alert.raised:e2e-1', type: 'alert.raised', orgUnit: 'HQ', occurredAt: new Date(), data: { alertId: 'AL-E2E', obligorId: 'OB-1', level: 'red' } });
      const [first] = await receiver.waitFor(1);
      expect(first!.verification).toEqual({ ok: true });

      const log = page.getByRole('region', { name: 'delivery log' });
      await log.getByRole('button', { name: /Refresh/ }).click();
      await log.getByTestId('delivery-state').filter({ hasText: 'succeeded' }).waitFor();
      await log.getByRole('button', { name: /Details/ }).click();
      await page.getByRole('table', { name: 'attempts' }).getByText('succeeded').waitFor();
      await log.getByRole('button', { name: /Replay/ }).click();
      const [, second] = await receiver.waitFor(2);
      expect(second!.headers['x-webhook-id']).toBe(first!.headers['x-webhook-id']);
      // The attempt is logged just after the receiver answers: reopen the details until it shows.
      const replayed = page.getByRole('table', { name: 'attempts' }).getByText('2 (replay)');
      for (let tries = 0; tries < 20 && !(await replayed.isVisible()); tries += 1) {
        await log.getByRole('button', { name: /Details/ }).click();
        await page.waitForTimeout(200);
      }
      await replayed.waitFor();
      await shot('16-webhooks-delivery-log');

      // Disable it: the table shows the new state (and who did it).
      await page.getByRole('button', { name: /停用 Disable/ }).click();
      await page.getByTestId('subscription-status').filter({ hasText: 'disabled by ada' }).waitFor();
      await shot('17-webhooks-disabled');
    } finally {
      await receiver.close();
    }
  }, 90000);
});
