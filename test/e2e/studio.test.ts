/// <reference lib="dom" />
// The functions passed to page.waitForFunction run in the browser, hence the DOM types.
import { syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { LocalReceiver } from '../api/webhooks/receiver';
import { browserSuite, describeInBrowser, logIn as logInAs, screenshot, switchUser } from '../support/browser';

/**
 * The studio in a real browser (Debian's chromium, never a downloaded one) against the built
 * studio served by the real server on a real database: the whole maker-checker path of a
 * threshold change, ending with the API deciding under the new version.
 */
const KEY = 'warning.obligor';
// A near-prime obligor 35 days past due: orange under v1 (orangeDpd 30), yellow once orangeDpd is 40.
const FACTS = {
  customerTier: 'near-prime',
  channel: 'bank-branch',
  monthsOnBook: 12,
  overdueAmount: 3000,
  remainingPrincipal: 18000,
  scoreDrop: 0,
  grade: 'B',
  orgUnit: 'BR-SH',
  product: 'consumer',
  dpd: 35,
};

describeInBrowser('studio in a real browser', () => {
  const suite = browserSuite(async ({ app }) => {
    // A small generated book so the impact preview has obligors to move.
    let index = 0;
    const rows = [...syntheticPortfolio({ loans: 300, months: 18, seed: 7 })].map(({ kind, ...record }) => ({ kind, index: ++index, record }));
    await app.platform.services.portfolioImport.import(rows as never);
    await app.createUserAndLogin('olivia', ['policy-owner']);
    await app.createUserAndLogin('arthur', ['approver']);
  });

  const shot = (name: string) => screenshot(suite.page, name);
  const logIn = (username: string) => logInAs(suite.page, suite.app, username);

  async function openTab(name: RegExp) {
    await suite.page.getByRole('tab', { name }).click();
  }

  it('a policy owner changes a threshold, an approver publishes it, and the API decides with it', async () => {
    // The evaluation API before the change: orange.
    const before = await suite.app.request<{ events: { params: { level: string } }[]; ruleSet: { version: number } }>(
      'POST',
      `/api/v1/rulesets/${KEY}/evaluate`,
      { body: { facts: FACTS } },
    );
    expect(before.body.ruleSet.version).toBe(1);
    expect(before.body.events.map((event) => event.params.level)).toEqual(['orange']);

    await suite.page.goto(`${suite.app.url}/`);
    await suite.page.getByRole('button', { name: '登录 Log in' }).waitFor();
    await shot('01-login');
    await logIn('olivia');
    await suite.page.getByRole('link', { name: KEY, exact: true }).waitFor();
    await shot('02-rule-sets');

    // Open the seeded rule set and start a draft from the published version.
    await suite.page.getByRole('link', { name: KEY, exact: true }).click();
    await suite.page.getByRole('button', { name: /新建草稿 New draft from v1/ }).click();
    await suite.page.waitForURL(`**/rulesets/${KEY}/v/2`);
    await suite.page
      .getByTestId('version-state')
      .or(suite.page.getByRole('button', { name: /保存草稿 Save draft/ }))
      .first()
      .waitFor();

    // Structured view: raise the orange threshold (the lower bound of the orange band) from 30 to 40.
    const orangeFrom = suite.page.getByLabel('value of orange-dpd dpd #1');
    await expect(orangeFrom.inputValue()).resolves.toBe('30');
    await orangeFrom.fill('40');
    await orangeFrom.press('Enter');
    // The yellow band's upper bound is the same parameter: it follows at once.
    await expect(suite.page.getByLabel('value of yellow-dpd dpd #2').inputValue()).resolves.toBe('40');
    await shot('03-threshold-table');

    // The views are tabs after the WAI-ARIA pattern: the panel is labelled by its tab, arrows move.
    const tableTab = suite.page.getByRole('tab', { name: /Threshold table/ });
    await expect(suite.page.getByRole('tabpanel').getAttribute('aria-labelledby')).resolves.toBe(await tableTab.getAttribute('id'));
    await tableTab.focus();
    await suite.page.keyboard.press('ArrowRight');
    await expect(suite.page.getByRole('tab', { name: /JSON editor/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await suite.page.keyboard.press('ArrowLeft');
    await expect(tableTab.getAttribute('aria-selected')).resolves.toBe('true');

    // The JSON follows: find the parameter in Monaco and read the rendered lines.
    await openTab(/JSON editor/);
    const editor = suite.page.locator('.monaco-editor .view-lines');
    await editor.waitFor();
    await suite.page.locator('.monaco-editor').first().click();
    await suite.page.keyboard.press('Control+f');
    // Typing in Monaco's find widget reveals the first match: the parameter's definition.
    await suite.page.keyboard.type('"orangeDpd": {');
    await suite.page.keyboard.press('Escape');
    await shot('04-json-editor');
    // Monaco reuses line elements, so the DOM order is not the line order: sort by position.
    await suite.page.waitForFunction(() => {
      const lines = Array.from(document.querySelectorAll<HTMLElement>('.monaco-editor .view-lines .view-line'))
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => line.innerText.replace(/\u00a0/g, ' '));
      return /"orangeDpd":\s*\{\s*"value":\s*40,/.test(lines.join('\n'));
    });
    await shot('04-json-editor');

    // Try it: the draft (still unsaved: try-it saves it first) and the published version side by side.
    await openTab(/Try it/);
    await suite.page.getByLabel('facts', { exact: true }).fill(JSON.stringify(FACTS, null, 2));
    await suite.page.getByRole('button', { name: '试算 Evaluate' }).click();
    await expect(suite.page.getByTestId('try-mine').locator('.event').innerText()).resolves.toContain('level=yellow');
    await expect(suite.page.getByTestId('try-published').locator('.event').innerText()).resolves.toContain('level=orange');
    await expect(suite.page.getByTestId('try-mine').innerText()).resolves.toMatch(/dpd\s*=\s*35 inRange \[8, 40\]/);
    await shot('05-try-it');
    await suite.page.getByLabel('test case name').fill('near-prime tier 35 dpd is yellow once orange starts at 40');
    await suite.page.getByRole('button', { name: /Add as test case/ }).click();

    // A real obligor from the book that the impact preview says moves: try-it agrees.
    const impact = await suite.app.request<{ changes: { obligorId: string; from: string; to: string; facts: Record<string, unknown> }[] }>(
      'POST',
      `/api/v1/rulesets/${KEY}/versions/2/impact`,
      { body: {} },
    );
    const mover = impact.body.changes[0]!;
    await suite.page.getByLabel('obligor id').fill(mover.obligorId);
    await suite.page.getByRole('button', { name: /Load from the book/ }).click();
    await suite.page.waitForFunction(
      (id) => (document.querySelector('textarea[aria-label="facts"]') as HTMLTextAreaElement | null)?.value.includes(`"obligorId": "${id}"`),
      mover.obligorId,
    );
    // The facts are the ones the daily run (and so the impact preview) evaluates: one builder, not a studio copy.
    await expect(
      suite.page
        .getByLabel('facts', { exact: true })
        .inputValue()
        .then((text) => JSON.parse(text) as unknown),
    ).resolves.toEqual(mover.facts);
    await suite.page.getByRole('button', { name: '试算 Evaluate' }).click();
    const levels = async (testId: string) => {
      await suite.page.getByTestId(testId).locator('.event').first().waitFor();
      return (await suite.page.getByTestId(testId).locator('.event').allInnerTexts()).join('\n');
    };
    await expect(levels('try-mine')).resolves.toContain(`level=${mover.to}`);
    await expect(levels('try-published')).resolves.toContain(`level=${mover.from}`);

    // Run the embedded tests (the added case included): all pass.
    await openTab(/Tests/);
    await suite.page.getByRole('button', { name: /Run tests/ }).click();
    const summary = suite.page.getByTestId('tests-summary');
    await summary.waitFor();
    const testCount = (await suite.app.request<{ ruleSet: { tests: unknown[] } }>('GET', `/api/v1/rulesets/${KEY}/versions/1`)).body.ruleSet.tests.length;
    await expect(summary.innerText()).resolves.toContain(`All passed: ${testCount + 1} / ${testCount + 1}`);
    await shot('06-tests');

    // Impact preview: the studio's transition table shows the API's numbers.
    await openTab(/Impact/);
    await suite.page.getByRole('button', { name: /Run impact preview/ }).click();
    const totals = suite.page.getByTestId('impact-totals');
    await totals.waitFor();
    const api = await suite.app.request<{ totals: { from: string; to: string; count: number }[]; changes: unknown[] }>(
      'POST',
      `/api/v1/rulesets/${KEY}/versions/2/impact`,
      { body: { sample: 2000 } },
    );
    expect(api.status).toBe(200);
    expect(api.body.changes.length).toBeGreaterThan(0);
    for (const from of ['red', 'orange', 'yellow', 'none']) {
      for (const to of ['red', 'orange', 'yellow', 'none']) {
        const expected = api.body.totals.find((cell) => cell.from === from && cell.to === to)?.count ?? 0;
        await expect(totals.locator(`td[data-from="${from}"][data-to="${to}"]`).innerText()).resolves.toBe(String(expected));
      }
    }
    await expect(suite.page.getByRole('table', { name: 'impact changes' }).locator('tbody tr').count()).resolves.toBe(api.body.changes.length);
    await shot('07-impact');

    // The diff against the published version names the changed parameter.
    await openTab(/Diff/);
    await expect(suite.page.getByTestId('diff-summary').innerText()).resolves.toContain('orangeDpd: 30 → 40');
    await suite.page.getByTestId('diff-editor').waitFor();
    await shot('08-diff');

    // Submit with a note.
    await openTab(/Review & publish/);
    await suite.page.getByLabel('note').fill('Orange from 40 dpd: 30-39 stays yellow (pilot)');
    await suite.page.getByRole('button', { name: /Submit for review/ }).click();
    await expect(suite.page.getByTestId('version-state').filter({ hasText: 'in review' }).innerText()).resolves.toContain('in review');

    // The approver approves and publishes.
    await switchUser(suite.page, suite.app, 'arthur');
    await suite.page.getByText(`${KEY} v2`).waitFor();
    await suite.page.getByRole('link', { name: `${KEY} v2` }).click();
    await openTab(/Review & publish/);
    await suite.page.getByLabel('note').fill('Agreed for the pilot');
    await suite.page.getByRole('button', { name: '批准 Approve' }).click();
    await suite.page.getByTestId('version-state').filter({ hasText: 'approved' }).waitFor();
    await shot('09-review');
    await suite.page.getByRole('button', { name: '发布 Publish' }).click();
    // Publishing asks first.
    await suite.page
      .getByRole('alertdialog')
      .getByRole('button', { name: /确认发布 Confirm publish/ })
      .click();
    await suite.page.getByTestId('version-state').filter({ hasText: 'published' }).waitFor();
    await openTab(/History/);
    await suite.page.getByRole('table', { name: 'history' }).getByText('publish', { exact: true }).waitFor();
    await shot('10-history');

    // The evaluation API now decides with v2 (hot reload within seconds, no restart).
    let after = await suite.app.request<{ events: { params: { level: string } }[]; ruleSet: { version: number } }>('POST', `/api/v1/rulesets/${KEY}/evaluate`, {
      body: { facts: FACTS },
    });
    for (let attempt = 0; attempt < 50 && after.body.ruleSet.version !== 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await suite.app.request('POST', `/api/v1/rulesets/${KEY}/evaluate`, { body: { facts: FACTS } });
    }
    expect(after.body.ruleSet.version).toBe(2);
    expect(after.body.events.map((event) => event.params.level)).toEqual(['yellow']);
  }, 180000);

  it('shows the portfolio by month and segment with charts', async () => {
    await suite.page.goto(`${suite.app.url}/portfolio`);
    if (await suite.page.getByRole('button', { name: '登录 Log in' }).isVisible()) await logIn('olivia');
    await suite.page.getByRole('link', { name: '资产组合 Portfolio' }).click();
    await suite.page.getByLabel('month').fill('2026-10');
    const table = suite.page.getByRole('table', { name: 'portfolio metrics' });
    await table.waitFor();
    // Grouped by customer tier by default: one row per tier plus the total, which matches the API.
    const api = await suite.app.request<{ segments: unknown[]; total: { metrics: { loanCount: number } } }>(
      'GET',
      '/api/v1/metrics/portfolio?month=2026-10&groupBy=customerTier',
    );
    await expect(table.locator('tbody tr').count()).resolves.toBe(api.body.segments.length + 1);
    await expect(table.locator('tbody tr').last().locator('td').nth(1).innerText()).resolves.toBe(String(api.body.total.metrics.loanCount));
    await suite.page.getByRole('img', { name: /Vintage curves/ }).waitFor();
    await suite.page.getByRole('table', { name: 'roll rates' }).waitFor();
    await shot('12-portfolio');

    // Try-it on the portfolio warning rule set with a real segment's figures.
    await suite.page.goto(`${suite.app.url}/rulesets/warning.portfolio`);
    await openTab(/Try it/);
    await suite.page.getByLabel('segment month').fill('2026-10');
    await suite.page.getByRole('button', { name: /Load segments/ }).click();
    await suite.page.getByLabel('segment', { exact: true }).selectOption({ index: 1 });
    await suite.page.waitForFunction(() =>
      (document.querySelector('textarea[aria-label="facts"]') as HTMLTextAreaElement | null)?.value.includes('"month": "2026-10"'),
    );
    await suite.page.getByRole('button', { name: '试算 Evaluate' }).click();
    await suite.page.getByTestId('try-mine').waitFor();
    await shot('14-try-portfolio-segment');
  }, 60000);

  it('shows field-level errors and survives a reload with unsaved edits', async () => {
    // switchUser waits for the log-out to land: a log-in sent while it is still in flight can
    // have its new session cookie cleared by the log-out's answer.
    await switchUser(suite.page, suite.app, 'olivia');
    await suite.page.getByRole('link', { name: KEY, exact: true }).click();
    await suite.page.getByRole('button', { name: /New draft from v2/ }).click();
    await suite.page.waitForURL(`**/rulesets/${KEY}/v/3`);
    const yellow = suite.page.getByLabel('value of yellow-dpd dpd #1');
    await yellow.fill('9');
    await yellow.press('Enter');
    await suite.page.reload();
    await suite.page.getByText(/Restored unsaved edits/).waitFor();
    await expect(suite.page.getByLabel('value of yellow-dpd dpd #1').inputValue()).resolves.toBe('9');

    // Someone else saves the same draft meanwhile: saving ours gets a 409, shown with a comparison.
    const current = await suite.app.request<{ revision: number; ruleSet: Record<string, unknown> }>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
    const theirs = await suite.app.request('PUT', `/api/v1/rulesets/${KEY}/versions/3`, {
      body: { revision: current.body.revision, ruleSet: { ...current.body.ruleSet, description: 'Edited elsewhere' } },
    });
    expect(theirs.status).toBe(200);
    await suite.page.getByRole('button', { name: /保存草稿 Save draft/ }).click();
    const conflict = suite.page.locator('.conflict');
    await conflict.getByTestId('diff-editor').waitFor();
    await shot('13-conflict');
    await conflict.getByRole('button', { name: /Keep mine/ }).click();
    await suite.page.getByText(`Saved revision ${current.body.revision + 2}`).waitFor();
    const saved = await suite.app.request<{ ruleSet: { parameters: Record<string, { value: unknown }> } }>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
    expect(saved.body.ruleSet.parameters.yellowDpd!.value).toBe(9);

    // A value outside the parameter's bounds (yellowDpd: 1 to 30): the table refuses it inline and writes nothing.
    const again = suite.page.getByLabel('value of yellow-dpd dpd #1');
    await again.fill('99');
    await again.press('Enter');
    await suite.page
      .locator('tr[data-rule="yellow-dpd"]')
      .first()
      .getByRole('alert')
      .filter({ hasText: "Outside the parameter's bounds: 99 is above the maximum" })
      .waitFor();
    await expect(suite.page.getByRole('button', { name: /保存草稿 Save draft/ }).innerText()).resolves.not.toContain('*');
    // The same value typed in the JSON editor is refused by the server on saving (422
    // out_of_bounds), and its detail is drawn at the parameter's value.
    await openTab(/JSON editor/);
    await suite.page.locator('.monaco-editor .view-lines').click();
    await suite.page.keyboard.press('Control+Home');
    await suite.page.keyboard.press('Control+h');
    const find = suite.page.locator('.monaco-editor .find-widget');
    await find.getByRole('textbox', { name: 'Find' }).fill('"value": 9,');
    await find.getByRole('textbox', { name: 'Replace' }).fill('"value": 99,');
    await find.getByRole('textbox', { name: 'Replace' }).press('Enter');
    await suite.page.keyboard.press('Escape');
    await suite.page.getByRole('button', { name: /保存草稿 Save draft \*/ }).click();
    await suite.page.getByRole('alert').filter({ hasText: 'out_of_bounds' }).filter({ hasText: 'yellowDpd' }).waitFor();
    await suite.page
      .getByRole('list', { name: 'schema problems' })
      .filter({ hasText: 'yellowDpd = 99 is outside its bounds [1, 30]' })
      .filter({ hasText: 'server: /body/ruleSet/parameters/yellowDpd/value' })
      .waitFor();
    await shot('11-validation-error');
    const unchanged = await suite.app.request<{ ruleSet: { parameters: Record<string, { value: unknown }> } }>('GET', `/api/v1/rulesets/${KEY}/versions/3`);
    expect(unchanged.body.ruleSet.parameters.yellowDpd!.value).toBe(9);

    // A wrong password is reported on the login page, not swallowed.
    await suite.page.getByRole('button', { name: /Log out/ }).click();
    await suite.page.getByLabel('用户名 Username').fill('olivia');
    await suite.page.getByLabel('密码 Password').fill('not the password');
    await suite.page.getByRole('button', { name: '登录 Log in' }).click();
    await suite.page.getByRole('alert').first().waitFor();
  }, 120000);

  it('webhooks: subscribe a receiver (secret shown once), see the delivery log, replay, disable', async () => {
    const receiver = await LocalReceiver.start();
    try {
      await suite.app.createUserAndLogin('ada', ['admin']);
      await switchUser(suite.page, suite.app, 'ada');
      await suite.page.getByRole('link', { name: '外发通知 Webhooks' }).click();
      const form = suite.page.getByRole('form', { name: 'new subscription' });
      await form.getByLabel('url').fill(receiver.url);
      await form.getByLabel('description').fill('Risk desk');
      await form.getByLabel('alert.raised').check();
      await form.getByRole('button', { name: /Create subscription/ }).click();
      receiver.secret = await suite.page.getByTestId('webhook-secret').innerText();
      expect(receiver.secret).toMatch(/^whsec_/);
      await suite.page.getByRole('table', { name: 'subscriptions' }).getByText('Risk desk').waitFor();
      await shot('15-webhooks-subscribed');

      // An alert for a branch reaches the HQ subscription, signed with the secret the page showed.
      await suite.app.platform.services.events.publish({
        id: 'alert.raised:e2e-1',
        type: 'alert.raised',
        orgUnit: 'HQ',
        occurredAt: new Date(),
        data: { alertId: 'AL-E2E', obligorId: 'OB-1', level: 'red' },
      });
      const [first] = await receiver.waitFor(1);
      expect(first!.verification).toEqual({ ok: true });

      const log = suite.page.getByRole('region', { name: 'delivery log' });
      await log.getByRole('button', { name: /Refresh/ }).click();
      await log.getByTestId('delivery-state').filter({ hasText: 'succeeded' }).waitFor();
      await log.getByRole('button', { name: /Details/ }).click();
      await suite.page.getByRole('table', { name: 'attempts' }).getByText('succeeded').waitFor();
      await log.getByRole('button', { name: /Replay/ }).click();
      const [, second] = await receiver.waitFor(2);
      expect(second!.headers['x-webhook-id']).toBe(first!.headers['x-webhook-id']);
      // The attempt is logged just after the receiver answers: reopen the details until it shows.
      const replayed = suite.page.getByRole('table', { name: 'attempts' }).getByText('2 (replay)');
      for (let tries = 0; tries < 20 && !(await replayed.isVisible()); tries += 1) {
        await log.getByRole('button', { name: /Details/ }).click();
        await suite.page.waitForTimeout(200);
      }
      await replayed.waitFor();
      await shot('16-webhooks-delivery-log');

      // Disable it: the table shows the new state (and who did it).
      await suite.page.getByRole('button', { name: /停用 Disable/ }).click();
      await suite.page.getByTestId('subscription-status').filter({ hasText: 'disabled by ada' }).waitFor();
      await shot('17-webhooks-disabled');
    } finally {
      await receiver.close();
    }
  }, 90000);
});
