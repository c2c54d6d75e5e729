/// <reference lib="dom" />
import { activity, at, check, DAY, record, seedObligors } from '../api/collections/gate-helpers';
import { waitUntil } from '../support/polling';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * The compliance dashboard in a real browser (docs/collection-conduct.md, docs/studio.md): a branch
 * operator opens it from the menu, filters a day in the address, and sees the numbers recorded
 * through the API (a 22:01 call without consent, a seventh attempt to one number, two gate
 * blocks) in the totals, the tables and a chart; the grouping changes the address.
 */
describeInBrowser('the compliance dashboard in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await seedObligors(app, ['O-N', 'O-CAP'], ['O-BJ']);
    await app.createUserAndLogin('dash-sh', ['branch-operator'], 'BR-SH');
    const attempts = [9, 10, 11, 12, 13, 14, 15].map((hour) =>
      activity('O-CAP', { at: at(`${String(hour).padStart(2, '0')}:00`), phoneNumber: '13900000003' }),
    );
    await record(app, [activity('O-N', { at: at('22:01'), phoneNumber: '13800000001' }), ...attempts]);
    await check(app, { obligorId: 'O-N', at: at('22:30'), phoneNumber: '13800000001' });
    await check(app, { obligorId: 'O-CAP', at: at('16:00'), phoneNumber: '13900000003' });
    // Beijing's block is not Shanghai's to see.
    await check(app, { obligorId: 'O-BJ', at: at('23:00'), phoneNumber: '13600000004' });
    await waitUntil(
      async () => (await app.request<{ totals: { checks: number } }>('GET', `/api/v1/collection/compliance?from=${DAY}&to=${DAY}`)).body.totals.checks === 3,
      30_000,
      'the gate checks counted',
    );
  });

  it('shows the recorded breaches and blocks of the branch, with a chart, filtered in the address', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'dash-sh');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '合规看板 Compliance dashboard' }).click();
    await page.waitForURL('**/collections/compliance');
    await page.getByLabel('from', { exact: true }).fill(DAY);
    await page.getByLabel('to', { exact: true }).fill(DAY);
    await page.getByRole('button', { name: '查询 Show' }).click();
    await page.waitForURL(`**/collections/compliance?from=${DAY}&to=${DAY}`);
    const total = (field: string) => page.getByTestId(`total-${field}`).innerText();
    await page.getByTestId('total-checks').filter({ hasText: '2' }).waitFor();
    expect([await total('checks'), await total('blocked'), await total('activities'), await total('quietHourBreaches'), await total('capBreaches')]).toEqual([
      '2',
      '2',
      '8',
      '1',
      '1',
    ]);
    const reasons = page.getByRole('table', { name: '拦截原因 Blocked by reason' });
    await expect(reasons.getByRole('row', { name: /夜间免打扰时段 Quiet hours\s+1/ }).count()).resolves.toBe(1);
    await expect(reasons.getByRole('row', { name: /同一号码呼叫超频 Attempts per number cap\s+1/ }).count()).resolves.toBe(1);
    const breaches = page.getByRole('table', { name: '违规类型 Breaches by kind' });
    await expect(breaches.getByRole('row').count()).resolves.toBe(3);
    // The line chart over time and a bar chart by reason are drawn.
    await expect(page.getByRole('img', { name: '拦截与违规 Blocks and breaches' }).locator('path').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole('img', { name: '拦截原因 Blocked by reason' }).locator('rect').count()).resolves.toBe(2);
    await screenshot(page, 'collections-dashboard');

    // Grouping by month goes into the address; a reload keeps it.
    await page.getByLabel('group by').selectOption('month');
    await page.getByRole('button', { name: '查询 Show' }).click();
    await page.waitForURL(`**/collections/compliance?from=${DAY}&to=${DAY}&groupBy=month`);
    await page.reload();
    await page
      .getByRole('table', { name: '随时间变化 Over time' })
      .getByRole('cell', { name: DAY.slice(0, 7), exact: true })
      .waitFor();
    await expect(page.getByLabel('group by').inputValue()).resolves.toBe('month');
  });

  it('says what is wrong with a range longer than a year', async () => {
    const { page, app } = suite;
    await page.goto(`${app.url}/collections/compliance?from=2024-01-01&to=2026-01-01`);
    await page
      .getByRole('alert')
      .filter({ hasText: /at most 366 days/ })
      .waitFor();
  });
});
