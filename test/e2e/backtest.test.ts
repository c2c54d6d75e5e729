/// <reference lib="dom" />
import { standardContent } from '../api/rulesets/helpers';
import { CLAIM_SCHEDULE, claimLoan } from '../support/claim-book';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * The backtest in the studio (docs/backtesting.md): from the review screen of a submitted warning.obligor draft the
 * approver runs a backtest over a chosen window, sees its progress while it waits for the job, then precision and recall
 * by level for the draft and the published version beside the diff, and opens it on the backtest page, which the
 * navigation also reaches. The book: four obligors, two of which stop paying after April 2025 (M3 at the end of July);
 * the draft flags exactly those two red.
 */
const KEY = 'warning.obligor';
const LOANS = [
  { loanId: 'S-GOOD', bad: false },
  { loanId: 'S-BAD', bad: true },
  { loanId: 'S-GOOD2', bad: false },
  { loanId: 'S-BAD2', bad: true },
];

describeInBrowser('backtest in the studio', () => {
  const suite = browserSuite(
    async ({ app }) => {
      const repayments = LOANS.flatMap(({ loanId, bad }) =>
        CLAIM_SCHEDULE.slice(0, bad ? 3 : 12).map((installment) => ({
          repaymentId: `${loanId}-R${installment.seq}`,
          loanId,
          paidAt: installment.dueDate,
          amount: 1087.53,
        })),
      );
      const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
        body: { loans: LOANS.map(({ loanId }) => claimLoan(loanId)), repayments },
      });
      expect([imported.status, imported.body.rejected]).toEqual([200, []]);
      const owner = await app.createUserAndLogin('bt-olivia', ['policy-owner'], 'HQ');
      await app.createUserAndLogin('bt-arthur', ['approver'], 'HQ');
      const content = standardContent(KEY);
      content.rules = [
        {
          name: 'known-bad',
          basis: '第七条 / Art. 7',
          conditions: { all: [{ fact: 'obligorId', operator: 'in', value: ['OB-S-BAD', 'OB-S-BAD2'] }] },
          event: { type: 'warning', params: { level: 'red', signal: 'dpd', basis: '第七条 / Art. 7' } },
        },
      ] as unknown as typeof content.rules;
      content.tests = [];
      const draft = await app.request<{ version: number }>('POST', `/api/v1/rulesets/${KEY}/versions`, {
        as: owner,
        body: { basedOnVersion: 1, ruleSet: content },
      });
      expect(draft.status).toBe(201);
      expect((await app.request('POST', `/api/v1/rulesets/${KEY}/versions/2/submit`, { body: { reason: 'flag the known bad' }, as: owner })).status).toBe(200);
    },
    // The job is started by the test once the queued backtest has been seen waiting.
    { JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' },
  );

  it('Cancel while queued really cancels: the job never runs it', async () => {
    const { page, app } = suite;
    // The jobs are not started yet (the next test starts them): the backtest waits in the queue.
    await switchUser(page, app, 'bt-arthur');
    await page.goto(`${app.url}/rulesets/${KEY}/v/2`);
    await page.getByRole('tab', { name: /Review/ }).click();
    const panel = page.getByRole('region', { name: 'backtest' });
    await panel.getByRole('button', { name: /Run backtest/ }).click();
    await panel.getByTestId('progress-phase').filter({ hasText: '排队中 Queued' }).waitFor();
    await panel.getByRole('button', { name: /取消 Cancel/ }).click();
    await panel.getByTestId('backtest-cancelled').waitFor();
    const list = await app.request<{ items: { status: string }[] }>('GET', '/api/v1/backtests', {
      as: await app.createUserAndLogin('bt-auditor', ['auditor']),
    });
    expect(list.body.items.map((item) => item.status)).toEqual(['cancelled']);
  }, 60000);

  it('runs a backtest from the review screen: progress, then precision and recall by level for both versions beside the diff', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'bt-arthur');
    await page.goto(`${app.url}/rulesets/${KEY}/v/2`);
    await page.getByRole('tab', { name: /Review/ }).click();
    const panel = page.getByRole('region', { name: 'backtest' });
    await panel.getByLabel('最后月末 Last month-end').fill('2025-04');
    await panel.getByLabel('月数 Months').fill('2');
    await panel.getByRole('button', { name: /Run backtest/ }).click();
    // Queued until the job runs: the progress says so.
    await panel.getByTestId('progress-phase').filter({ hasText: '排队中 Queued' }).waitFor();
    await screenshot(page, '90-backtest-queued');
    await app.platform.startJobs();

    const result = panel.getByTestId('backtest-result');
    await result.waitFor({ timeout: 60000 });
    // The draft: red flags exactly the two obligors that go bad at both month-ends.
    const draftMeasures = result.getByTestId('backtest-version');
    await expect(draftMeasures.getByRole('figure', { name: 'version precision' }).getByTestId('bar-red').getAttribute('data-value')).resolves.toBe('100');
    await expect(draftMeasures.getByRole('figure', { name: 'version recall' }).getByTestId('bar-red').getAttribute('data-value')).resolves.toBe('100');
    await expect(draftMeasures.getByTestId('auc-version').innerText()).resolves.toBe('1.00');
    // The published version warns on days past due, which are 0 at both month-ends: no red, no recall.
    const published = result.getByTestId('backtest-against');
    await expect(published.innerText()).resolves.toContain(`${KEY} v1`);
    await expect(published.getByRole('figure', { name: 'against recall' }).getByTestId('bar-red').getAttribute('data-value')).resolves.toBe('0');
    await expect(published.getByRole('figure', { name: 'against precision' }).count()).resolves.toBe(1);
    // The difference, draft minus published: all the recall at red.
    await expect(result.getByTestId('backtest-difference').innerText()).resolves.toContain('红色 Red P — R 100.0%');
    await expect(draftMeasures.getByRole('table', { name: 'version segments' }).innerText()).resolves.toContain('HQ');
    // Beside the diff, on the same screen.
    await expect(page.getByTestId('diff-summary').isVisible()).resolves.toBe(true);
    await screenshot(page, '91-backtest-review');

    // Opened on its own page, the same backtest.
    await panel.getByRole('link', { name: /Open beside/ }).click();
    await page.waitForURL('**/backtests/BT-*');
    await page.getByTestId('backtest-result').getByTestId('auc-version').filter({ hasText: '1.00' }).waitFor();
    await screenshot(page, '92-backtest-page');
  }, 120000);

  it('the navigation reaches the backtests, which list the one run', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'bt-olivia');
    const nav = page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: '回测 Backtests' }).click();
    await page.waitForURL('**/backtests');
    await expect(nav.locator('[aria-current="page"]').allInnerTexts()).resolves.toEqual(['回测 Backtests']);
    const list = page.getByRole('table', { name: 'backtests' });
    await list.getByRole('link', { name: KEY }).first().waitFor();
    await expect(list.innerText()).resolves.toMatch(/v2 vs v1[\s\S]*succeeded[\s\S]*v2 vs v1[\s\S]*cancelled/);
  }, 60000);
});
