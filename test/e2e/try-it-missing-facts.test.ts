import { browserSuite, describeInBrowser, logIn, screenshot } from '../support/browser';

/**
 * In the studio: try-it says which facts were missing, in the result and per rule,
 * and marks the conditions whose fact was not sent, for the integrator's call from the issue.
 */
const KEY = 'claim.trigger';
const INTEGRATOR = { dpd: 0, claimStatus: 'requested' };
const COMPLETE = { dpd: 0, claimStatus: 'requested', overdueAmount: 0, claimPointDays: 90, repaymentResumed: false, contractClaimConditionMet: false };

describeInBrowser('try-it shows missing facts', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.createUserAndLogin('mia', ['policy-owner']);
  });

  async function tryFacts(facts: Record<string, unknown>): Promise<void> {
    await suite.page.getByLabel('facts', { exact: true }).fill(JSON.stringify(facts, null, 2));
    await suite.page.getByRole('button', { name: '试算 Evaluate' }).click();
    await suite.page.getByTestId('try-mine').waitFor();
  }

  it("lists overdueAmount as missing for the integrator's call, and nothing once every fact is sent", async () => {
    await logIn(suite.page, suite.app, 'mia');
    await suite.page.goto(`${suite.app.url}/rulesets/${KEY}/v/1`);
    await suite.page.getByRole('tab', { name: /Try it/ }).click();

    await tryFacts(INTEGRATOR);
    const result = suite.page.getByTestId('try-mine');
    await expect(result.getByRole('heading', { name: '缺失指标 Missing facts' }).isVisible()).resolves.toBe(true);
    const missing = suite.page.getByTestId('try-mine-missing');
    await expect(missing.locator('li').allInnerTexts()).resolves.toEqual(['claimPointDays', 'overdueAmount', 'repaymentResumed']);
    // Per rule: advise-withdrawal waits for overdueAmount only; its condition on it is marked absent.
    const advise = result.locator('.explanation > li').filter({ hasText: 'advise-withdrawal' });
    await expect(advise.locator('.rule-missing-facts').innerText()).resolves.toBe('缺失指标 missing: overdueAmount');
    await expect(advise.innerText()).resolves.toMatch(/overdueAmount\s*=\s*（缺失 absent） lessThanInclusive 0/);
    // suspend-claim compares the dpd sent with the claim point not sent: the value shows, the claim point is marked absent.
    const suspend = result.locator('.explanation > li').filter({ hasText: 'suspend-claim' });
    await expect(suspend.innerText()).resolves.toMatch(/dpd\s*=\s*0 lessThan claimPointDays （缺失 absent）/);
    // The open-claim rules were decided by the claim status sent: no missing facts listed for them.
    await expect(result.locator('.explanation > li').filter({ hasText: 'open-claim-at-claim-point' }).locator('.rule-missing-facts').count()).resolves.toBe(0);
    await screenshot(suite.page, 'try-it-missing-facts');

    // Every fact sent: nothing missing, and the withdrawal advice fires.
    await tryFacts(COMPLETE);
    await suite.page.getByTestId('try-mine-missing-none').waitFor();
    await expect(suite.page.getByTestId('try-mine-missing').count()).resolves.toBe(0);
    await expect(result.locator('.event').innerText()).resolves.toContain('action=advise-withdrawal');
  });

  it('the decision page lists the facts a logged decision was missing', async () => {
    const answer = await suite.app.request<{ decisionId: string }>('POST', `/api/v1/rulesets/${KEY}/evaluate`, { body: { facts: INTEGRATOR } });
    await suite.page.goto(`${suite.app.url}/decisions/${answer.body.decisionId}`);
    await expect(suite.page.getByTestId('decision-missing-facts').innerText()).resolves.toBe('claimPointDays, overdueAmount, repaymentResumed');
  });
});
