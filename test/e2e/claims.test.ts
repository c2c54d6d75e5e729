import { CLAIM_SCHEDULE } from '../support/claim-book';
/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { dateOfMoment } from '../../server/ground/calendar';
import { portfolioModels } from '../../server/portfolio/portfolio.model';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';

/**
 * The claim workbench in a real browser (docs/claims.md, Workbench): the book and the policy are seeded through the
 * API (the policy through the Policy model, setup only: the policies import lands separately); the claim-triggers and
 * claim-deadlines jobs open the case and put it in the queue. Through the studio an operator takes the insured's report,
 * registers and adjusts; the approver's approval is refused while the repayment difference is unreconciled, and the
 * refusal is shown; the operator reconciles in place; approval, payment, subrogation; the archive is refused listing
 * the missing documents, a change made meanwhile answers 409 in words, and the case is archived once the checklist is complete.
 * The worked example of docs/claims.md: indemnity 8,824.68.
 */
const CASE = 'claim:L-W';
/** Steps the studio posts without a day happen today (the approval): the payment is on or after it. */
const today = dateOfMoment(new Date());
const CASE_PATH = `/claim-workbench/${encodeURIComponent(CASE)}`;

describeInBrowser('the claim workbench in the studio', () => {
  const as: Record<string, string> = {};
  const suite = browserSuite(
    async ({ app }) => {
      await app.platform.startJobs();
      as.op = await app.createUserAndLogin('wop', ['branch-operator'], 'HQ');
      as.approver = await app.createUserAndLogin('wapprover', ['approver'], 'HQ');
      const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
        body: {
          loans: [
            {
              loanId: 'L-W',
              obligorId: 'OB-W',
              policyId: 'P-W',
              orgUnit: 'HQ',
              product: 'consumer',
              channel: 'bank-branch',
              customerTier: 'prime',
              principal: 12000,
              disbursedAt: '2025-01-01',
              claimPointDays: 80,
              installments: CLAIM_SCHEDULE,
            },
          ],
          repayments: [
            ...['2025-02-01', '2025-03-01', '2025-04-01'].map((paidAt, index) => ({ repaymentId: `W-R${index + 1}`, loanId: 'L-W', paidAt, amount: 1087.53 })),
            { repaymentId: 'W-R4', loanId: 'L-W', paidAt: '2025-05-20', amount: 333.33 },
          ],
        },
      });
      expect([imported.status, imported.body.rejected]).toEqual([200, []]);
      await portfolioModels(app.connection).Policy.create({
        _id: 'P-W',
        policyId: 'P-W',
        orgUnit: 'HQ',
        insuranceType: 'guarantee',
        insuredId: 'FUNDER-1',
        claimPointDays: 80,
        coversInterest: true,
        coversPenaltyInterest: true,
        deductibleCents: 15_025,
        complaintHotline: '400-000-0001',
        claimReportHotline: '400-000-0002',
        creditReportingAuthorised: true,
      });
      await runJob(app, 'claim-triggers', { asOf: '2025-07-25' });
      await runJob(app, 'claim-deadlines', { asOf: '2025-07-25' });
    },
    { JOBS_PROCESS_EVERY_MS: '100' },
  );

  const status = (page: Page) => page.getByTestId('claim-status');
  const alert = (page: Page) => page.getByRole('alert');
  /** Opens a step's form, fills it and submits it. */
  async function fillStep(page: Page, label: string, action: string, values: Record<string, string>): Promise<void> {
    await page
      .getByRole('region', { name: 'actions' })
      .getByRole('button', { name: `${label}…` })
      .click();
    const form = page.getByRole('form', { name: `${action} form` });
    for (const [name, value] of Object.entries(values)) {
      const field = form.getByLabel(name, { exact: true });
      if ((await field.evaluate((element) => element.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.getByRole('button', { name: label }).click();
  }
  const press = (page: Page, label: string) => page.getByRole('region', { name: 'actions' }).getByRole('button', { name: label, exact: true }).click();
  async function openCase(page: Page): Promise<void> {
    await page.goto(`${suite.app.url}${CASE_PATH}`);
    await status(page).waitFor();
  }

  it('takes a claim from the insured’s report to payment, subrogation and archive', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'wop');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '理赔工作台 Claim workbench' }).click();
    await page.waitForURL('**/claim-workbench');
    const queue = page.getByRole('table', { name: 'claim cases by deadline' });
    await queue.getByRole('link', { name: CASE }).click();
    await page.waitForURL(`**${CASE_PATH}`);
    await expectText(status(page), 'open');

    await fillStep(page, '报案 Report', 'report', {
      channel: 'electronic',
      receivedOn: '2025-07-28',
      unpaidPrincipal: '9000',
      interest: '262.59',
      penaltyInterest: '45.67',
      repaidBeforeClaim: '0',
      claimedAmount: '9158.01',
    });
    await expectText(status(page), 'reported');
    const difference = page.getByRole('listitem', { name: 'difference repaidBeforeClaim' });
    await expectText(difference, '未核对 Not reconciled');
    // The deadline is read as the report is stored: decide within the default limit from the complete report.
    await expectText(page.getByRole('region', { name: 'deadlines' }), '核定 decision');

    await fillStep(page, '立案 Register', 'register', { estimatedLoss: '9000', complexity: 'complex' });
    await expectText(status(page), 'registered');
    await press(page, '理算 Adjust');
    await expectText(status(page), 'adjusted');
    // Until reconciled, an open difference counts at the platform's figure: 9,000.00 + 262.59 + 45.67 - 150.25 - 333.33.
    await expectText(page.getByTestId('indemnity'), '8824.68');
    await expectText(page.getByRole('region', { name: 'adjustment' }), '-333.33');

    // The approver's approval is refused while the difference is open; the studio says which.
    await switchUser(page, suite.app, 'wapprover');
    await openCase(page);
    await press(page, '核赔 Approve');
    await expectText(alert(page), 'not reconciled');
    await expectText(alert(page), '/differences/repaidBeforeClaimCents');
    await screenshot(page, 'claims-approval-refused');

    await switchUser(page, suite.app, 'wop');
    await openCase(page);
    const reconcile = page.getByRole('form', { name: 'reconcile repaidBeforeClaim' });
    await reconcile.getByLabel('accepted').fill('333.33');
    await reconcile.getByLabel('note').fill('还款凭证 2025-05-20 repayment voucher');
    await reconcile.getByRole('button', { name: '核对 Reconcile' }).click();
    await expectText(page.getByRole('listitem', { name: 'difference repaidBeforeClaim' }), '已核对 Reconciled 333.33');
    await expectText(page.getByTestId('indemnity'), '8824.68');
    // The adjuster is not offered approval (maker-checker).
    expect(await page.getByRole('region', { name: 'actions' }).getByRole('button', { name: '核赔 Approve' }).count()).toBe(0);

    await switchUser(page, suite.app, 'wapprover');
    await openCase(page);
    await press(page, '核赔 Approve');
    await expectText(status(page), 'approved');

    await switchUser(page, suite.app, 'wop');
    await openCase(page);
    await fillStep(page, '支付 Pay', 'pay', { paidOn: today, amount: '8824.68', reference: 'PAY-W-1' });
    await expectText(status(page), 'paid');
    await fillStep(page, '代位追偿 Subrogate', 'subrogate', { basis: 'assignment', extent: 'full', confirmationRef: 'ASSIGN-W-1' });
    await expectText(status(page), 'subrogated');

    // Archive with documents missing: refused, each one listed.
    await press(page, '归档 Archive');
    await expectText(alert(page), '/documents/policy');
    await expectText(alert(page), '/documents/repayment-records');
    const record = page.getByRole('form', { name: 'record a document' });
    for (const [kind, reference, label] of [
      ['policy', 'archive://P-W', '保单 policy'],
      ['loan-contract', 'archive://L-W/contract', '借款合同 loan contract'],
    ]) {
      await record.getByLabel('document kind').selectOption(kind!);
      await record.getByLabel('document reference').fill(reference!);
      await record.getByRole('button', { name: '登记单证 Record document' }).click();
      await expectText(page.getByRole('region', { name: 'documents' }).getByRole('listitem'), `${label}: 已具备 present`);
    }
    await press(page, '归档 Archive');
    await expectText(alert(page), '/documents/repayment-records');
    expect(await alert(page).textContent()).not.toContain('/documents/policy');
    await screenshot(page, 'claims-archive-refused');

    // Someone records the last document meanwhile (through the API): the page's Archive answers 409 in words.
    const current = await suite.app.request<{ claim: { revision: number } }>('GET', `/api/v1/claims/cases/${CASE}`, { as: as.op });
    const meanwhile = await suite.app.request('POST', `/api/v1/claims/cases/${CASE}/documents`, {
      as: as.op,
      body: { revision: current.body.claim.revision, documents: [{ kind: 'repayment-records', reference: 'core-banking://L-W/repayments' }] },
    });
    expect(meanwhile.status).toBe(200);
    await press(page, '归档 Archive');
    await expectText(alert(page), 'Someone changed this case since you read it');

    await openCase(page);
    await press(page, '归档 Archive');
    await expectText(status(page), 'archived');
    const history = page.getByRole('region', { name: 'history' });
    for (const action of ['reported', 'registered', 'adjusted', 'reconciled', 'approved', 'paid', 'subrogated', 'archived']) await expectText(history, action);
    await screenshot(page, 'claims-archived');
    // The whole life of a claim in one flow: six logins, ten page loads and some thirty steps, each bounded at 15 s by
    // expectText. Alone it takes about 13 s; on CI's two cores beside a heavy suite it once passed jest's 60 s default.
  }, 180_000);
});

/** Waits (bounded by the locator's timeout) until the element's text contains `text`. */
async function expectText(locator: Locator, text: string): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  } catch (error) {
    // Say what the page shows instead: the error it reports, if any.
    const shown = await locator.page().getByRole('alert').allTextContents();
    throw new Error(`"${text}" did not appear; alerts: ${JSON.stringify(shown)}\n${(error as Error).message}`);
  }
}
