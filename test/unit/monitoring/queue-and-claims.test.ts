import { claimStatusFact, claimTransition } from '../../../server/claims/claim-transitions';
import { heartbeatEvery, nextAttempt, paramsKey, STALE_AFTER_MS } from '../../../server/jobs/run-attempts';
import { gradeDowngrade } from '../../../server/monitoring/obligor-facts-batch';
import { acknowledgeAlertChange, acknowledgeTaskChange, assertRevision, completeTaskChange, isOverdue } from '../../../server/monitoring/queue-actions';

const claim = (action: string) => [{ type: 'claim', params: { action, basis: 'Art. 15', reason: 'claim-point-reached' } }];

describe('claim cases', () => {
  test.each([
    ['opened at the claim point', null, claim('open-claim'), { to: 'open', action: 'opened' }],
    ['an open case is not opened twice', 'open', claim('open-claim'), undefined],
    ['repaid in full: withdrawal advised', 'open', claim('advise-withdrawal'), { to: 'advise-withdrawal' }],
    ['repayment resumed before approval: suspended', 'open', claim('suspend-claim'), { to: 'suspended' }],
    ['advised, then behind again below the claim point: suspended', 'advise-withdrawal', claim('suspend-claim'), { to: 'suspended' }],
    ['suspended and past the claim point again: reopened', 'suspended', claim('open-claim'), { to: 'open', action: 'reopened' }],
    ['no event, no change', 'open', [], undefined],
  ] as const)('%s', (_name, status, events, expected) => {
    const transition = claimTransition(status, events, { approved: false, paid: false });
    if (expected === undefined) expect(transition).toBeUndefined();
    else expect(transition).toMatchObject(expected);
  });

  test("the insured's claim records move a case to approved and paid, and set the fact the rules read", () => {
    expect(claimTransition('open', claim('suspend-claim'), { approved: true, paid: false })).toMatchObject({ to: 'approved' });
    expect(claimTransition('approved', [], { approved: true, paid: true })).toMatchObject({ to: 'paid' });
    expect(claimTransition(null, [], { approved: true, paid: true })).toBeUndefined();
    expect([
      claimStatusFact(null, false, false),
      claimStatusFact('advise-withdrawal', false, false),
      claimStatusFact('suspended', false, false),
      claimStatusFact('open', true, false),
    ]).toEqual(['none', 'requested', 'none', 'approved']);
  });
});

describe('job runs', () => {
  const now = new Date('2026-01-01T02:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  test('a schedule runs a period once; an administrator may run it again; a live run is never doubled; a dead one is retried', () => {
    expect(nextAttempt(undefined, 'schedule', now)).toEqual({ start: true, attempt: 1 });
    expect(nextAttempt({ attempt: 1, status: 'succeeded', aliveAt: ago(60) }, 'schedule', now)).toEqual({ start: false, reason: 'done' });
    expect(nextAttempt({ attempt: 1, status: 'succeeded', aliveAt: ago(60) }, 'api', now)).toEqual({ start: true, attempt: 2 });
    // Stale after JOB_STALE_AFTER_MS without a heartbeat (60 s unless set): a minute's silence is a dead worker, not a slow one.
    expect(nextAttempt({ attempt: 2, status: 'running', aliveAt: ago(0.5) }, 'api', now)).toEqual({ start: false, reason: 'in-progress' });
    expect(nextAttempt({ attempt: 2, status: 'running', aliveAt: ago(1) }, 'schedule', now)).toEqual({ start: true, attempt: 3 });
    expect(nextAttempt({ attempt: 2, status: 'running', aliveAt: ago(1) }, 'api', now, 10 * 60_000)).toEqual({ start: false, reason: 'in-progress' });
    expect(nextAttempt({ attempt: 2, status: 'running', aliveAt: ago(0.1) }, 'api', now, 3_000)).toEqual({ start: true, attempt: 3 });
    // A live worker beats five times per staleness period, so four missed beats in a row are needed before its run is retaken.
    expect(heartbeatEvery(STALE_AFTER_MS)).toBe(12_000);
    expect(heartbeatEvery(3_000)).toBe(600);
    expect(nextAttempt({ attempt: 1, status: 'failed', aliveAt: ago(1) }, 'schedule', now)).toEqual({ start: true, attempt: 2 });
    expect(paramsKey({ month: '2025-08', asOf: undefined })).toBe('month=2025-08');
    expect(paramsKey({})).toBe('-');
  });
});

describe('work-queue actions', () => {
  const now = new Date('2025-09-01T08:00:00Z');
  test('a stale revision is a conflict', () => {
    expect(() => assertRevision(3, 2)).toThrow(expect.objectContaining({ status: 409, code: 'stale_version' }));
    expect(() => assertRevision(3, 3)).not.toThrow();
  });

  test('acknowledging and completing follow the state', () => {
    expect(acknowledgeTaskChange({ status: 'open' }, 'op').set).toEqual({ status: 'acknowledged', acknowledgedBy: 'op' });
    expect(() => acknowledgeTaskChange({ status: 'done' }, 'op')).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    expect(() => acknowledgeAlertChange({ status: 'open', acknowledgedBy: 'someone' }, 'op', now)).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    expect(completeTaskChange({ status: 'acknowledged' }, { note: 'done' }, 'op', now).set).toMatchObject({
      status: 'done',
      evidence: { note: 'done', references: [] },
    });
    expect(() => completeTaskChange({ status: 'cancelled' }, { note: 'x' }, 'op', now)).toThrow(expect.objectContaining({ code: 'invalid_state' }));
  });

  test('overdue from the day after the due date while pending', () => {
    expect(isOverdue({ status: 'open', dueOn: '2025-09-04', overdue: false }, '2025-09-04')).toBe(false);
    expect(isOverdue({ status: 'acknowledged', dueOn: '2025-09-04', overdue: false }, '2025-09-05')).toBe(true);
    expect(isOverdue({ status: 'done', dueOn: '2025-09-04', overdue: true }, '2025-09-05')).toBe(false);
  });

  test('grade downgrade counts steps down the scale', () => {
    const scale = new Map(['A', 'B', 'C', 'D', 'E'].map((grade, index) => [grade, index]));
    expect([gradeDowngrade('B', 'D', scale), gradeDowngrade('C', 'A', scale), gradeDowngrade('B', 'Z', scale), gradeDowngrade(null, 'A', scale)]).toEqual([
      2,
      -2,
      null,
      null,
    ]);
  });
});
