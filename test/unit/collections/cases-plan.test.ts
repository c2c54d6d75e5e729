import { chooseAssignment, planCase, scheduleTreatment, stageOfBucket } from '../../../server/collections/cases/case-plan';

describe('collection case planning', () => {
  test('stages follow the metric buckets: M1, M2, and M3+ for M3 and over 180 days; other buckets are no stage', () => {
    expect(['settled', 'M0', 'M1', 'M2', 'M3', 'over180', 'claimed'].map((bucket) => stageOfBucket(bucket as never))).toEqual([
      null,
      null,
      'M1',
      'M2',
      'M3+',
      'M3+',
      null,
    ]);
  });

  test('an overdue line without a case opens one; a current line without a case is left alone', () => {
    expect(planCase(undefined, 'M1', '2025-08-01')).toEqual({ action: 'opened', stage: 'M1' });
    expect(planCase(undefined, 'M0', '2025-08-01')).toBeUndefined();
    expect(planCase(undefined, undefined, '2025-08-01')).toBeUndefined();
  });

  test('an open case moves stage, stays put on the same stage, and closes as cured, settled or claimed', () => {
    const open = { status: 'open' as const, stage: 'M1' as const, changedOn: '2025-08-01' };
    expect(planCase(open, 'M2', '2025-09-01')).toEqual({ action: 'stage-moved', from: 'M1', stage: 'M2' });
    expect(planCase(open, 'M1', '2025-08-20')).toBeUndefined();
    expect(planCase(open, 'M0', '2025-08-20')).toEqual({ action: 'closed', reason: 'cured' });
    expect(planCase(open, 'settled', '2025-08-20')).toEqual({ action: 'closed', reason: 'settled' });
    expect(planCase(open, 'claimed', '2025-08-20')).toEqual({ action: 'closed', reason: 'claimed' });
    // The line left the book (every loan gone): nothing is owed on it any more.
    expect(planCase(open, undefined, '2025-08-20')).toEqual({ action: 'closed', reason: 'settled' });
  });

  test('a closed case reopens when the line falls overdue again, and stays closed otherwise', () => {
    const closed = { status: 'closed' as const, stage: 'M1' as const, changedOn: '2025-08-01' };
    expect(planCase(closed, 'M1', '2025-10-01')).toEqual({ action: 'reopened', stage: 'M1' });
    expect(planCase(closed, 'M0', '2025-10-01')).toBeUndefined();
  });

  test('a day earlier than the case last changed does not move it back (a rerun of an old day changes nothing)', () => {
    const open = { status: 'open' as const, stage: 'M2' as const, changedOn: '2025-09-01' };
    expect(planCase(open, 'M1', '2025-08-20')).toBeUndefined();
    expect(planCase(open, 'M0', '2025-08-31')).toBeUndefined();
  });

  test('the assignment of highest rule priority decides; none fired is no assignment', () => {
    const priorities = new Map([
      ['m2-local-team', 10],
      ['high-balance-central-team', 30],
    ]);
    const local = { type: 'assignment', rule: 'm2-local-team', params: { handler: 'local-team', reason: 'mid-stage', basis: 'Art. 12', treatment: [] } };
    const central = {
      type: 'assignment',
      rule: 'high-balance-central-team',
      params: { handler: 'central-team', reason: 'high-balance', basis: 'Art. 12', treatment: [] },
    };
    expect(chooseAssignment([local, central], priorities)?.handler).toBe('central-team');
    expect(chooseAssignment([central, local], priorities)?.rule).toBe('high-balance-central-team');
    expect(chooseAssignment([], priorities)).toBeUndefined();
    expect(chooseAssignment([{ type: 'other', rule: 'x', params: {} }], priorities)).toBeUndefined();
  });

  test('treatment steps are dated from the day the stage began (day 1 is that day)', () => {
    expect(
      scheduleTreatment(
        [
          { channel: 'sms', day: 1 },
          { channel: 'call', day: 3, repeat: true },
          { channel: 'letter', day: 15 },
        ],
        '2025-08-30',
      ),
    ).toEqual([
      { channel: 'sms', day: 1, on: '2025-08-30' },
      { channel: 'call', day: 3, repeat: true, on: '2025-09-01' },
      { channel: 'letter', day: 15, on: '2025-09-13' },
    ]);
  });
});
