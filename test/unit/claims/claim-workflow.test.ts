import { takeStep, WORKFLOW, type ClaimAction, type ClaimCaseStatus, type GuardInput } from '../../../server/claims/claim-workflow';

const input = (extra: Partial<GuardInput> = {}): GuardInput => ({
  actor: 'ada',
  actorOrgUnit: 'HQ',
  headOffice: 'HQ',
  unreconciled: [],
  estimatedLossCents: 500_000,
  documents: [],
  adjustedBy: 'bo',
  earlyRequestedBy: 'bo',
  ...extra,
});

test('the full path from the insured report to the archive, each step by its role', () => {
  const path: [ClaimAction, 'branch-operator' | 'approver', ClaimCaseStatus][] = [
    ['report', 'branch-operator', 'reported'],
    ['register', 'branch-operator', 'registered'],
    ['adjust', 'branch-operator', 'adjusted'],
    ['approve', 'approver', 'approved'],
    ['pay', 'branch-operator', 'paid'],
    ['subrogate', 'branch-operator', 'subrogated'],
    ['archive', 'branch-operator', 'archived'],
  ];
  let status: ClaimCaseStatus = 'open';
  for (const [action, role, to] of path) {
    const outcome = takeStep(status, action, [role], input({ documents: ['policy', 'loan-contract', 'repayment-records', 'assignment-confirmation'] }));
    expect([action, outcome]).toEqual([action, { ok: true, to }]);
    status = to;
  }
});

test('registration needs an estimated loss (422 with the field)', () => {
  expect(takeStep('reported', 'register', ['branch-operator'], input({ estimatedLossCents: null }))).toMatchObject({
    ok: false,
    status: 422,
    details: [{ path: '/body/estimatedLoss' }],
  });
});

test('approval: never by the adjuster (403), never with a difference unreconciled (422, each listed)', () => {
  expect(takeStep('adjusted', 'approve', ['approver'], input({ actor: 'bo' }))).toMatchObject({ ok: false, status: 403 });
  expect(takeStep('adjusted', 'approve', ['approver'], input({ unreconciled: ['interestCents', 'repaidBeforeClaimCents'] }))).toMatchObject({
    ok: false,
    status: 422,
    details: [{ path: '/differences/interestCents' }, { path: '/differences/repaidBeforeClaimCents' }],
  });
  expect(takeStep('adjusted', 'approve', ['branch-operator'], input())).toMatchObject({ ok: false, status: 403 });
});

test('archive lists every missing document of Art. 18', () => {
  expect(takeStep('subrogated', 'archive', ['branch-operator'], input({ documents: ['policy', 'loan-contract'] }))).toMatchObject({
    ok: false,
    status: 422,
    details: [{ path: '/documents/repayment-records' }, { path: '/documents/assignment-confirmation' }],
  });
});

test('early payment (Art. 2(4)): requested on a loan without a case, approved by an approver of head office who did not request it', () => {
  expect(takeStep(null, 'request-early-payment', ['branch-operator'], input())).toEqual({ ok: true, to: 'early-requested' });
  expect(takeStep('open', 'request-early-payment', ['branch-operator'], input())).toMatchObject({ ok: false, status: 409 });
  expect(takeStep('early-requested', 'approve-early-payment', ['approver'], input({ actorOrgUnit: 'BR-SH' }))).toMatchObject({ ok: false, status: 403 });
  expect(takeStep('early-requested', 'approve-early-payment', ['approver'], input({ actor: 'bo' }))).toMatchObject({ ok: false, status: 403 });
  expect(takeStep('early-requested', 'approve-early-payment', ['approver'], input())).toEqual({ ok: true, to: 'early-approved' });
  expect(takeStep('early-approved', 'report', ['branch-operator'], input())).toEqual({ ok: true, to: 'reported' });
});

test('withdrawal closes any case before approval, none after; nothing leaves a settled case', () => {
  for (const status of ['open', 'advise-withdrawal', 'suspended', 'reported', 'registered', 'adjusted'] as const)
    expect(takeStep(status, 'withdraw', ['branch-operator'], input())).toEqual({ ok: true, to: 'withdrawn' });
  for (const status of ['approved', 'paid', 'archived', 'rejected', 'withdrawn'] as const)
    expect(takeStep(status, 'withdraw', ['branch-operator'], input())).toMatchObject({ ok: false, status: 409 });
  for (const step of WORKFLOW) for (const settled of ['archived', 'withdrawn', 'rejected'] as const) expect(step.from).not.toContain(settled);
});

test('a step out of order is a 409 naming where it is allowed from', () => {
  expect(takeStep('open', 'approve', ['approver'], input())).toMatchObject({
    ok: false,
    status: 409,
    details: [{ message: 'approve is allowed from: adjusted' }],
  });
});
