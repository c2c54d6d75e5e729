import { browserSuite, describeInBrowser, logIn, screenshot } from '../support/browser';
import { monitoringPortfolio } from '../support/monitoring-portfolio';

/**
 * The portfolio page in a real browser: it opens on the last month whose data is complete (not on
 * the month that ended last, whose figures would be read as fact while its repayments are still
 * missing), says how far the data is complete, and marks the figures of an incomplete month.
 */
describeInBrowser('data completeness on the portfolio page', () => {
  const suite = browserSuite(async ({ app }) => {
    const imported = await app.request<{ rejectedCount: number; dataCompleteThrough: string }>('POST', '/api/v1/portfolio/import?completeThrough=2025-09-30', {
      body: monitoringPortfolio(),
    });
    expect([imported.body.rejectedCount, imported.body.dataCompleteThrough]).toEqual([0, '2025-09-30']);
    await app.createUserAndLogin('olga', ['policy-owner']);
  });

  it('opens on the last complete month, shows how far the data is complete, and marks an incomplete month as provisional', async () => {
    await logIn(suite.page, suite.app, 'olga');
    await suite.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '资产组合 Portfolio' }).click();

    // The last complete month, not the month that ended last by the calendar.
    await suite.page.getByTestId('figures-month').filter({ hasText: '2025-09' }).waitFor();
    await expect(suite.page.getByLabel('month', { exact: true }).inputValue()).resolves.toBe('2025-09');
    const note = suite.page.getByTestId('completeness');
    await expect(suite.page.getByTestId('data-complete-through').innerText()).resolves.toBe('2025-09-30');
    await expect(note.innerText()).resolves.toContain('导入方声明 declared by the importer');
    await expect(note.getAttribute('class')).resolves.not.toContain('incomplete');
    await expect(suite.page.getByTestId('provisional').count()).resolves.toBe(0);
    // The table shows the API's figures for that month.
    const api = await suite.app.request<{ total: { metrics: { loanCount: number } }; monthComplete: boolean }>(
      'GET',
      '/api/v1/metrics/portfolio?month=2025-09&groupBy=customerTier',
    );
    expect(api.body.monthComplete).toBe(true);
    const totalRow = suite.page.getByRole('table', { name: 'portfolio metrics' }).locator('tbody tr').last();
    await expect(totalRow.locator('td').nth(1).innerText()).resolves.toBe(String(api.body.total.metrics.loanCount));
    await screenshot(suite.page, 'completeness-01-portfolio-complete-month');

    // A month after the data's end: its figures are marked provisional, the note warns, and the trend marks it.
    await suite.page.getByLabel('month', { exact: true }).fill('2025-10');
    await suite.page.getByTestId('figures-month').filter({ hasText: '2025-10' }).waitFor();
    await expect(note.getAttribute('class')).resolves.toContain('incomplete');
    await expect(note.innerText()).resolves.toContain('2025-10');
    await expect(note.innerText()).resolves.toContain('provisional');
    await expect(suite.page.getByTestId('figures-month').getByTestId('provisional').count()).resolves.toBe(1);
    // The trend charts mark it (2025-10*) and say what the mark means.
    await expect(suite.page.locator('.chart-note').first().innerText()).resolves.toBe(
      '* 2025-10: 数据不完整，各数为暂估 data not complete; provisional figures',
    );
    await screenshot(suite.page, 'completeness-02-portfolio-incomplete-month');
  }, 120000);
});
