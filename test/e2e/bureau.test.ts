/// <reference lib="dom" />
import fs from 'node:fs';
import { dateFromDay, dateOfMoment, dayFromDate } from '../../server/ground/calendar';
import { portfolioModels } from '../../server/portfolio/portfolio.model';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';

/**
 * The credit-bureau page in a real browser (docs/bureau.md): an HQ policy owner finds the claim's pending notice in
 * the queue, records it as sent (its lead time has passed, so the compensation report becomes ready), creates a
 * batch and downloads its file, imports the bureau's acknowledgements from a CSV file, and reconciles the month; a
 * branch user reads the queue without the HQ actions.
 */
const today = dateOfMoment(new Date());
const sentOn = dateFromDay(dayFromDate(today) - 20);

describeInBrowser('the credit-bureau page in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.platform.startJobs();
    await app.createUserAndLogin('bowner', ['policy-owner'], 'HQ');
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    await app.createUserAndLogin('bbranch', ['branch-operator'], 'BR-SH');
    const installments = Array.from({ length: 12 }, (_, index) => ({
      seq: index + 1,
      dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
      principal: 1000,
      interest: 100,
    }));
    const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
      body: {
        loans: [
          {
            loanId: 'L-G',
            obligorId: 'OB-G',
            policyId: 'P-G',
            orgUnit: 'HQ',
            product: 'consumer',
            channel: 'bank-branch',
            customerTier: 'prime',
            principal: 12000,
            disbursedAt: '2025-01-01',
            installments,
          },
        ],
        repayments: [1, 2, 3].map((index) => ({ repaymentId: `R${index}`, loanId: 'L-G', paidAt: `2025-0${index + 1}-01`, amount: 1100 })),
        claims: [{ claimId: 'C-G', loanId: 'L-G', status: 'approved', approvedAt: '2025-07-27', amount: 9900 }],
      },
    });
    expect([imported.status, imported.body.rejected]).toEqual([200, []]);
    // Policies are seeded through the model (setup only) until the policies import lands.
    await portfolioModels(app.connection).Policy.create({
      _id: 'P-G',
      policyId: 'P-G',
      orgUnit: 'HQ',
      insuranceType: 'guarantee',
      insuredId: 'FUNDER-1',
      claimPointDays: 80,
      coversInterest: true,
      coversPenaltyInterest: false,
      deductibleCents: 0,
      complaintHotline: '95500',
      claimReportHotline: '95501',
      creditReportingAuthorised: true,
    });
    await runJob(app, 'bureau-events', { asOf: '2025-08-01' });
  });

  it('HQ records the notice, batches the ready items, downloads the file, imports acknowledgements and reconciles the month', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'bowner');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '征信报送 Credit bureau' }).click();
    await page.waitForURL('**/bureau');
    await page.getByRole('tab', { name: '待处理 Pending' }).click();
    const items = page.getByRole('region', { name: 'bureau items' });
    await items.getByTestId('item-compensation:C-G').waitFor();
    await items.getByRole('button', { name: 'default-notice:C-G' }).click();
    const detail = page.getByRole('region', { name: 'bureau item detail' });
    await detail.getByLabel('sent on').fill(sentOn);
    await detail.getByLabel('channel').selectOption('letter');
    await detail.getByRole('button', { name: '记录已告知 Record notice as sent' }).click();
    await detail.getByTestId('item-status').filter({ hasText: '已告知 Notified' }).waitFor();
    expect(await detail.getByTestId('notice-ready-on').textContent()).toBe(dateFromDay(dayFromDate(sentOn) + 15));
    // The lead time has passed: the compensation report is ready now.
    await page.getByRole('tab', { name: '待报送 Ready' }).click();
    await items.getByTestId('item-compensation:C-G').waitFor();
    await screenshot(page, 'bureau-queue');

    await page.getByRole('tab', { name: '报送批次 Batches' }).click();
    await page.getByRole('button', { name: '生成报送批次 Create a batch' }).click();
    await page.getByText(/批次已生成 Batch created: B-/).waitFor();
    const batchId = (await page.getByRole('table', { name: 'batches' }).locator('code').first().textContent())!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载报送文件 Download file' }).first().click()]);
    expect(download.suggestedFilename()).toBe(`bureau-${batchId}.csv`);
    const lines = fs.readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines[0]!.startsWith('itemId,kind,correctsItemId,correctsKind,reportDate,obligorId')).toBe(true);
    expect(lines.some((line) => line.startsWith('compensation:C-G,compensation,'))).toBe(true);

    await page.getByLabel(`acknowledgements of ${batchId}`).setInputFiles({
      name: 'ack.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('itemId,result,reason\r\ncompensation:C-G,rejected,"E031, amount mismatch"\r\n'),
    });
    await page.getByText('回执已导入 Acknowledgements imported: 已确认 Acknowledged 0, 被拒 Rejected 1').waitFor();
    const item = await suite.app.request<{ item: { status: string; rejectionReason: string } }>('GET', '/api/v1/bureau/items/compensation:C-G');
    expect(item.body.item).toMatchObject({ status: 'rejected', rejectionReason: 'E031, amount mismatch' });

    await page.getByRole('tab', { name: '对账 Reconciliation' }).click();
    await page.getByLabel('month', { exact: true }).fill('2025-07');
    await page.getByRole('button', { name: '核对 Check' }).click();
    await page.getByText('已核对赔案 Claims checked: 1').waitFor();
    expect(await page.getByRole('table', { name: 'missing items' }).count()).toBe(0);
    await screenshot(page, 'bureau-reconciliation');
  });

  it('a branch user reads the queue without the HQ actions', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'bbranch');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '征信报送 Credit bureau' }).click();
    await page.getByText('征信报送由总公司执行').waitFor();
    await page.getByText('没有事项 No items').waitFor();
    await page.getByRole('tab', { name: '报送批次 Batches' }).click();
    expect(await page.getByRole('button', { name: '生成报送批次 Create a batch' }).count()).toBe(0);
  });
});
