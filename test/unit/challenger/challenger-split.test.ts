import { armOf, bucketOf, inScope, SHARE_SCALE } from '../../../server/challenger/challenger-split';

const obligors = Array.from({ length: 100_000 }, (_, index) => `OB-${index.toString(36).padStart(6, '0')}`);
const subject = (obligorId: string, extra: Partial<{ orgUnit: string; customerTier: string; channel: string; product: string }> = {}) => ({
  obligorId,
  orgUnit: 'BR-SH',
  customerTier: 'prime',
  channel: 'bank-branch',
  product: 'consumer',
  ...extra,
});

test.each([500, 1000, 2500, 5000, 9000])('the challenger arm holds %i basis points of 100,000 obligors within 1 percentage point', (share) => {
  const test = { testId: 'CT-1', shareBasisPoints: share, units: undefined, segments: [] };
  const challengers = obligors.filter((obligorId) => armOf(test, subject(obligorId)) === 'challenger').length;
  expect(Math.abs(challengers / obligors.length - share / SHARE_SCALE)).toBeLessThan(0.01);
});

test('the split is the same on a second call and depends on the test, not the day or process', () => {
  const first = obligors.slice(0, 5000).map((obligorId) => bucketOf('CT-1', obligorId));
  const second = obligors.slice(0, 5000).map((obligorId) => bucketOf('CT-1', obligorId));
  expect(second).toEqual(first);
  expect(first.every((bucket) => Number.isInteger(bucket) && bucket >= 0 && bucket < SHARE_SCALE)).toBe(true);
  // A fixed value: a change of hash would move obligors between arms of a running test.
  expect(bucketOf('CT-1', 'OB-000001')).toBe(7796);
  const other = obligors.slice(0, 5000).map((obligorId) => bucketOf('CT-2', obligorId));
  expect(other).not.toEqual(first);
});

test('the scope: units and segments select the obligors in the test, the share splits them', () => {
  const test = { testId: 'CT-1', shareBasisPoints: SHARE_SCALE, units: new Set(['BR-SH']), segments: [{ customerTier: 'subprime' }, { channel: 'broker' }] };
  expect(inScope(test, subject('A', { customerTier: 'subprime' }))).toBe(true);
  expect(inScope(test, subject('B', { channel: 'broker' }))).toBe(true);
  expect(inScope(test, subject('C'))).toBe(false);
  expect(inScope(test, subject('D', { orgUnit: 'BR-BJ', customerTier: 'subprime' }))).toBe(false);
  expect(armOf(test, subject('C'))).toBeNull();
  expect(armOf(test, subject('A', { customerTier: 'subprime' }))).toBe('challenger');
  expect(armOf({ ...test, shareBasisPoints: 0 }, subject('A', { customerTier: 'subprime' }))).toBe('champion');
});
