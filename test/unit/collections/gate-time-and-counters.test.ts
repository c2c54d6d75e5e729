import { localDayAndTime, timeProblem } from '../../../server/collections/activities/activity-time';
import { minimumRetention } from '../../../server/collections/activities/activity-rows';
import { activeHolds, consecutiveFailures } from '../../../server/collections/activities/counters';
import { hashNumber } from '../../../server/collections/activities/number-hash';
import { outcomeOf } from '../../../server/collections/gate/gate-outcome';

const now = new Date('2026-12-01T12:00:00Z');

test('a time needs an offset and may not lie beyond the clock skew', () => {
  expect(timeProblem('2026-12-01T10:00:00', now, 300_000)).toMatch(/offset/);
  expect(timeProblem('2026-12-01T10:00:00+08:00', now, 300_000)).toBeUndefined();
  expect(timeProblem('2026-12-01T12:04:00Z', now, 300_000)).toBeUndefined();
  expect(timeProblem('2026-12-01T12:06:00Z', now, 300_000)).toMatch(/future/);
  expect(timeProblem('2026-02-30T10:00:00Z', now, 300_000)).toBeDefined();
});

test('the debtor’s day and clock time, whatever offset the moment came in', () => {
  expect(localDayAndTime(new Date('2026-11-19T23:59:00Z'), 'Asia/Shanghai')).toEqual({ day: '2026-11-20', time: '07:59' });
  expect(localDayAndTime(new Date('2026-11-20T07:59:00+08:00'), 'Asia/Shanghai')).toEqual({ day: '2026-11-20', time: '07:59' });
  expect(localDayAndTime(new Date('2026-11-20T16:30:00Z'), 'Asia/Shanghai')).toEqual({ day: '2026-11-21', time: '00:30' });
  expect(localDayAndTime(new Date('2026-11-20T16:30:00Z'), 'Asia/Urumqi')).toEqual({ day: '2026-11-20', time: '22:30' });
});

test('recordings are kept two years from the activity’s day (29 February: 1 March)', () => {
  expect(minimumRetention('2026-11-20')).toBe('2028-11-20');
  expect(minimumRetention('2028-02-29')).toBe('2030-03-01');
});

test('consecutive failures are the failures after the latest success by time, and pruned ones count only while after it', () => {
  const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour));
  expect(consecutiveFailures(undefined)).toBe(0);
  expect(consecutiveFailures({ _id: 'r|x', rev: 1, lastSuccessAt: at(11), failures: [at(9), at(13), at(10), at(12)] })).toBe(2);
  expect(consecutiveFailures({ _id: 'r|x', rev: 1, lastSuccessAt: null, failures: [at(9), at(10)] })).toBe(2);
  expect(consecutiveFailures({ _id: 'r|x', rev: 1, lastSuccessAt: at(8), failures: [at(9)], overflow: 60, overflowUntil: at(7) })).toBe(1);
  expect(
    consecutiveFailures({ _id: 'r|x', rev: 1, lastSuccessAt: at(8), failures: [at(9)], overflow: 60, overflowUntil: new Date(Date.UTC(2026, 10, 20, 8, 30)) }),
  ).toBe(61);
});

test('holds count until they expire or their decision is recorded', () => {
  const counter = {
    _id: 'n|h|d',
    rev: 3,
    holds: [
      { decisionId: 'a', expiresAt: new Date(now.getTime() + 60_000) },
      { decisionId: 'b', expiresAt: new Date(now.getTime() - 1) },
      { decisionId: 'c', expiresAt: new Date(now.getTime() + 60_000) },
    ],
    released: ['c'],
  };
  expect(activeHolds(counter, now).map((hold) => hold.decisionId)).toEqual(['a']);
});

test('a number is one number however it is written, and only its last four digits are readable', () => {
  const one = hashNumber('+86 138-0000-1111', 'k');
  expect(hashNumber('86 13800001111', 'k')).toEqual(one);
  expect(one.lastFour).toBe('1111');
  expect(one.hash).not.toContain('13800001111');
  expect(hashNumber('+86 138-0000-1111', 'another key').hash).not.toBe(one.hash);
});

test('the outcome is the strictest decision, and no collection event at all blocks', () => {
  const event = (decision: string, reason: string) => ({ type: 'collection', rule: reason, params: { decision, reason, basis: 'b' } });
  expect(outcomeOf([event('allow', 'x'), event('require-consent', 'visit'), event('block', 'quiet')]).outcome).toBe('block');
  expect(outcomeOf([event('allow', 'x'), event('require-consent', 'visit')]).reasons.map((reason) => reason.reason)).toEqual(['visit']);
  expect(outcomeOf([]).outcome).toBe('block');
});
