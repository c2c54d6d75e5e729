/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * The 新业务管控 Underwriting blocks page in a real browser (docs/underwriting.md): a Shanghai branch operator records a
 * funder's notice for an obligor of the branch (blocked), then its rectification (still blocked); a Shanghai approver
 * finds the record through the filters (kept in the address) and confirms it, and the check answers not blocked.
 */
describeInBrowser('the underwriting blocks page in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    await app.createUserAndLogin('ubranch', ['branch-operator'], 'BR-SH');
    await app.createUserAndLogin('uapprover', ['approver'], 'BR-SH');
    const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
      body: {
        loans: [
          {
            loanId: 'L-U',
            obligorId: 'OB-U',
            policyId: 'P-U',
            orgUnit: 'BR-SH',
            product: 'consumer',
            channel: 'bank-branch',
            customerTier: 'prime',
            principal: 12000,
            disbursedAt: '2025-01-01',
            installments: [{ seq: 1, dueDate: '2025-02-01', principal: 12000, interest: 0 }],
          },
        ],
      },
    });
    expect([imported.status, imported.body.rejected]).toEqual([200, []]);
  });

  const blocked = async () => (await suite.app.request<{ blocked: boolean }>('GET', '/api/v1/underwriting/checks/OB-U')).body.blocked;

  it('a branch operator records a funder notice and its rectification; another approver confirms it from the filtered list', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'ubranch');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '新业务管控 Underwriting blocks' }).click();
    await page.waitForURL('**/underwriting');
    const form = page.getByRole('region', { name: 'funder notice' });
    await form.getByLabel('notice obligorId').fill('OB-U');
    await form.getByLabel('notice funder').fill('Bank of Example');
    await form.getByLabel('notice date').fill('2025-08-01');
    await form.getByLabel('notice evidenceRef').fill('DOC-1');
    await form.getByRole('button', { name: '记录资金方通知 Record funder notice' }).click();
    const detail = page.getByRole('region', { name: 'underwriting record detail' });
    await detail.getByTestId('record-status').filter({ hasText: '生效 Active' }).waitFor();
    expect(await blocked()).toBe(true);
    await page.getByRole('region', { name: 'underwriting records' }).getByRole('button', { name: 'OB-U' }).waitFor();

    await detail.getByLabel('rectification note').fill('funds returned to the agreed purpose');
    await detail.getByRole('button', { name: '记录整改 Record rectification' }).click();
    await detail.getByTestId('record-status').filter({ hasText: '整改待确认 Rectification to confirm' }).waitFor();
    // The maker cannot confirm: the button is not offered to a branch operator.
    expect(await detail.getByRole('button', { name: '确认整改 Confirm rectification' }).count()).toBe(0);
    expect(await blocked()).toBe(true);

    await switchUser(page, suite.app, 'uapprover');
    await page.goto(`${suite.app.url}/underwriting`);
    const filters = page.getByRole('form', { name: '筛选 Filters' });
    await filters.getByLabel('obligorId').fill('OB-U');
    await filters.getByLabel('source').selectOption('funder-notice');
    await filters.getByRole('button', { name: '应用 Apply' }).click();
    await page.waitForURL(/obligorId=OB-U/);
    expect(page.url()).toContain('source=funder-notice');
    await page.getByRole('region', { name: 'underwriting records' }).getByRole('button', { name: 'OB-U' }).click();
    await detail.getByRole('button', { name: '确认整改 Confirm rectification' }).click();
    await detail.getByTestId('record-status').filter({ hasText: '已结束 Ended' }).waitFor();
    await screenshot(page, 'underwriting-confirmed');
    expect(await blocked()).toBe(false);
  });
});
