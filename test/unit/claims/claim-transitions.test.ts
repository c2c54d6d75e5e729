import type { DecisionEvent } from '../../../server/engine/evaluate';
import { claimStatusFact, claimTransition } from '../../../server/claims/claim-transitions';

const claim = (action: string, reason?: string): DecisionEvent => ({ type: 'claim', params: { action, ...(reason ? { reason } : {}) } }) as DecisionEvent;
const noRecords = { approved: false, paid: false };

test('the trigger never moves a workflow case backwards: imported claim records leave it where it is', () => {
  for (const status of ['reported', 'registered', 'adjusted', 'paid', 'subrogated', 'archived'] as const)
    expect([status, claimTransition(status, [], { approved: true, paid: true })]).toEqual([status, undefined]);
  expect(claimTransition('open', [], { approved: true, paid: false })).toMatchObject({ to: 'approved' });
});

test('a workflow case suspended before approval resumes where it was, not at open', () => {
  const suspended = claimTransition('registered', [claim('suspend-claim')], noRecords);
  expect(suspended).toEqual({ to: 'suspended', action: 'suspended', reason: null, resumeTo: 'registered' });
  expect(claimTransition('suspended', [claim('open-claim', 'claim-point-reached')], noRecords, 'registered')).toEqual({
    to: 'registered',
    action: 'reopened',
    reason: 'claim-point-reached',
    resumeTo: null,
  });
  // A case the trigger opened and suspended reopens at open, as before.
  expect(claimTransition('suspended', [claim('open-claim', 'claim-point-reached')], noRecords, null)).toMatchObject({ to: 'open' });
  // Advised for withdrawal from the workflow, then suspended: it still returns to the workflow step.
  expect(claimTransition('reported', [claim('advise-withdrawal')], noRecords)).toMatchObject({ to: 'advise-withdrawal', resumeTo: 'reported' });
  expect(claimTransition('advise-withdrawal', [claim('suspend-claim')], noRecords, 'reported')).toMatchObject({ to: 'suspended', resumeTo: 'reported' });
});

test('the rules see workflow cases before approval as requested, approved as approved, paid and beyond as paid', () => {
  expect(
    ['reported', 'registered', 'adjusted', 'approved', 'paid', 'subrogated', 'archived', 'withdrawn'].map((status) =>
      claimStatusFact(status as never, false, false),
    ),
  ).toEqual(['requested', 'requested', 'requested', 'approved', 'paid', 'paid', 'paid', 'none']);
});
