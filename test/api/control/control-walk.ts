import type { TestApp } from '../../support/test-app';
import { ok } from './control-fixtures';

const PLAN_TEXT = { period: '2026', title: 'walk', units: ['BR-BJ'], areas: ['collection'] };
const EMERGENCY_TEXT = {
  title: 'walk',
  scenario: 'system-outage',
  trigger: 'walk',
  steps: [{ step: 1, action: 'walk', role: 'IT duty officer' }],
  contacts: [{ position: 'IT duty officer', duty: 'walk' }],
};

/** Valid bodies for the internal-control steps, so the scope walk (test/api/scope-walk.test.ts) reaches the scope check rather than a 400. */
export const CONTROL_BODIES: Record<string, unknown> = {
  'put /control/plans/:planId': { revision: 1, ...PLAN_TEXT },
  'post /control/plans/:planId/approve': { revision: 1 },
  'post /control/inspections/:inspectionId/findings': { revision: 1, severity: 'low', area: 'collection', description: 'walk' },
  'post /control/inspections/:inspectionId/remediations': { revision: 1, findingId: 'F1', action: 'walk', owner: 'walk', dueOn: '2026-12-31' },
  'post /control/inspections/:inspectionId/complete': { revision: 1 },
  'post /control/inspections/:inspectionId/remediations/:remediationId/remediate': { revision: 1, evidence: { note: 'walk' } },
  'post /control/inspections/:inspectionId/remediations/:remediationId/review': { revision: 1, outcome: 'close' },
  'put /control/emergency-plans/:planId': { revision: 1, ...EMERGENCY_TEXT },
  'post /control/emergency-plans/:planId/approve': { revision: 1 },
  'post /control/emergency-plans/:planId/activate': { revision: 2, reason: 'walk' },
  'post /control/activations/:activationId/steps': { revision: 1, step: 1, note: 'walk' },
  'post /control/activations/:activationId/close': { revision: 1, review: 'walk' },
};

type Fixtures = Record<string, { label: string; params: Record<string, string> }[]>;

/**
 * Beijing's and HQ's internal-control records for the walk: a Shanghai user must get 404 or 403 on each. Inspections
 * are scoped by the unit inspected (never HQ), so both are Beijing's: HQ's inspection of it and its self-inspection.
 */
export async function controlFixtures(app: TestApp, approver: string): Promise<Fixtures> {
  const plan = async (kind: string, orgUnit: string) => {
    const drafted = await ok<{ plan: { planId: string } }>(app, 'POST', '/control/plans', { kind, orgUnit, ...PLAN_TEXT });
    return (await ok<{ plan: { planId: string } }>(app, 'POST', `/control/plans/${drafted.plan.planId}/approve`, { revision: 1 }, approver)).plan.planId;
  };
  const hqPlan = await plan('hq-on-branch', 'HQ');
  const bjPlan = await plan('self-inspection', 'BR-BJ');
  const inspections: string[] = [];
  for (const planId of [hqPlan, bjPlan]) {
    const started = await ok<{ inspection: { inspectionId: string } }>(app, 'POST', '/control/inspections', {
      planId,
      orgUnit: 'BR-BJ',
      areas: ['collection'],
      title: 'walk',
      dueOn: '2026-12-31',
    });
    inspections.push(started.inspection.inspectionId);
  }
  const emergency: string[] = [];
  const activations: string[] = [];
  for (const orgUnit of ['BR-BJ', 'HQ']) {
    const drafted = await ok<{ plan: { planId: string } }>(app, 'POST', '/control/emergency-plans', { orgUnit, ...EMERGENCY_TEXT });
    await ok(app, 'POST', `/control/emergency-plans/${drafted.plan.planId}/approve`, { revision: 1 }, approver);
    emergency.push(drafted.plan.planId);
    const activated = await ok<{ activation: { activationId: string } }>(app, 'POST', `/control/emergency-plans/${drafted.plan.planId}/activate`, {
      revision: 2,
      reason: 'walk',
    });
    activations.push(activated.activation.activationId);
  }
  return {
    '/control/plans/:planId': [
      { label: "HQ's inspection plan", params: { planId: hqPlan } },
      { label: "Beijing's self-inspection plan", params: { planId: bjPlan } },
    ],
    '/control/inspections/:inspectionId': [
      { label: "HQ's inspection of Beijing", params: { inspectionId: inspections[0]!, remediationId: 'R1' } },
      { label: "Beijing's self-inspection", params: { inspectionId: inspections[1]!, remediationId: 'R1' } },
    ],
    '/control/emergency-plans/:planId': [
      { label: "Beijing's emergency plan", params: { planId: emergency[0]! } },
      { label: "HQ's emergency plan", params: { planId: emergency[1]! } },
    ],
    '/control/activations/:activationId': [
      { label: "an activation of Beijing's plan", params: { activationId: activations[0]! } },
      { label: "an activation of HQ's plan", params: { activationId: activations[1]! } },
    ],
  };
}
