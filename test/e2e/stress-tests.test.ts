/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * The stress-test page in a real browser (docs/stress-tests.md): HQ's policy owner enters Shanghai's 2026-Q1 financials and
 * runs its stress test from the page (2025-Q4's stored through the API; the book is one loan whose retained liability is 12,345,678.90), sees
 * it in the list and opens it: the seven named scenarios in bars and tables against the thresholds, and the periods
 * compared once 2025-Q4 has a result too. The runner may not approve; another HQ approver does, in place.
 */
const FINANCIALS = {
  revision: 0,
  premiumCollected: 1_234_567.91,
  recoveries: 23_456.78,
  reinsuranceRecoveries: 150_000,
  claimsPaid: 800_000,
  expenses: 210_000.55,
  cededPremium: 300_000.01,
  taxRatePercent: 25,
  actualCapital: 5_000_000,
  coreCapital: 4_000_000,
  minimumCapital: 3_000_000,
};

describeInBrowser('the stress-test page in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    await app.createUserAndLogin('stowner', ['policy-owner', 'approver'], 'HQ');
    await app.createUserAndLogin('stapprover', ['approver'], 'HQ');
    await app.createUserAndLogin('stbranch', ['branch-operator'], 'BR-SH');
    const loan = {
      loanId: 'L-ST',
      obligorId: 'OB-ST',
      policyId: 'P-ST',
      orgUnit: 'BR-SH',
      product: 'consumer',
      channel: 'bank-branch',
      customerTier: 'prime',
      principal: 12_345_678.9,
      disbursedAt: '2025-06-01',
      installments: [{ seq: 1, dueDate: '2027-06-01', principal: 12_345_678.9, interest: 0 }],
    };
    expect((await app.request('POST', '/api/v1/portfolio/import', { body: { loans: [loan] } })).status).toBe(200);
    expect((await app.request('POST', '/api/v1/stress-tests/financials', { body: { ...FINANCIALS, orgUnit: 'BR-SH', period: '2025-Q4' } })).status).toBe(200);
    // An earlier quarter's result, so the page compares periods.
    expect((await app.request('POST', '/api/v1/stress-tests', { body: { orgUnit: 'BR-SH', period: '2025-Q4' } })).status).toBe(200);
  });

  it('HQ runs a stress test from the page and reads the scenarios, thresholds and periods', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'stowner');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '压力测试 Stress tests' }).click();
    await page.waitForURL('**/stress-tests');
    // Shanghai's 2026-Q1 financials entered on the page: none stored yet (revision 0), saved as revision 1.
    const financials = page.getByRole('form', { name: 'financials' });
    await financials.getByLabel('机构 Org unit').fill('BR-SH');
    await financials.getByLabel('基期 Base period').fill('2026-Q1');
    await financials.getByRole('button', { name: '读取 Load' }).click();
    await financials.getByTestId('financials-revision').filter({ hasText: '0' }).waitFor();
    const { revision: _revision, ...figures } = FINANCIALS;
    const labels: Record<string, string> = {
      premiumCollected: '收到保费 Premium collected',
      recoveries: '追偿款收入 Recoveries',
      reinsuranceRecoveries: '摊回赔付 Reinsurance recoveries',
      claimsPaid: '赔付支出 Claims paid',
      expenses: '费用支出 Expenses',
      cededPremium: '分出保费 Ceded premium',
      taxRatePercent: '税率% Tax rate %',
      actualCapital: '实际资本 Actual capital',
      coreCapital: '核心资本 Core capital',
      minimumCapital: '最低资本 Minimum capital',
    };
    for (const [field, value] of Object.entries(figures)) await financials.getByLabel(labels[field]!, { exact: true }).fill(String(value));
    await financials.getByRole('button', { name: '保存 Save' }).click();
    await financials.getByText('已保存 Saved · 版本 Revision 1').waitFor();
    const form = page.getByRole('form', { name: 'run a stress test' });
    await form.getByLabel('机构 Org unit').fill('BR-SH');
    await form.getByLabel('基期 Base period').fill('2026-Q1');
    await form.getByRole('button', { name: '运行 Run' }).click();
    await page.getByText('已完成压力测试 Stress test done').waitFor();
    await page.getByRole('region', { name: 'stress-test results' }).getByRole('cell', { name: '2026-Q2' }).waitFor();
    await page.getByTestId('ran').getByRole('link').click();
    await page.waitForURL('**/stress-tests/ST-BR-SH-2026-Q1-*');
    const liquidity = page.getByRole('region', { name: 'liquidity' });
    for (const id of ['premium-25', 'premium-50', 'loss-ratio-10', 'loss-ratio-20']) await liquidity.getByTestId(`liquidity-${id}`).waitFor();
    // Premium -25 %: the worked example's -13,561,785 cents, a bar to the left of zero.
    expect(await liquidity.getByTestId('bar-premium-25').getAttribute('data-value')).toBe('-13561785');
    const solvency = page.getByRole('region', { name: 'solvency' });
    for (const id of ['loss-rate-10', 'loss-rate-15', 'loss-rate-20']) await solvency.getByTestId(`solvency-${id}`).waitFor();
    expect(await solvency.getByTestId('solvency-loss-rate-20').textContent()).toContain('151.23%');
    await page.getByRole('region', { name: 'periods compared' }).getByRole('img').waitFor();
    expect(await page.getByRole('link', { name: 'stress.scenario v1' }).getAttribute('href')).toBe('/rulesets/stress.scenario/v/1');
    // The runner is not offered the approval (maker-checker).
    expect(await page.getByRole('button', { name: '审批 Approve' }).count()).toBe(0);
    await screenshot(page, 'stress-test');
  });

  it('another approver approves in place; the branch reads it', async () => {
    const { page, app } = suite;
    const url = page.url();
    await switchUser(page, app, 'stapprover');
    await page.goto(url);
    await page.getByRole('button', { name: '审批 Approve' }).click();
    await page.getByTestId('stress-status').filter({ hasText: '已审批 approved' }).waitFor();
    expect(await page.getByTestId('stress-status').textContent()).toContain('stapprover');
    await switchUser(page, app, 'stbranch');
    await page.goto(url);
    await page.getByTestId('stress-status').filter({ hasText: '已审批 approved' }).waitFor();
  });
});
