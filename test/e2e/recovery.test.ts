/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';

/**
 * The recovery pages in a real browser (docs/recovery.md): a paid claim's recovery case (seeded through the API:
 * the import and the recovery-cases job), found in the list filtered by status in the address; a branch operator
 * books a partial recovery on the case's page and sees the receivable fall and the ledger movement; HQ opens the
 * look-back of the quarter and sees its figures and the recovery curve.
 */
const tokens: Record<string, string> = {};

describeInBrowser('the recovery pages in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.platform.startJobs();
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    tokens.operator = await app.createUserAndLogin('rshop', ['branch-operator'], 'BR-SH');
    await app.createUserAndLogin('rshapp', ['approver'], 'BR-SH');
    await app.createUserAndLogin('rhq', ['approver'], 'HQ');
    // Another HQ person prepares the look-back: its approver must not be the preparer, nor made by them.
    tokens.preparer = await app.createUserAndLogin('rprep', ['policy-owner'], 'HQ');
    const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
      body: {
        loans: [
          {
            loanId: 'L-R',
            obligorId: 'OB-R',
            policyId: 'P-R',
            orgUnit: 'BR-SH',
            product: 'consumer',
            channel: 'bank-branch',
            customerTier: 'prime',
            principal: 12000,
            disbursedAt: '2025-01-01',
            installments: [{ seq: 1, dueDate: '2025-06-01', principal: 12000, interest: 0 }],
          },
        ],
        claims: [{ claimId: 'C-R', loanId: 'L-R', status: 'paid', approvedAt: '2026-01-05', paidAt: '2026-01-10', amount: 10000 }],
        recoveries: [{ recoveryId: 'R-IMP-R', loanId: 'L-R', receivedAt: '2026-02-10', amount: 1000 }],
      },
    });
    expect([imported.status, imported.body.rejected]).toEqual([200, []]);
    await runJob(app, 'recovery-cases', { asOf: '2026-03-31' });
  });

  it('a branch operator books a partial recovery on the case page and sees the receivable fall', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'rshop');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '追偿 Recovery' }).click();
    await page.waitForURL('**/recovery');
    await page.getByLabel('status', { exact: true }).selectOption('open');
    await page.waitForURL('**/recovery?status=open');
    const cases = page.getByRole('region', { name: 'recovery cases' });
    await cases.getByTestId('case-rec:C-R').waitFor();
    await cases.getByRole('link', { name: 'rec:C-R' }).click();
    await page.waitForURL('**/recovery/cases/rec%3AC-R');
    // The imported 1,000.00 was booked by the job: 9,000.00 receivable.
    const receivable = page.getByTestId('total-receivable');
    await receivable.filter({ hasText: '9,000.00' }).waitFor();
    const form = page.getByRole('form', { name: 'book a recovery' });
    await form.getByLabel('indemnity').fill('2500.50');
    await form.getByRole('button', { name: '登记 Book' }).click();
    await page.getByText('已登记 Recovery booked').waitFor();
    await receivable.filter({ hasText: '6,499.50' }).waitFor();
    expect(await page.getByTestId('amounts-recovered').textContent()).toContain('3,500.50');
    const ledger = page.getByRole('region', { name: 'ledger' });
    expect(await ledger.getByText('追回 Recovery').count()).toBe(2);
    await screenshot(page, 'recovery-case');

    // Booking more than is outstanding is refused in words, with the component named.
    await form.getByLabel('indemnity').fill('99999');
    await form.getByRole('button', { name: '登记 Book' }).click();
    await page.getByRole('alert').filter({ hasText: '/body/amounts/indemnity' }).waitFor();
    await receivable.filter({ hasText: '6,499.50' }).waitFor();
  });

  it('a write-off requested by the operator is approved in place by another approver; a stale page gets the 409 in words', async () => {
    const { page, app } = suite;
    const form = page.getByRole('form', { name: 'request a write-off' });
    await form.getByLabel('penalty').waitFor();
    // The case changes behind the page (another booking through the API): the page's revision is stale.
    const current = await app.request<{ case: { revision: number } }>('GET', '/api/v1/recovery/cases/rec%3AC-R', { as: tokens.operator });
    const behind = await app.request('POST', '/api/v1/recovery/cases/rec%3AC-R/recoveries', {
      as: tokens.operator,
      body: { revision: current.body.case.revision, receivedOn: '2026-04-01', amounts: { indemnity: 499.5 } },
    });
    expect(behind.status).toBe(200);
    await form.getByLabel('indemnity').fill('1000');
    await form.getByLabel('write-off reason').fill('obligor insolvent');
    await form.getByRole('button', { name: '提交申请 Request' }).click();
    await page.getByTestId('error-zh').filter({ hasText: '内容已被他人修改' }).waitFor();
    await page.reload();
    await page.getByTestId('total-receivable').filter({ hasText: '6,000.00' }).waitFor();
    await form.getByLabel('indemnity').fill('1000');
    await form.getByLabel('write-off reason').fill('obligor insolvent');
    await form.getByRole('button', { name: '提交申请 Request' }).click();
    await page.getByText('核销申请已提交 Write-off requested').waitFor();
    const pending = page.getByRole('region', { name: 'pending write-offs' });
    await pending.getByText('本人提交的申请须由他人审批').waitFor();

    await switchUser(page, app, 'rshapp');
    await page.goto(`${app.url}/recovery/cases/rec%3AC-R`);
    await pending.getByRole('button', { name: '批准 Approve' }).click();
    await page.getByText('已批准 Approved').waitFor();
    await page.getByTestId('total-receivable').filter({ hasText: '5,000.00' }).waitFor();
    expect(await page.getByTestId('amounts-writtenOff').textContent()).toContain('1,000.00');
    expect(await pending.count()).toBe(0);
  });

  it('HQ opens the look-back of a quarter and sees its figures and recovery curve', async () => {
    const { page, app } = suite;
    const prepared = await app.request<{ figures: { totals: { recoveredCents: number } } }>('POST', '/api/v1/recovery/lookbacks', {
      as: tokens.preparer,
      body: { quarter: '2026-Q1' },
    });
    expect([prepared.status, prepared.body.figures.totals.recoveredCents]).toEqual([200, 100_000]);
    await switchUser(page, app, 'rhq');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '追偿 Recovery' }).click();
    await page.getByRole('tab', { name: '季度回顾 Quarterly look-back' }).click();
    await page.waitForURL('**/recovery/lookbacks');
    await page.getByRole('link', { name: '2026-Q1' }).click();
    await page.waitForURL('**/recovery/lookbacks/2026-Q1');
    const totals = page.getByRole('region', { name: 'totals' }).getByTestId('totals-all');
    await totals.filter({ hasText: '10,000.00' }).waitFor();
    expect(await totals.textContent()).toContain('10.00%');
    await page.getByRole('img', { name: '累计追偿曲线(按赔付后月数)Cumulative recovery by months since payment' }).waitFor();
    await page.getByRole('region', { name: 'by branch' }).getByTestId('by branch-BR-SH').waitFor();
    await page.getByRole('button', { name: '审批季度回顾 Approve the look-back' }).click();
    await page.getByTestId('lookback-status').filter({ hasText: '已审批 Approved' }).waitFor();
    await screenshot(page, 'recovery-lookback');
  });
});
