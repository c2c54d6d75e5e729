/// <reference lib="dom" />
import { browserSuite, describeInBrowser, screenshot, switchUser } from '../support/browser';

/**
 * The internal-control page in a real browser (docs/internal-control.md): an HQ approver approves a plan another user
 * drafted; the inspection's finding and its remediated item show, and the approver (who did not remediate it) closes
 * it; the emergency plan and its activation show with their steps.
 */
describeInBrowser('the internal-control page in the studio', () => {
  let planId = '';
  let inspectionId = '';
  const suite = browserSuite(async ({ app }) => {
    expect((await app.request('POST', '/api/v1/org-units', { body: { id: 'BR-SH', name: 'Shanghai', parent: 'HQ' } })).status).toBe(201);
    const owner = await app.createUserAndLogin('cowner', ['policy-owner'], 'HQ');
    await app.createUserAndLogin('capprover', ['approver'], 'HQ');
    const checker = await app.createUserAndLogin('capprover2', ['approver'], 'HQ');
    await app.createUserAndLogin('cbranch', ['branch-operator'], 'BR-SH');
    const call = async <T>(method: string, path: string, body: unknown, as?: string) => {
      const response = await app.request<T>(method, `/api/v1${path}`, { body, ...(as ? { as } : {}) });
      expect([path, response.status < 300 ? '' : response.text]).toEqual([path, '']);
      return response.body;
    };
    const approvedPlan = await call<{ plan: { planId: string } }>('POST', '/control/plans', {
      kind: 'hq-on-branch',
      period: '2026',
      title: 'Collection inspections 2026',
      units: ['BR-SH'],
      areas: ['collection'],
    });
    await call('POST', `/control/plans/${approvedPlan.plan.planId}/approve`, { revision: 1 }, checker);
    const drafted = await call<{ plan: { planId: string } }>(
      'POST',
      '/control/plans',
      { kind: 'hq-on-branch', period: '2026-H2', title: 'Claims inspections H2', units: ['BR-SH'], areas: ['claims'] },
      owner,
    );
    planId = drafted.plan.planId;
    type Detail = { inspection: { inspectionId: string; revision: number } };
    let inspection = await call<Detail>('POST', '/control/inspections', {
      planId: approvedPlan.plan.planId,
      orgUnit: 'BR-SH',
      areas: ['collection'],
      title: 'Shanghai collection conduct',
      dueOn: '2026-06-30',
    });
    inspectionId = inspection.inspection.inspectionId;
    const path = `/control/inspections/${inspectionId}`;
    inspection = await call<Detail>('POST', `${path}/findings`, {
      revision: inspection.inspection.revision,
      severity: 'high',
      area: 'collection',
      description: 'Calls after 21:00',
      records: [{ kind: 'collection-case', id: 'CC-9' }],
    });
    inspection = await call<Detail>('POST', `${path}/remediations`, {
      revision: inspection.inspection.revision,
      findingId: 'F1',
      action: 'Block calls after 21:00',
      owner: 'collection team lead',
      dueOn: '2026-09-30',
    });
    await call('POST', `${path}/remediations/R1/remediate`, { revision: inspection.inspection.revision, evidence: { note: 'Gate rule deployed' } }, owner);
    const emergency = await call<{ plan: { planId: string } }>('POST', '/control/emergency-plans', {
      title: 'System outage plan',
      scenario: 'system-outage',
      trigger: 'Monitoring down for 4 hours',
      steps: [{ step: 1, action: 'Switch to manual monitoring', role: 'IT duty officer' }],
      contacts: [{ position: 'IT duty officer', duty: 'restores service' }],
    });
    await call('POST', `/control/emergency-plans/${emergency.plan.planId}/approve`, { revision: 1 }, checker);
    await call('POST', `/control/emergency-plans/${emergency.plan.planId}/activate`, { revision: 2, reason: 'Data centre power failure', alertIds: ['AL-77'] });
  });

  it('an approver approves a drafted plan, closes a remediated item and reads the emergency plans and activations', async () => {
    const { page } = suite;
    await switchUser(page, suite.app, 'capprover');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '内部控制 Internal control' }).click();
    await page.waitForURL('**/control');
    const plans = page.getByRole('region', { name: 'inspection plans' });
    const row = plans.getByTestId(`plan-${planId}`);
    await row.getByRole('button', { name: '审批 Approve' }).click();
    await row.getByTestId('plan-status').filter({ hasText: '已审批 Approved' }).waitFor();
    await screenshot(page, 'control-plans');

    await page.getByRole('tab', { name: '检查 Inspections' }).click();
    await page.getByRole('region', { name: 'inspections' }).getByTestId(`inspection-${inspectionId}`).getByRole('button', { name: '打开 Open' }).click();
    const inspection = page.getByRole('region', { name: 'inspection Shanghai collection conduct' });
    await inspection.getByTestId('finding-F1').getByText('Calls after 21:00').waitFor();
    const item = inspection.getByTestId('remediation-R1');
    await item.getByText('Gate rule deployed').waitFor();
    await item.getByRole('button', { name: '复核关闭 Close after review' }).click();
    await item.getByText('已关闭 closed').waitFor();
    await screenshot(page, 'control-inspections');

    await page.getByRole('tab', { name: '应急预案 Emergency plans' }).click();
    await page.getByRole('region', { name: 'emergency plans' }).getByText('System outage plan').waitFor();
    await page.getByRole('region', { name: 'emergency activations' }).getByText('Data centre power failure (AL-77)').waitFor();
    await screenshot(page, 'control-emergency');
  });

  it('walks an inspection from plan to completion and an emergency plan from draft to a closed activation', async () => {
    const { page, app } = suite;
    const open = async (user: string, tab: string) => {
      await switchUser(page, app, user);
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '内部控制 Internal control' }).click();
      await page.waitForURL('**/control');
      await page.getByRole('tab', { name: tab }).click();
    };

    // The owner drafts a plan: a bad period answers 422 with the field in words, then the plan is saved and revised.
    await open('cowner', '检查计划 Inspection plans');
    const planForm = page.getByRole('form', { name: 'inspection plan form' });
    await planForm.getByLabel('类型 Kind').selectOption('hq-on-branch');
    await planForm.getByLabel('期间 Period').fill('2026-X');
    await planForm.getByLabel('标题 Title').fill('Walked plan 2026');
    await planForm.getByLabel('检查对象 Units (one per line)').fill('BR-SH');
    await planForm.getByRole('checkbox', { name: '催收 collection' }).check();
    await planForm.getByRole('button', { name: '保存草稿 Save draft' }).click();
    await planForm.getByRole('alert').filter({ hasText: '/body/period' }).waitFor();
    await planForm.getByLabel('期间 Period').fill('2026');
    await planForm.getByRole('button', { name: '保存草稿 Save draft' }).click();
    const plans = page.getByRole('region', { name: 'inspection plans' });
    const walked = plans.getByRole('row').filter({ hasText: 'Walked plan 2026' });
    await walked.getByRole('button', { name: '修订 Revise' }).click();
    await planForm.getByLabel('标题 Title').fill('Walked plan 2026 (revised)');
    await planForm.getByRole('button', { name: '保存草稿 Save draft' }).click();
    const revised = plans.getByRole('row').filter({ hasText: 'Walked plan 2026 (revised)' });
    await revised.getByTestId('plan-status').filter({ hasText: '待审批 Draft' }).waitFor();

    // An approver approves it, starts an inspection under it, records a finding and a remediation item.
    await open('capprover', '检查计划 Inspection plans');
    await revised.getByRole('button', { name: '审批 Approve' }).click();
    await revised.getByTestId('plan-status').filter({ hasText: '已审批 Approved' }).waitFor();
    await page.getByRole('tab', { name: '检查 Inspections' }).click();
    const start = page.getByRole('form', { name: 'start inspection form' });
    await start.getByLabel('计划 Plan').selectOption({ label: 'Walked plan 2026 (revised) (2026)' });
    await start.getByLabel('被检查机构 Unit inspected').fill('BR-SH');
    await start.getByRole('checkbox', { name: '催收 collection' }).check();
    await start.getByLabel('标题 Title').fill('Walked inspection');
    await start.getByLabel('期限 Due').fill('2026-12-31');
    await start.getByRole('button', { name: '开始检查 Start an inspection' }).click();
    const inspections = page.getByRole('region', { name: 'inspections' });
    await inspections.getByRole('row').filter({ hasText: 'Walked inspection' }).getByRole('button', { name: '打开 Open' }).click();
    const panel = page.getByRole('region', { name: 'inspection Walked inspection' });
    const finding = panel.getByRole('form', { name: 'finding form' });
    await finding.getByLabel('严重程度 Severity').selectOption('high');
    await finding.getByLabel('领域 Area').selectOption('collection');
    await finding.getByLabel('描述 Description').fill('Calls at night');
    await finding.getByLabel('涉及记录 Records (one "kind id" per line)').fill('collection-case CC-11');
    // Someone else records a finding meanwhile: the page says so in words (409) and reloads.
    const inspectionId = (await panel.getAttribute('data-inspection-id'))!;
    const shown = await app.request<{ inspection: { revision: number } }>('GET', `/api/v1/control/inspections/${inspectionId}`);
    const meanwhile = await app.request('POST', `/api/v1/control/inspections/${inspectionId}/findings`, {
      body: { revision: shown.body.inspection.revision, severity: 'low', area: 'collection', description: 'Recorded meanwhile' },
    });
    expect(meanwhile.status).toBe(200);
    await finding.getByRole('button', { name: '记录问题 Record a finding' }).click();
    await panel.getByRole('alert').filter({ hasText: 'The record changed meanwhile' }).waitFor();
    await panel.getByRole('button', { name: '重新载入 Reload' }).click();
    await panel.getByTestId('finding-F1').getByText('Recorded meanwhile').waitFor();
    // What was typed is still there: the finding is sent again as it was.
    await finding.getByRole('button', { name: '记录问题 Record a finding' }).click();
    await panel
      .getByTestId('finding-F2')
      .filter({ hasText: '重大 high' })
      .filter({ hasText: 'Calls at night' })
      .filter({ hasText: 'collection-case CC-11' })
      .waitFor();
    const item = panel.getByRole('form', { name: 'remediation form' });
    await item.getByLabel('问题 Finding').selectOption('F2');
    await item.getByLabel('整改措施 Action').fill('Block night calls');
    await item.getByLabel('责任人 Owner').fill('collection team lead');
    await item.getByLabel('期限 Due').fill('2026-11-30');
    await item.getByRole('button', { name: '添加整改项 Add a remediation item' }).click();
    await panel.getByTestId('remediation-R1').getByText('Block night calls').waitFor();

    // The inspected branch records the remediation with evidence.
    await open('cbranch', '检查 Inspections');
    await inspections.getByRole('row').filter({ hasText: 'Walked inspection' }).getByRole('button', { name: '打开 Open' }).click();
    const remediation = panel.getByTestId('remediation-R1');
    await remediation.getByLabel('整改证据 Evidence').fill('Night-call gate deployed');
    await remediation.getByRole('button', { name: '提交整改 Record remediation' }).click();
    await remediation.getByText('待复核 remediated').waitFor();

    // The approver (not the remediator) closes it after review and completes the inspection.
    await open('capprover', '检查 Inspections');
    await inspections.getByRole('row').filter({ hasText: 'Walked inspection' }).getByRole('button', { name: '打开 Open' }).click();
    await remediation.getByText('Night-call gate deployed').waitFor();
    await remediation.getByRole('button', { name: '复核关闭 Close after review' }).click();
    await remediation.getByText('已关闭 closed').waitFor();
    await panel.getByRole('button', { name: '完成检查 Complete the inspection' }).click();
    await panel.getByTestId('inspection-status').filter({ hasText: '已完成 completed' }).waitFor();
    await screenshot(page, 'control-inspection-walk');

    // An emergency plan: drafted, refused to its own author (403 in words), approved by another, activated, steps done, closed.
    await page.getByRole('tab', { name: '应急预案 Emergency plans' }).click();
    const planDraft = page.getByRole('form', { name: 'emergency plan form' });
    await planDraft.getByLabel('标题 Title').fill('Mass complaint plan');
    await planDraft.getByLabel('情形 Scenario').selectOption('mass-complaint');
    await planDraft.getByLabel('触发条件 Trigger').fill('50 complaints in a day');
    await planDraft
      .getByLabel('步骤 Steps (one "action | role" per line)')
      .fill('Open the complaint war room | complaints lead\nBrief the branches | branch manager');
    await planDraft.getByLabel('联系岗位 Contacts (one "position | duty" per line)').fill('complaints lead | coordinates');
    await planDraft.getByRole('button', { name: '保存草稿 Save draft' }).click();
    const emergencyPlans = page.getByRole('region', { name: 'emergency plans' });
    const massPlan = emergencyPlans.getByRole('row').filter({ hasText: 'Mass complaint plan' });
    await massPlan.getByRole('button', { name: '审批 Approve' }).click();
    await page.getByRole('alert').filter({ hasText: '提交人不能审批自己的提交' }).waitFor();
    await open('capprover2', '应急预案 Emergency plans');
    await massPlan.getByRole('button', { name: '审批 Approve' }).click();
    await massPlan.getByText('v1').waitFor();
    await massPlan.getByRole('button', { name: '启动预案 Activate' }).click();
    const activate = page.getByRole('form', { name: 'activation form' });
    await activate.getByLabel('启动原因 Reason').fill('Complaints surge in Shanghai');
    await activate.getByLabel('预警编号 Alert ids (one per line)').fill('AL-91');
    await activate.getByLabel('组合预警编号 Warning ids (one per line)').fill('PW-3');
    await activate.getByRole('button', { name: '启动预案 Activate' }).click();
    const activations = page.getByRole('region', { name: 'emergency activations' });
    const activation = activations.getByRole('row').filter({ hasText: 'Complaints surge in Shanghai (AL-91, PW-3)' });
    await activation.getByRole('button', { name: '打开 Open' }).click();
    const record = page.getByRole('region', { name: 'activation Mass complaint plan' });
    const stepForm = record.getByRole('form', { name: 'step form' });
    await stepForm.getByLabel('步骤 Step').selectOption('1');
    await stepForm.getByLabel('执行情况 What was done').fill('War room opened at 09:00');
    await stepForm.getByRole('button', { name: '记录步骤完成 Mark a step done' }).click();
    await record.getByText('War room opened at 09:00').waitFor();
    const closing = record.getByRole('form', { name: 'closing form' });
    await closing.getByLabel('关闭复盘 Closing review').fill('Handled within the day');
    await closing.getByLabel('经验教训 Lessons').fill('Brief branches earlier');
    await closing.getByRole('button', { name: '关闭并复盘 Close with review' }).click();
    await record.getByTestId('activation-status').filter({ hasText: '已关闭 closed' }).waitFor();
    await record.getByText('Handled within the day').waitFor();
    await screenshot(page, 'control-emergency-walk');
  });
});
