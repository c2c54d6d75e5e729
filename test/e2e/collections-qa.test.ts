/// <reference lib="dom" />
import { runJob } from '../support/monitoring-helpers';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { activity, record, seedObligors } from '../api/collections/gate-helpers';

/**
 * The QA queue in a real browser (docs/collection-conduct.md): a reviewer opens the queue from the
 * navigation, opens a sample beside the list (its id in the address), takes it, reviews it with an
 * Art. 13 tag, severity and evidence; the finding is in the findings register. Another sample is
 * reviewed clean. The filters live in the address: reloading shows the same list.
 */
describeInBrowser('the QA queue in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.platform.startJobs();
    await app.createUserAndLogin('qa-reviewer', ['policy-owner'], 'HQ');
    await seedObligors(app, ['OB-1']);
    const answer = await record(app, [
      activity('OB-1', { activityId: 'QT-1', contentTags: ['intimidation'], recording: { reference: 'rec://qt-1', retainUntil: '2029-01-01' } }),
      activity('OB-1', { activityId: 'QT-2', contentTags: ['harassment'] }),
    ]);
    expect(answer.recordedCount).toBe(2);
    await runJob(app, 'collection-qa-sampling', {});
  });

  it('a reviewer takes a sample, reviews it with a finding, and reviews another clean', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'qa-reviewer');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '催收质检 QA queue' }).click();
    await page.waitForURL('**/collection/qa');
    const table = page.getByRole('table', { name: 'qa samples' });
    await table.getByRole('button', { name: 'QT-1' }).waitFor();
    await table.getByRole('button', { name: 'QT-1' }).click();
    await page.waitForURL('**/collection/qa?sample=QT-1');
    const panel = page.getByRole('region', { name: 'qa sample' });
    await panel.getByText('rec://qt-1').waitFor();
    await panel.getByRole('button', { name: '领取 Take' }).click();
    await panel.getByText('质检中 Taken').first().waitFor();

    const form = panel.getByRole('form', { name: 'review' });
    // Reported tags are ticked already; the reviewer adds one and sets the severity.
    await expect(form.getByLabel('恐吓 Intimidation').isChecked()).resolves.toBe(true);
    await form.getByLabel('骚扰 Harassment').check();
    await form.getByLabel('severity').selectOption('high');
    await form.getByLabel('evidence').fill('12:40 threatened to call the employer');
    await screenshot(page, 'collections-qa-review-form');
    await form.getByRole('button', { name: '提交质检结论 Submit review' }).click();
    await panel.getByLabel('review result').getByText('qa:QT-1').waitFor();
    await screenshot(page, 'collections-qa-reviewed');

    const findings = await app.request<{ items: { findingId: string; source: string; tags: string[]; severity: string }[] }>(
      'GET',
      '/api/v1/collection/findings?source=qa-review',
    );
    expect(findings.body.items).toEqual([
      expect.objectContaining({ findingId: 'qa:QT-1', source: 'qa-review', tags: ['intimidation', 'harassment'], severity: 'high' }),
    ]);

    // The filters are in the address: the reviewed list, reloaded, shows the same.
    await page.getByRole('form', { name: 'qa filters' }).getByLabel('status').selectOption('reviewed');
    await page.waitForURL('**/collection/qa?status=reviewed');
    await page.reload();
    await table.getByRole('button', { name: 'QT-1' }).waitFor();
    await expect(table.getByRole('button', { name: 'QT-2' }).count()).resolves.toBe(0);

    // The other sample, reviewed clean straight from the queue.
    await page.getByRole('form', { name: 'qa filters' }).getByLabel('status').selectOption('queued');
    await table.getByRole('button', { name: 'QT-2' }).click();
    const clean = page.getByRole('region', { name: 'qa sample' }).getByRole('form', { name: 'review' });
    await clean.getByLabel('合规 Clean').check();
    await clean.getByLabel('evidence').fill('listened to the whole call: polite');
    await clean.getByRole('button', { name: '提交质检结论 Submit review' }).click();
    await page.getByRole('region', { name: 'qa sample' }).getByLabel('review result').getByText('合规 Clean').waitFor();
    const reviewed = await app.request<{ status: string; review: { result: string } }>('GET', '/api/v1/collection/qa/QT-2');
    expect([reviewed.body.status, reviewed.body.review.result]).toEqual(['reviewed', 'clean']);

    // The compliance score of the month of the activities, ranked by the score (never by amount recovered).
    const scores = page.getByRole('region', { name: 'compliance score' });
    await scores.getByLabel('from month').fill('2026-11');
    await scores.getByLabel('to month').fill('2026-11');
    const row = scores.getByRole('table', { name: 'compliance scores' }).getByRole('row').filter({ hasText: 'BR-SH' });
    await row.waitFor();
    // Two samples reviewed, one high finding: 100 - 10 x 100 x 1 / 2 = 0 (not below 0).
    await expect(row.getByRole('cell').nth(2).innerText()).resolves.toBe('0');
    await screenshot(page, 'collections-qa-score');
  });
});
