/// <reference lib="dom" />
import { challengerBook } from '../support/challenger-book';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';
import { standardContent } from '../api/rulesets/helpers';

/**
 * The champion/challenger page in a real browser (docs/champion-challenger.md): a policy owner requests a test of
 * an approved warning.obligor version for 40 % of the book; another approver starts it on the page; after two
 * daily runs the page shows both arms side by side with precision, recall, lift and AUC; the owner ends it with
 * the challenger, which leaves the challenger's content in review.
 */
const book = challengerBook(120);

describeInBrowser('the champion/challenger page in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.platform.startJobs();
    for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
    const owner = await app.createUserAndLogin('ccowner', ['policy-owner'], 'HQ');
    const approver = await app.createUserAndLogin('ccapprover', ['approver'], 'HQ');
    await app.createUserAndLogin('ccchecker', ['approver'], 'HQ');
    const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
      body: { loans: book.loans, repayments: book.repayments, ratings: book.ratings },
    });
    expect(imported.body.rejectedCount).toBe(0);
    const content = standardContent('warning.obligor');
    (content.parameters.orangeDpd as { value: number }).value = 21;
    expect((await app.request('POST', '/api/v1/rulesets/warning.obligor/versions', { body: { basedOnVersion: 1, ruleSet: content }, as: owner })).status).toBe(
      201,
    );
    expect((await app.request('POST', '/api/v1/rulesets/warning.obligor/versions/2/submit', { body: {}, as: owner })).status).toBe(200);
    expect((await app.request('POST', '/api/v1/rulesets/warning.obligor/versions/2/approve', { body: {}, as: approver })).status).toBe(200);
  });

  it('a policy owner requests a test, another approver starts it, and the page compares the arms and ends it', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'ccowner');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '冠军挑战者 Champion/challenger' }).click();
    await page.waitForURL('**/challenger');
    await page.getByText('暂无测试 No tests yet').waitFor();
    const form = page.getByRole('form', { name: 'request a champion/challenger test' });
    await form.getByLabel('挑战者版本 Challenger version').fill('2');
    await form.getByLabel('挑战者占比(%) Challenger share (%)').fill('40');
    await form.getByLabel('理由 Reason').fill('orange at three weeks');
    // A published version is no challenger: refused in words.
    await form.getByLabel('挑战者版本 Challenger version').fill('1');
    await form.getByRole('button', { name: '提交申请 Submit request' }).click();
    await page.getByRole('alert').filter({ hasText: '/body/challengerVersion' }).first().waitFor();
    await form.getByLabel('挑战者版本 Challenger version').fill('2');
    await form.getByRole('button', { name: '提交申请 Submit request' }).click();
    await page.waitForURL('**/challenger/CT-warning.obligor-1');
    await page.getByTestId('challenger-status').filter({ hasText: '待启动 Requested' }).waitFor();
    // The requester holds no approver role: no start button for them.
    expect(await page.getByRole('button', { name: '启动(复核) Start (checker)' }).count()).toBe(0);

    await switchUser(page, app, 'ccchecker');
    await page.goto(`${app.url}/challenger/CT-warning.obligor-1`);
    await page.getByRole('button', { name: '启动(复核) Start (checker)' }).click();
    await page.getByTestId('challenger-status').filter({ hasText: '运行中 Running' }).waitFor();
    await page.getByText('尚无监测数据').waitFor();

    await runJob(app, 'obligor-monitoring', { asOf: '2025-08-25' });
    await runJob(app, 'obligor-monitoring', { asOf: '2025-12-05' });
    await switchUser(page, app, 'ccowner');
    await page.goto(`${app.url}/challenger/CT-warning.obligor-1`);
    const comparison = page.getByRole('region', { name: 'comparison' });
    const overall = comparison.getByRole('table', { name: 'comparison overall' });
    await overall.waitFor();
    // Both arms, each with its acted and shadow version: precision / recall / lift per level and the AUC.
    expect(await overall.locator('tbody tr').count()).toBe(4);
    const actedChallenger = overall.locator('tr[data-arm="challenger"][data-which="acted"]');
    expect(await actedChallenger.locator('td').nth(1).textContent()).toBe('v2');
    expect(await actedChallenger.locator('td[data-level="orange"]').textContent()).toMatch(/^100\.0% \/ \d+\.\d% \/ \d+\.\d\d$/);
    expect(await overall.getByTestId('auc-challenger-acted').textContent()).toMatch(/^\d\.\d\d$/);
    await screenshot(page, 'champion-challenger');

    const end = page.getByRole('form', { name: 'end the test' });
    await end.getByLabel('胜出方 Winner').selectOption('challenger');
    await end.getByLabel('理由 Reason').fill('catches defaults earlier');
    await end.getByRole('button', { name: '结束测试 End the test' }).click();
    await page.getByTestId('challenger-status').filter({ hasText: '已结束 Ended' }).waitFor();
    await page.getByRole('link', { name: 'v3' }).waitFor();
    const promoted = await app.request<{ state: string }>('GET', '/api/v1/rulesets/warning.obligor/versions/3');
    expect(promoted.body.state).toBe('in-review');
  });
});
