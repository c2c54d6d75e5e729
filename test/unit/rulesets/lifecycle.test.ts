import {
  activePublication,
  approvalProblem,
  displayState,
  transition,
  type LifecycleAction,
  type StoredState,
} from '../../../server/rulesets/ruleset.lifecycle';

const STATES: StoredState[] = ['draft', 'in-review', 'approved', 'published', 'rejected'];
const ALLOWED: Record<LifecycleAction, [StoredState, StoredState]> = {
  update: ['draft', 'draft'],
  submit: ['draft', 'in-review'],
  approve: ['in-review', 'approved'],
  reject: ['in-review', 'rejected'],
  publish: ['approved', 'published'],
};

describe.each(Object.entries(ALLOWED) as [LifecycleAction, [StoredState, StoredState]][])('%s', (action, [from, to]) => {
  test(`moves ${from} to ${to}`, () => {
    expect(transition(from, action)).toEqual({ ok: true, from, to });
  });
  test.each(STATES.filter((state) => state !== from))(`is refused from %s`, (state) => {
    const result = transition(state, action);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`needs a ${from} version`);
  });
});

test('nothing leaves published or rejected: published content is immutable, rejection reopens as a new version', () => {
  for (const action of Object.keys(ALLOWED) as LifecycleAction[]) {
    expect(transition('published', action).ok).toBe(false);
    expect(transition('rejected', action).ok).toBe(false);
  }
});

test('maker-checker: the approver role itself, and not one of the makers', () => {
  expect(approvalProblem({ name: 'arthur', roles: ['approver'] }, ['olivia'])).toBeUndefined();
  expect(approvalProblem({ name: 'olivia', roles: ['approver', 'policy-owner'] }, ['olivia'])).toMatch(/cannot approve/);
  expect(approvalProblem({ name: 'bob', roles: ['approver'] }, ['olivia', 'bob'])).toMatch(/cannot approve/);
  expect(approvalProblem({ name: 'root', roles: ['admin'] }, ['olivia'])).toMatch(/approver role/);
  expect(approvalProblem({ name: 'olivia', roles: ['policy-owner'] }, ['someone'])).toMatch(/approver role/);
  expect(approvalProblem({ name: 'olivia', roles: ['approver'] }, ['olivia'], 'reject')).toMatch(/cannot reject/);
});

describe('the version in force', () => {
  const at = (iso: string) => new Date(`2026-01-01T${iso}Z`);
  const publications = [
    { version: 1, effectiveFrom: at('00:00:00'), publishedAt: at('00:00:00') },
    { version: 2, effectiveFrom: at('10:00:00'), publishedAt: at('10:00:00') },
    { version: 3, effectiveFrom: at('18:00:00'), publishedAt: at('11:00:00') },
    { version: 4, effectiveFrom: at('12:00:00'), publishedAt: at('12:00:00') },
  ];
  test.each([
    ['09:00:00', 1],
    ['10:00:00', 2],
    ['11:30:00', 2],
    ['12:00:00', 4],
    ['17:59:59', 4],
    ['18:00:00', 3],
  ])('at %s it is version %i', (time, version) => {
    expect(activePublication(publications, at(time))?.version).toBe(version);
  });
  test('none before the first publication', () => {
    expect(activePublication(publications, new Date('2025-12-31T23:00:00Z'))).toBeUndefined();
  });
  test('superseded versions show as retired, future ones as scheduled', () => {
    expect(displayState(1, 'published', publications, at('13:00:00'))).toBe('retired');
    expect(displayState(4, 'published', publications, at('13:00:00'))).toBe('published');
    expect(displayState(3, 'published', publications, at('13:00:00'))).toBe('scheduled');
    expect(displayState(3, 'published', publications, at('18:00:00'))).toBe('published');
    expect(displayState(4, 'published', publications, at('19:00:00'))).toBe('retired');
    expect(displayState(5, 'draft', publications, at('19:00:00'))).toBe('draft');
  });
  test('same effective time: the later publication wins', () => {
    const tie = [
      { version: 1, effectiveFrom: at('10:00:00'), publishedAt: at('08:00:00') },
      { version: 2, effectiveFrom: at('10:00:00'), publishedAt: at('09:00:00') },
    ];
    expect(activePublication(tie, at('10:00:00'))?.version).toBe(2);
  });
});
