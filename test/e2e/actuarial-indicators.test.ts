/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';
import { monitoringPortfolio } from '../support/monitoring-portfolio';

/**
 * Actuarial notices (Art. 8) and the indicator catalogue (Art. 6) in the studio: a branch sees its own unit's notice
 * of August's red portfolio warning and another branch does not; an editor revises an indicator, proposes a version,
 * an approver publishes it, and the portfolio page shows the published definition beside the figure.
 */
describeInBrowser('actuarial notices and the indicator catalogue in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.platform.startJobs();
    for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
    const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import?completeThrough=2025-10-31', {
      body: monitoringPortfolio(),
    });
    expect(imported.body.rejectedCount).toBe(0);
    await runJob(app, 'portfolio-monitoring', { month: '2025-08' });
    await app.createUserAndLogin('act-sh', ['branch-operator'], 'BR-SH');
    await app.createUserAndLogin('act-bj', ['branch-operator'], 'BR-BJ');
    await app.createUserAndLogin('cat-editor', ['policy-owner'], 'HQ');
    await app.createUserAndLogin('cat-approver', ['approver'], 'HQ');
  });

  it('精算通知: each branch sees its own notices with the figures, never the other’s', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'act-sh');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '精算通知 Actuarial notices' }).click();
    await page.waitForURL('**/actuarial/notices');
    const list = page.getByRole('region', { name: 'actuarial notices' });
    const red = list.locator('[data-notice="2025-08|orgUnit=BR-SH|red-warning"]');
    await red.waitFor();
    expect(await red.textContent()).toContain('组合红色预警 Red portfolio warning');
    expect(await red.textContent()).toContain('机构整体 Unit as a whole');
    const ids = await list.locator('[data-notice]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-notice')!));
    expect(ids.filter((id) => !id.includes('orgUnit=BR-SH'))).toEqual([]);
    await screenshot(page, 'actuarial-notices');

    await switchUser(page, app, 'act-bj');
    await page.goto(`${app.url}/actuarial/notices?month=2025-08`);
    // Beijing's own notices of August (its segments turned red too), none of Shanghai's.
    const theirs = page.getByRole('region', { name: 'actuarial notices' }).locator('[data-notice]');
    await theirs.first().waitFor();
    const beijing = await theirs.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-notice')!));
    expect(beijing.length).toBeGreaterThan(0);
    expect(beijing.filter((id) => !id.includes('orgUnit=BR-BJ'))).toEqual([]);
  });

  it('指标目录: an edit, a proposal and an independent approval publish a definition the portfolio page shows beside its figure', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'cat-editor');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '指标目录 Indicator catalogue' }).click();
    await page.waitForURL('**/indicators');
    await page.getByLabel('view').selectOption('draft');
    const row = page.getByRole('region', { name: 'indicators' }).locator('[data-indicator="overdueRate"]');
    await row.getByRole('button').click();
    const form = page.getByRole('form', { name: 'edit indicator' });
    await form.getByLabel('owner').fill('资产质量部 Asset quality');
    await form.getByRole('button', { name: '保存修订 Save revision' }).click();
    await page.getByText('已保存 Saved').waitFor();
    await row.filter({ hasText: '资产质量部 Asset quality' }).waitFor();
    await page.getByRole('button', { name: '提交新版本 Propose a version' }).click();
    const versions = page.getByRole('region', { name: 'catalogue versions' });
    await versions.locator('[data-version="2"]').filter({ hasText: '待审批 proposed' }).waitFor();

    await switchUser(page, app, 'cat-approver');
    await page.goto(`${app.url}/indicators`);
    await page
      .getByRole('region', { name: 'catalogue versions' })
      .locator('[data-version="2"]')
      .getByRole('button', { name: '批准发布 Approve and publish' })
      .click();
    await page.getByRole('region', { name: 'catalogue versions' }).locator('[data-version="2"]').filter({ hasText: '已发布 published' }).waitFor();
    await screenshot(page, 'indicator-catalogue');

    await page.goto(`${app.url}/portfolio`);
    await page.getByRole('button', { name: '指标定义 Indicator definition: overdueRate' }).click();
    const panel = page.getByRole('complementary', { name: '指标定义 Indicator definition' });
    await panel.getByText('资产质量部 Asset quality').waitFor();
    expect(await panel.textContent()).toContain('(M1 + M2 + M3) / remainingPrincipal');
    await screenshot(page, 'portfolio-definition');
  });
});
