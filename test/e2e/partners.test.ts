/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { creditCode } from '../api/vendors/placement-helpers';

/**
 * 渠道合作方 Channel partners in the studio (docs/partners.md, Art. 5): a branch operator registers a partner with a
 * penalty clause, records a violation on two of the loans it brought and sees the agreement's penalty to the cent,
 * proposed; an approver of the branch confirms it. Users and the loans are seeded through the API.
 */
const loan = (loanId: string, obligorId: string, principal: number) => ({
  loanId,
  obligorId,
  policyId: `P-${loanId}`,
  orgUnit: 'BR-SH',
  product: 'consumer',
  channel: 'cp-e2e',
  customerTier: 'prime',
  principal,
  disbursedAt: '2026-01-15',
  installments: [{ seq: 1, dueDate: '2027-01-15', principal, interest: 0 }],
});

describeInBrowser('channel partners in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    await app.createUserAndLogin('cp-op', ['branch-operator'], 'BR-SH');
    await app.createUserAndLogin('cp-approver', ['approver'], 'BR-SH');
    const imported = await app.request('POST', '/api/v1/portfolio/import', { body: { loans: [loan('L-1', 'OB-1', 12345.67), loan('L-2', 'OB-2', 20000)] } });
    expect(imported.status).toBe(200);
  });

  it('registers a partner, records a violation with the penalty from the agreement, and another user confirms it', async () => {
    const { page, app } = suite;
    const code = creditCode();
    await switchUser(page, app, 'cp-op');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '渠道合作方 Channel partners' }).click();
    await page.waitForURL('**/partners');
    await page.getByRole('link', { name: '登记合作方 Register a partner' }).click();
    const form = page.getByRole('form', { name: 'partner registration' });
    await form.getByLabel('creditCode').fill(code);
    await form.getByLabel('partnerName').fill('Alpha Lending Platform');
    await form.getByLabel('channelCodes').fill('cp-e2e');
    await form.getByLabel('number').fill('HZ-E2E-1');
    await form.getByLabel('signedOn').fill('2026-01-01');
    await form.getByLabel('startsOn').fill('2026-01-01');
    await form.getByLabel('endsOn').fill('2027-12-31');
    await form.getByLabel('feeRateBp').fill('150');
    await form.getByLabel('induced-loan-purpose-change fixed').fill('5000');
    await form.getByLabel('induced-loan-purpose-change perLoan').fill('200');
    await form.getByLabel('induced-loan-purpose-change feeShareBp').fill('5000');
    await form.getByRole('button', { name: '保存 Save' }).click();
    await page.waitForURL(`**/partners/${code}`);
    await page.getByTestId('partner-status').filter({ hasText: '合作中 active' }).waitFor();
    // The loans it brought are listed on its page.
    await page.getByRole('region', { name: 'loans' }).getByText('L-2').waitFor();

    const record = page.getByRole('form', { name: 'record violation' });
    await record.getByLabel('violation type').selectOption('induced-loan-purpose-change');
    await record.getByLabel('occurred on').fill('2026-05-10');
    await record.getByLabel('evidence').fill('Sales script told obligors to use the loan for a house deposit.');
    await record.getByLabel('loans concerned').fill('L-1, L-2');
    await record.getByRole('button', { name: '记录 Record' }).click();
    const violations = page.getByRole('region', { name: 'violations' });
    // 5,000.00 + 2 x 200.00 + half of the fees (185.19 + 300.00) = 5,642.60, proposed.
    await violations.getByTestId('penalty-amount').filter({ hasText: '5,642.60' }).waitFor();
    expect(await violations.getByTestId('penalty-status').textContent()).toBe('待确认 proposed');
    expect(await violations.getByRole('button', { name: '确认罚金 Confirm penalty' }).count()).toBe(0);
    await screenshot(page, 'partner-violation-proposed');

    await switchUser(page, app, 'cp-approver');
    await page.goto(`${app.url}/partners/${code}`);
    await page.getByRole('region', { name: 'violations' }).getByRole('button', { name: '确认罚金 Confirm penalty' }).click();
    await page.getByRole('region', { name: 'violations' }).getByTestId('penalty-status').filter({ hasText: '已确认 confirmed' }).waitFor();
    await screenshot(page, 'partner-penalty-confirmed');
  });
});
