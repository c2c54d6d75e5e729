/// <reference lib="dom" />
import { runJob } from '../support/monitoring-helpers';
import { waitUntil } from '../support/polling';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { createOrgUnits } from '../api/authority/helpers';

/**
 * The collection cases and an obligor's collection timeline in a real browser (docs/studio.md,
 * docs/collections.md). Seeded through the real API: a small book with a repayment into a personal
 * account, the collection-cases run, a gate check allowed and one blocked in the quiet hours, two
 * activities (one a promise to pay). A branch operator opens the cases list from the menu, filters
 * it, opens the case beside the list, assesses subjective malice, meets a 409 on a stale edit in
 * words, and opens the timeline: every kind of event, newest first, at the debtor's time with its offset.
 */
const PHONE = '+86 138 0000 1111';
const CASE = 'coll:OB-T:P1';

describeInBrowser('collection cases and the obligor timeline in the studio', () => {
  const as: Record<string, string> = {};
  const suite = browserSuite(
    async ({ app }) => {
      await app.platform.startJobs();
      await createOrgUnits(app, [['BR-SH', 'HQ']]);
      as.op = await app.createUserAndLogin('col-op', ['branch-operator', 'auditor'], 'BR-SH');
      const loan = { obligorId: 'OB-T', orgUnit: 'BR-SH', channel: 'branch', policyId: 'P1', product: 'consumer', customerTier: 'standard' };
      const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
        body: {
          loans: [
            {
              ...loan,
              loanId: 'L-T',
              principal: 1000,
              disbursedAt: '2026-09-10',
              installments: [{ seq: 1, dueDate: '2026-10-10', principal: 1000, interest: 0 }],
            },
          ],
          repayments: [
            { repaymentId: 'R-PERSONAL', loanId: 'L-T', paidAt: '2026-11-18', amount: 100, payeeAccountType: 'personal', paymentMethod: 'transfer' },
          ],
        },
      });
      expect([imported.status, imported.body.rejectedCount]).toEqual([200, 0]);
      await runJob(app, 'collection-cases', { asOf: '2026-11-19' });
      await waitUntil(
        async () => ((await app.request<{ items: unknown[] }>('GET', '/api/v1/collection/findings?obligorId=OB-T')).body.items ?? []).length > 0,
        60_000,
        'the finding of the personal-account repayment',
      );
      const check = async (at: string, reserve: boolean) =>
        (
          await app.request<{ decisionId: string; outcome: string }>('POST', '/api/v1/collection/check', {
            body: {
              obligorId: 'OB-T',
              channel: 'call',
              at,
              target: { type: 'obligor' },
              actor: { type: 'internal', agentId: 'agent-1' },
              phoneNumber: PHONE,
              reserve,
            },
          })
        ).body;
      const allowed = await check('2026-11-20T11:00:00+08:00', true);
      const blocked = await check('2026-11-20T22:30:00+08:00', false);
      expect([allowed.outcome, blocked.outcome]).toEqual(['allow', 'block']);
      const activity = { obligorId: 'OB-T', channel: 'call', actor: { type: 'internal', agentId: 'agent-1' }, target: { type: 'obligor' }, phoneNumber: PHONE };
      const recorded = await app.request<{ rejectedCount: number }>('POST', '/api/v1/collection/activities', {
        body: {
          activities: [
            { ...activity, activityId: 'A-1', at: '2026-11-20T10:00:00+08:00', outcome: 'no-answer' },
            {
              ...activity,
              activityId: 'A-2',
              at: '2026-11-20T11:01:00+08:00',
              outcome: 'promise-to-pay',
              promise: { date: '2026-11-25', amount: 500 },
              decisionId: allowed.decisionId,
            },
          ],
        },
      });
      expect([recorded.status, recorded.body.rejectedCount]).toEqual([200, 0]);
    },
    { JOBS_PROCESS_EVERY_MS: '100' },
  );
  const shot = (name: string) => screenshot(suite.page, name);
  const revision = async () =>
    (await suite.app.request<{ case: { revision: number } }>('GET', `/api/v1/collection/cases/${encodeURIComponent(CASE)}`, { as: as.op })).body.case.revision;

  it('opens the cases list from the menu, filters it in the address and opens the case beside it', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'col-op');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '催收 Collections' }).click();
    await page.waitForURL('**/collection/cases');
    const table = page.getByRole('table', { name: 'collection cases' });
    await table.getByRole('button', { name: 'OB-T' }).waitFor();
    await page.getByLabel('stage').selectOption('M2');
    await page.waitForURL('**/collection/cases?stage=M2');
    await table.getByRole('button', { name: 'OB-T' }).click();
    await page.waitForURL(`**/collection/cases?stage=M2&case=${encodeURIComponent(CASE)}`);
    const panel = page.getByRole('complementary', { name: '催收案件 Collection case' });
    await expect(panel.getByLabel('case fields').innerText()).resolves.toMatch(/OB-T[\s\S]*P1[\s\S]*M2/);
    await expect(panel.getByTestId('case-handler').innerText()).resolves.toContain('属地催收 local team');
    await shot('collections-10-case');
  });

  it('records the malice assessment, and a stale edit is refused with the 409 in words', async () => {
    const { page } = suite;
    const panel = page.getByRole('complementary', { name: '催收案件 Collection case' });
    const form = panel.getByRole('form', { name: 'malice assessment' });
    await form.getByLabel('assessment').selectOption('yes');
    await form.getByLabel('reasons').fill('有还款能力但拒不还款 able to pay, refuses');
    await form.getByRole('button', { name: '保存 Save' }).click();
    await panel.getByText('已保存评估 Assessment saved').waitFor();
    await expect(panel.getByTestId('malice-assessment').innerText()).resolves.toContain('有 yes');

    // Someone else changes the case meanwhile: the form still holds the revision it showed.
    const changed = await suite.app.request('PUT', `/api/v1/collection/cases/${encodeURIComponent(CASE)}/malice-assessment`, {
      as: as.op,
      body: { revision: await revision(), assessment: 'unclear', reasons: ['另一位同事 a colleague'], evidence: [] },
    });
    expect(changed.status).toBe(200);
    await form.getByLabel('reasons').fill('再次评估 assessed again');
    await form.getByRole('button', { name: '保存 Save' }).click();
    await expect(panel.getByTestId('error-zh').innerText()).resolves.toBe('内容已被他人修改，请基于最新版本重试');
    await expect(panel.getByRole('alert').first().innerText()).resolves.toContain('stale_version');
    await shot('collections-20-stale');

    // Reload reads the latest revision; the same edit then goes through.
    await panel.getByRole('button', { name: '重新加载 Reload the latest' }).click();
    // The assessment is on the page before the reload answers: wait for the colleague's text rather than read it at once.
    await panel.getByTestId('malice-assessment').filter({ hasText: '尚难判断 unclear' }).waitFor();
    await form.getByLabel('reasons').fill('再次评估 assessed again');
    await form.getByRole('button', { name: '保存 Save' }).click();
    await panel.getByText('已保存评估 Assessment saved').waitFor();
    await panel.getByTestId('malice-assessment').filter({ hasText: '再次评估 assessed again' }).waitFor();
  });

  it("opens the obligor's timeline from the case: every kind, newest first, at the debtor's time with the offset", async () => {
    const { page } = suite;
    await page.getByRole('complementary', { name: '催收案件 Collection case' }).getByRole('link', { name: '催收时间线 Collection timeline' }).click();
    await page.waitForURL('**/collection/obligors/OB-T/timeline');
    const rows = page.getByRole('table', { name: 'collection timeline' }).locator('tbody tr');
    await rows.nth(8).waitFor();
    const kinds = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind')));
    expect(kinds).toEqual(['case', 'case', 'case', 'finding', 'gate', 'activity', 'activity', 'case', 'repayment']);
    const text = await page.getByRole('table', { name: 'collection timeline' }).innerText();
    expect(text).toContain('2026-11-20 22:30:00+08:00');
    expect(text).toContain('拦截 block — quiet-hours');
    expect(text).toContain('承诺还款 promise to pay');
    expect(text).toContain('尾号 ending 1111');
    expect(text).toContain('个人账户 personal account');
    expect(text).toContain('personal-account');
    expect(text).not.toMatch(/0000 ?1111|13800001111/);
    await expect(page.getByTestId('time-zone').innerText()).resolves.toContain('Asia/Shanghai');
    await shot('collections-30-timeline');

    // The obligor page links to the same timeline.
    await page.goto(`${suite.app.url}/obligors/OB-T`);
    await page.getByRole('link', { name: '催收时间线 Collection timeline' }).click();
    await page.waitForURL('**/collection/obligors/OB-T/timeline');
    await rows.nth(8).waitFor();
  });
});
