import { createOrgUnits } from '../authority/helpers';
import { RecordingSink } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { ok } from './control-fixtures';

/** Emergency plans (Art. 8) over HTTP: versions under maker-checker, an activation with its steps, closed with a review; history, audit and events. */
let app: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

interface Plan {
  planId: string;
  status: string;
  revision: number;
  approved: { version: number } | null;
}
interface Activation {
  activationId: string;
  planVersion: number;
  status: string;
  revision: number;
  steps: { step: number; doneBy: string | null }[];
  closure: { by: string; stepsNotDone: number[] } | null;
}

const PLAN = {
  title: '集中违约应急预案',
  scenario: 'default-concentration',
  trigger: 'A red portfolio warning on the overdue rate, or defaults concentrated in one channel',
  steps: [
    { step: 1, action: 'Suspend new credit in the segment', role: '风险管理部负责人' },
    { step: 2, action: 'Notify the actuarial function', role: '精算责任人' },
  ],
  contacts: [{ position: '风险管理部负责人', duty: 'leads the response' }],
};

beforeAll(async () => {
  app = await startTestApp({}, { eventSink: sink });
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  for (const [name, roles, unit] of [
    ['sh-operator', ['branch-operator'], 'BR-SH'],
    ['sh-approver', ['approver'], 'BR-SH'],
    ['bj-operator', ['branch-operator'], 'BR-BJ'],
  ] as const)
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
}, 60_000);
afterAll(() => app.close());

test('activating and closing an emergency plan leaves history, audit and one event each; contacts carry no personal data', async () => {
  const withPhone = await app.request<{ error: { details: { path: string }[] } }>('POST', '/api/v1/control/emergency-plans', {
    as: as['sh-operator'],
    body: { ...PLAN, contacts: [{ position: 'Mr Wang 13800138000', duty: 'x' }] },
  });
  expect([withPhone.status, withPhone.body.error?.details.map((detail) => detail.path)]).toEqual([400, ['/body/contacts/0/position']]);
  const drafted = await ok<{ plan: Plan }>(app, 'POST', '/control/emergency-plans', PLAN, as['sh-operator']);
  const notYet = await app.request('POST', `/api/v1/control/emergency-plans/${drafted.plan.planId}/activate`, {
    as: as['sh-operator'],
    body: { revision: 1, reason: 'drill' },
  });
  expect(notYet.status).toBe(409);
  const approved = await ok<{ plan: Plan }>(app, 'POST', `/control/emergency-plans/${drafted.plan.planId}/approve`, { revision: 1 }, as['sh-approver']);
  expect(approved.plan).toMatchObject({ status: 'approved', approved: { version: 1 } });

  let activation = (
    await ok<{ activation: Activation }>(
      app,
      'POST',
      `/control/emergency-plans/${drafted.plan.planId}/activate`,
      { revision: approved.plan.revision, reason: 'Red warning on BR-SH overdue rate', alertIds: ['AL-1'], warningIds: ['PW-2026-03'] },
      as['sh-operator'],
    )
  ).activation;
  expect(activation).toMatchObject({ status: 'active', planVersion: 1, alertIds: ['AL-1'], warningIds: ['PW-2026-03'] });
  activation = (
    await ok<{ activation: Activation }>(
      app,
      'POST',
      `/control/activations/${activation.activationId}/steps`,
      { revision: 1, step: 1, note: 'suspended' },
      as['sh-operator'],
    )
  ).activation;
  expect(activation.steps.map((step) => step.doneBy)).toEqual(['sh-operator', null]);
  // Another branch does not see it.
  expect((await app.request('GET', `/api/v1/control/activations/${activation.activationId}`, { as: as['bj-operator'] })).status).toBe(404);
  const closed = await ok<{ activation: Activation; history: { action: string; actor: string }[] }>(
    app,
    'POST',
    `/control/activations/${activation.activationId}/close`,
    { revision: activation.revision, review: 'Contained within a week', lessons: 'Notify actuarial on day one' },
    as['sh-approver'],
  );
  expect(closed.activation).toMatchObject({ status: 'closed', closure: { by: 'sh-approver', stepsNotDone: [2] } });
  expect(closed.history.map((entry) => [entry.action, entry.actor])).toEqual([
    ['activated', 'sh-operator'],
    ['step-done', 'sh-operator'],
    ['closed', 'sh-approver'],
  ]);
  const again = await app.request('POST', `/api/v1/control/activations/${activation.activationId}/close`, {
    as: as['sh-approver'],
    body: { revision: 3, review: 'x' },
  });
  expect(again.status).toBe(409);
  const audit = await app.request<{ items: { action: string; actor: string }[] }>(
    'GET',
    `/api/v1/audit?entityKind=emergency-activation&entityId=${activation.activationId}`,
  );
  expect(audit.body.items.map((entry) => entry.action).sort()).toEqual([
    'activate-emergency-plan',
    'emergency-activation-closed',
    'emergency-activation-step-done',
  ]);
  const events = sink.events.filter((event) => event.data.activationId === activation.activationId);
  expect(events.map((event) => [event.type, event.data])).toEqual([
    ['emergency-plan.activated', { planId: drafted.plan.planId, planVersion: 1, activationId: activation.activationId, scenario: 'default-concentration' }],
    ['emergency-plan.closed', { planId: drafted.plan.planId, planVersion: 1, activationId: activation.activationId, scenario: 'default-concentration' }],
  ]);
  const listed = await ok<{ items: Activation[] }>(app, 'GET', `/control/activations?planId=${drafted.plan.planId}`, undefined, as['sh-operator']);
  expect(listed.items.map((item) => item.activationId)).toEqual([activation.activationId]);
}, 60_000);
