import { afterFailure, retryDelayMs } from '../../../server/webhooks/webhook-backoff';

const POLICY = { baseDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 5 };

test('each wait doubles, between half and all of base * 2^(attempt-1)', () => {
  const table = [1, 2, 3, 4, 5].map((attempt) => [attempt, retryDelayMs(attempt, POLICY, () => 0), retryDelayMs(attempt, POLICY, () => 1)]);
  expect(table).toEqual([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [4, 4000, 8000],
    [5, 8000, 16000],
  ]);
});

test('waits never exceed the maximum', () => {
  expect(retryDelayMs(6, POLICY, () => 1)).toBe(30_000);
  expect(retryDelayMs(40, POLICY, () => 1)).toBe(30_000);
  expect(retryDelayMs(40, POLICY, () => 0)).toBe(15_000);
});

test('jitter spreads waits within the band', () => {
  const waits = Array.from({ length: 200 }, () => retryDelayMs(3, POLICY));
  expect(Math.min(...waits)).toBeGreaterThanOrEqual(2000);
  expect(Math.max(...waits)).toBeLessThanOrEqual(4000);
  expect(new Set(waits).size).toBeGreaterThan(20);
});

test('after the last attempt of a round there is no retry', () => {
  expect(afterFailure(1, POLICY, () => 0.5)).toEqual({ retry: true, delayMs: 750 });
  expect(afterFailure(4, POLICY, () => 0.5)).toEqual({ retry: true, delayMs: 6000 });
  expect(afterFailure(5, POLICY, () => 0.5)).toEqual({ retry: false });
  expect(afterFailure(1, { ...POLICY, maxAttempts: 1 })).toEqual({ retry: false });
});
