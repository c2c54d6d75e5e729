import { openDeadline } from '../../../studio/src/complaints/deadline-state';
import { actionsFor } from '../../../studio/src/complaints/workflow';
import { ACTION_ROLES, COMPLAINT_ACTIONS, FROM } from '../../../server/complaints/complaint-transitions';
import { COMPLAINT_STATUS_VALUES, type Complaint, type Role } from '../../../server/generated/schema-types';

/** The studio's complaint helpers: the deadline state the queue colours, and the workflow mirror kept equal to the server's table. */
type Item = NonNullable<Complaint['deadlines']>['items'][number];
const item = (stage: Item['stage'], state: Item['state'], doneOn: string | null = null): Item => ({
  stage,
  from: 'received',
  startOn: '2026-03-02',
  unit: 'days',
  limitDays: 15,
  dueOn: '2026-03-17',
  daysLeft: state === 'missed' ? -1 : 3,
  state,
  doneOn,
});
const deadlines = (items: Item[]) => ({
  deadlines: { asOf: '2026-03-18', decisionId: 'D', ruleSet: { key: 'complaint.handling', version: 1 }, items, escalations: [] },
});

test('the queue shows the worst open deadline: missed before approaching before running; a met or taken one is not open', () => {
  expect(openDeadline({ deadlines: null })).toBeNull();
  expect(openDeadline(deadlines([item('acceptance', 'met', '2026-03-03')]))).toBeNull();
  expect(openDeadline(deadlines([item('acceptance', 'missed', '2026-03-12'), item('decision', 'running')]))?.stage).toBe('decision');
  expect(openDeadline(deadlines([item('acceptance', 'approaching'), item('decision', 'missed')]))?.state).toBe('missed');
  expect(openDeadline(deadlines([item('decision', 'running'), item('extension', 'approaching')]))?.state).toBe('approaching');
});

test("the studio offers exactly the steps the server's transition table allows, per status and role", () => {
  const roles: Role[] = ['branch-operator', 'approver', 'auditor'];
  for (const status of COMPLAINT_STATUS_VALUES)
    for (const role of roles) {
      const me = { kind: 'user' as const, name: 'u', orgUnit: 'BR-SH', roles: [role], via: 'session' as const };
      const server = COMPLAINT_ACTIONS.filter((action) => FROM[action].includes(status) && ACTION_ROLES[action].includes(role));
      expect([status, role, actionsFor(status, me)]).toEqual([status, role, server]);
    }
});
