import { checkOutcome, inForce, inSegment, keyOfSegment, segmentOfKey } from '../../../server/underwriting/check-logic';
import type { CheckEntry } from '../../../server/underwriting/underwriting.model';

const entry = (recordId: string, overrides: Partial<CheckEntry>): CheckEntry => ({
  recordId,
  kind: 'limit',
  scope: 'obligor',
  reason: 'r',
  source: { kind: 'manual' },
  startOn: '2025-08-01',
  endOn: null,
  share: 0.2,
  segmentKey: null,
  ...overrides,
});

test('limit cuts accumulate multiplicatively: two 20 % cuts leave 64 %, 30 % then 20 % leave 56 %', () => {
  expect(checkOutcome([entry('a', {}), entry('b', {})], '2025-09-01').limitShare).toBe(0.64);
  expect(checkOutcome([entry('a', { share: 0.3 }), entry('b', { share: 0.2 })], '2025-09-01').limitShare).toBe(0.56);
  // However many cuts, never below zero.
  expect(checkOutcome([entry('a', { share: 1 }), entry('b', { share: 0.5 })], '2025-09-01').limitShare).toBe(0);
});

test('a record is in force from its start day up to, not including, its end day; blocks block, limits do not', () => {
  expect(inForce({ startOn: '2025-08-01', endOn: null }, '2025-07-31')).toBe(false);
  expect(inForce({ startOn: '2025-08-01', endOn: null }, '2025-08-01')).toBe(true);
  expect(inForce({ startOn: '2025-08-01', endOn: '2025-08-10' }, '2025-08-09')).toBe(true);
  expect(inForce({ startOn: '2025-08-01', endOn: '2025-08-10' }, '2025-08-10')).toBe(false);
  const outcome = checkOutcome([entry('late', { startOn: '2025-08-05' }), entry('block', { kind: 'block', share: null, startOn: '2025-08-02' })], '2025-08-06');
  expect([outcome.blocked, outcome.limitShare, outcome.reasons.map((reason) => reason.recordId)]).toEqual([true, 0.8, ['block', 'late']]);
  expect(checkOutcome([entry('ended', { kind: 'block', share: null, endOn: '2025-08-03' })], '2025-08-06')).toEqual({
    blocked: false,
    limitShare: 1,
    reasons: [],
  });
});

test('an obligor is in a segment when one of its lines has every value the segment names; keys round-trip', () => {
  const lines = [
    { orgUnit: 'BR-SH', product: 'consumer', channel: 'broker', customerTier: 'prime', vintage: '2025-01' },
    { orgUnit: 'BR-SH', product: 'consumer', channel: 'app', customerTier: 'subprime', vintage: '2025-03' },
  ];
  expect(inSegment({ channel: 'app', customerTier: 'subprime' }, lines)).toBe(true);
  expect(inSegment({ channel: 'broker', customerTier: 'subprime' }, lines)).toBe(false);
  expect(inSegment({}, lines)).toBe(true);
  expect(inSegment({ channel: 'app' }, [])).toBe(false);
  const key = keyOfSegment({ vintage: '2025-03', channel: 'app' } as Record<string, string>);
  expect(key).toBe('channel=app;vintage=2025-03');
  expect(segmentOfKey(key)).toEqual({ channel: 'app', vintage: '2025-03' });
  expect(segmentOfKey('total')).toEqual({});
});
