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
    const inspection = page.getByRole('region', { name: 'inspections' }).getByTestId(`inspection-${inspectionId}`);
    await inspection.getByText('Calls after 21:00').waitFor();
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
});
