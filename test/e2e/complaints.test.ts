/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { dateFromDay, dateOfMoment, dayFromDate } from '../../server/ground/calendar';
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';
import { runJob } from '../support/monitoring-helpers';

/**
 * Complaints in the studio (docs/complaints.md, Arts 24-31): a branch operator files a complaint and works it to the
 * closure review; an independent approver's close is refused while the call-back and the root cause are missing, so the
 * complaint goes back for rework with them listed; the operator completes the file, the approver closes it, and the
 * month's statistics count it. Users are seeded through the API.
 */
const today = dateOfMoment(new Date());
const month = today.slice(0, 7);

let operator = '';

describeInBrowser('complaints in the studio', () => {
  const suite = browserSuite(async ({ app }) => {
    await app.platform.startJobs();
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    operator = await app.createUserAndLogin('cs-op', ['branch-operator'], 'BR-SH');
    await app.createUserAndLogin('cs-reviewer', ['approver'], 'BR-SH');
    await app.createUserAndLogin('cs-admin', ['admin'], 'HQ');
  });

  const step = (page: Page, action: string) => page.getByRole('form', { name: `step ${action}` });
  const status = (page: Page, text: string) => page.getByTestId('complaint-status').filter({ hasText: text }).waitFor();

  it('goes from intake to closure review, back for rework once, and closed; the statistics count it', async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'cs-op');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '投诉 Complaints' }).click();
    await page.waitForURL('**/complaints');
    await page.getByRole('link', { name: '登记投诉 New complaint' }).click();
    const intake = page.getByRole('form', { name: 'complaint intake' });
    await intake.getByLabel('渠道 Channel').selectOption('phone');
    await intake.getByLabel('投诉人姓名 Complainant name').fill('Li Xiaoming-Studio');
    await intake.getByLabel('电话 Phone').fill('+86 138 0000 1234');
    await intake.getByLabel('投诉事项 Subject').selectOption('insurer-staff');
    await intake.getByLabel('客户编号 Obligor').fill('OB-9');
    await intake.getByLabel('投诉内容 Summary').fill('The branch did not call back.');
    await intake.getByRole('button', { name: '登记 File complaint' }).click();
    await page.waitForURL(/\/complaints\/TS-BR-SH-\d{6}-\d+$/);
    const complaintId = decodeURIComponent(page.url().split('/').pop()!);
    await status(page, '已接收 Received');
    // The complainant is shown masked only (Art. 31).
    expect(await page.getByTestId('complainant').textContent()).toContain('L*');
    expect(await page.content()).not.toContain('Li Xiaoming-Studio');

    await step(page, 'accept').getByLabel('受理凭证 Evidence').fill('Told the complainant by phone: accepted.');
    await step(page, 'accept').getByRole('button', { name: '受理 Accept' }).click();
    await status(page, '已受理 Accepted');
    const decide = step(page, 'decide');
    await decide.getByLabel('处理结果 Outcome').selectOption('partly-upheld');
    await decide.getByLabel('责任方 Party').selectOption('insurer');
    await decide.getByLabel('成立 Upheld').check();
    await decide.getByLabel('说明 Note').fill('The call-back was late; apologised.');
    await decide.getByRole('button', { name: '作出决定 Decide' }).click();
    await status(page, '已决定 Decided');
    await step(page, 'feedback').getByLabel('反馈渠道 Channel').selectOption('phone');
    await step(page, 'feedback').getByRole('button', { name: '记录反馈 Record feedback' }).click();
    await page.getByTestId('step-feedback').waitFor();
    await step(page, 'submit').getByRole('button', { name: '提交结案复核 Submit for closure review' }).click();
    await status(page, '结案复核中 In closure review');

    // An approver who handled nothing reviews: the close is refused, the missing items are listed, the complaint is back for rework.
    await switchUser(page, app, 'cs-reviewer');
    await page.goto(`${app.url}/complaints?status=in-review`);
    const queue = page.getByRole('region', { name: 'complaint queue' });
    await queue.getByRole('link', { name: complaintId }).click();
    await step(page, 'review').getByRole('button', { name: '结案 Close' }).click();
    await status(page, '退回完善 Rework');
    const missing = page.getByTestId('review-missing');
    await missing.getByText('满意度回访 Call-back').waitFor();
    await missing.getByText('根因 Root cause').waitFor();
    await screenshot(page, 'complaint-rework');

    await switchUser(page, app, 'cs-op');
    await page.goto(`${app.url}/complaints/${complaintId}`);
    await status(page, '退回完善 Rework');
    await step(page, 'callback').getByLabel('回访结果 Result').selectOption('satisfied');
    await step(page, 'callback').getByRole('button', { name: '记录回访 Record call-back' }).click();
    await page.getByTestId('step-callback').waitFor();
    await step(page, 'root-cause').getByLabel('根因 Root cause').selectOption('process-delay');
    await step(page, 'root-cause').getByLabel('根因说明 What it was').fill('Call-backs had no owner at the branch.');
    await step(page, 'root-cause').getByRole('button', { name: '记录根因 Record root cause' }).click();
    await page.getByTestId('step-root-cause').waitFor();
    await step(page, 'submit').getByRole('button', { name: '提交结案复核 Submit for closure review' }).click();
    await status(page, '结案复核中 In closure review');

    await switchUser(page, app, 'cs-reviewer');
    await page.goto(`${app.url}/complaints/${complaintId}`);
    await step(page, 'review').getByRole('button', { name: '结案 Close' }).click();
    await status(page, '已结案 Closed');
    expect(await page.getByRole('table', { name: 'complaint history' }).locator('tbody tr').count()).toBeGreaterThanOrEqual(9);

    await page.getByRole('link', { name: '月度统计 Monthly statistics' }).click();
    await page.getByLabel('月份 Month').fill(month);
    await page.getByRole('button', { name: '查询 Show' }).click();
    await page.getByTestId('stat-received').filter({ hasText: '1' }).waitFor();
    expect(await page.getByTestId('stat-closed').textContent()).toBe('1');
    const bySubject = page.getByRole('figure', { name: 'complaints by subject' });
    expect(await bySubject.getByTestId('bar-insurer-staff').getAttribute('data-value')).toBe('1');
    await screenshot(page, 'complaint-statistics');
  });

  it('shows a missed deadline in red in the queue, and a step on a stale revision as a 409 in words', async () => {
    const { page, app } = suite;
    const intake = async (receivedAt: string) => {
      const response = await app.request<{ complaint: { complaintId: string; revision: number } }>('POST', '/api/v1/complaints', {
        as: operator,
        body: {
          channel: 'letter',
          receivedAt,
          complainant: { name: 'Wu Late', phone: '13700002222' },
          subject: { kind: 'other' },
          summary: 'late',
          complexity: 'simple',
        },
      });
      expect([response.status, response.status === 201 ? '' : response.text]).toEqual([201, '']);
      return response.body.complaint;
    };
    const late = await intake(`${dateFromDay(dayFromDate(today) - 12)}T02:00:00Z`);
    const fresh = await intake(new Date().toISOString());
    await runJob(app, 'complaint-deadlines', { asOf: today });

    await switchUser(page, app, 'cs-op');
    await page.goto(`${app.url}/complaints?status=received`);
    const queue = page.getByRole('region', { name: 'complaint queue' });
    // The nearest deadline first: the late one leads, in red.
    await queue.getByTestId(`complaint-${late.complaintId}`).waitFor();
    expect(await queue.locator('tbody tr').first().getAttribute('data-testid')).toBe(`complaint-${late.complaintId}`);
    const missed = queue.getByTestId(`complaint-${late.complaintId}`).getByTestId('deadline-state');
    expect([await missed.getAttribute('data-state'), await missed.getAttribute('class')]).toEqual(['missed', 'deadline deadline-missed']);
    expect(await queue.getByTestId(`complaint-${fresh.complaintId}`).getByTestId('deadline-state').getAttribute('data-state')).toBe('running');
    await screenshot(page, 'complaint-queue');

    // Someone accepts it meanwhile: this page's accept names a stale revision and is answered 409, said in words.
    await queue.getByRole('link', { name: late.complaintId }).click();
    await status(page, '已接收 Received');
    const accepted = await app.request('POST', `/api/v1/complaints/${late.complaintId}/accept`, {
      as: operator,
      body: { revision: late.revision, evidence: { note: 'accepted elsewhere' } },
    });
    expect(accepted.status).toBe(200);
    await step(page, 'accept').getByLabel('受理凭证 Evidence').fill('Told by letter.');
    await step(page, 'accept').getByRole('button', { name: '受理 Accept' }).click();
    await page.getByText('该投诉已被他人更新或状态已变化').waitFor();
    await page.getByRole('button', { name: '重新载入 Reload' }).click();
    await status(page, '已受理 Accepted');
  });

  it("HQ sets a unit's complaint organisation and channels; an internet-business unit without an online channel is refused at the field", async () => {
    const { page, app } = suite;
    await switchUser(page, app, 'cs-admin');
    await page.goto(`${app.url}/complaints/settings`);
    await page.getByLabel('settings org unit').fill('BR-SH');
    await page.getByRole('button', { name: '载入 Load' }).click();
    const form = page.getByRole('form', { name: 'complaint settings' });
    await form.getByLabel('分管高级管理人员职务 Senior manager’s title').fill('Deputy general manager');
    await form.getByLabel('分管高级管理人员 Senior manager (user)').fill('wang.deputy');
    await form.getByLabel('投诉管理部门 Complaint department').fill('Customer complaints office');
    await form.getByLabel('开展互联网业务 Internet business').check();
    await form.getByLabel('投诉电话 Hotline').fill('95500');
    await form.getByRole('button', { name: '保存 Save' }).click();
    await form.locator('.field-error').first().waitFor();
    await form.getByLabel('在线渠道 Online channel').fill('https://insurer.example/complaints');
    await form.getByRole('button', { name: '保存 Save' }).click();
    await form.getByText('已保存 Saved').waitFor();
    const stored = await app.request<{ revision: number; channels: Record<string, string> }>('GET', '/api/v1/complaints/settings/BR-SH');
    expect([stored.body.revision, stored.body.channels]).toEqual([1, { hotline: '95500', online: 'https://insurer.example/complaints' }]);
    await screenshot(page, 'complaint-settings');
  });
});
