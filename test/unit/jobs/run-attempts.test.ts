import { heartbeatEvery, isActive, nextAttempt, paramsKey, STALE_AFTER_MS, type LatestRun } from '../../../server/jobs/run-attempts';

/** Whether another run may start, from the latest run alone; the figures are worked out by hand from the rules in run-attempts.ts. */
const NOW = new Date('2026-03-10T02:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const latest = (status: LatestRun['status'], aliveMsAgo: number, attempt = 1): LatestRun => ({ attempt, status, aliveAt: ago(aliveMsAgo) });

test('the first run of a period is attempt 1, whoever asks', () => {
  expect(nextAttempt(undefined, 'schedule', NOW)).toEqual({ start: true, attempt: 1 });
  expect(nextAttempt(undefined, 'api', NOW)).toEqual({ start: true, attempt: 1 });
});

test('a queued or running run with a recent sign of life holds the period, for a schedule and an administrator alike', () => {
  for (const status of ['queued', 'running'] as const) {
    expect(nextAttempt(latest(status, 0), 'schedule', NOW)).toEqual({ start: false, reason: 'in-progress' });
    expect(nextAttempt(latest(status, STALE_AFTER_MS - 1), 'api', NOW)).toEqual({ start: false, reason: 'in-progress' });
  }
});

test('a run silent for the stale time is abandoned: the next attempt takes over with the number after it', () => {
  // 60,000 ms since the last beat is not less than 60,000: no longer active.
  expect(nextAttempt(latest('running', STALE_AFTER_MS, 2), 'schedule', NOW)).toEqual({ start: true, attempt: 3 });
  // With a shorter stale time of 5 s, 5 s of silence is enough; 4.999 s is not.
  expect(nextAttempt(latest('running', 5000, 1), 'schedule', NOW, 5000)).toEqual({ start: true, attempt: 2 });
  expect(nextAttempt(latest('running', 4999, 1), 'schedule', NOW, 5000)).toEqual({ start: false, reason: 'in-progress' });
});

test('a period that succeeded is done for the schedule, but an administrator may run it again', () => {
  expect(nextAttempt(latest('succeeded', 0, 1), 'schedule', NOW)).toEqual({ start: false, reason: 'done' });
  expect(nextAttempt(latest('succeeded', 0, 1), 'api', NOW)).toEqual({ start: true, attempt: 2 });
});

test('a failed or skipped run is retried by the schedule as the next attempt', () => {
  expect(nextAttempt(latest('failed', 0, 4), 'schedule', NOW)).toEqual({ start: true, attempt: 5 });
  expect(nextAttempt(latest('skipped', 0, 1), 'schedule', NOW)).toEqual({ start: true, attempt: 2 });
});

test('only queued and running count as active, and only while fresh', () => {
  expect(isActive({ status: 'running', aliveAt: ago(59_999) }, NOW)).toBe(true);
  expect(isActive({ status: 'running', aliveAt: ago(60_000) }, NOW)).toBe(false);
  expect(isActive({ status: 'succeeded', aliveAt: NOW }, NOW)).toBe(false);
  expect(isActive({ status: 'failed', aliveAt: NOW }, NOW)).toBe(false);
});

test('a worker beats five times per stale time, never more often than every 100 ms', () => {
  expect(heartbeatEvery(60_000)).toBe(12_000);
  expect(heartbeatEvery(1_001)).toBe(200);
  expect(heartbeatEvery(400)).toBe(100);
});

test('the parameters key names the same period whatever the order, and leaves out parameters not given', () => {
  expect(paramsKey({ month: '2026-02', asOf: '2026-03-01' })).toBe('asOf=2026-03-01&month=2026-02');
  expect(paramsKey({ asOf: '2026-03-01', month: '2026-02' })).toBe('asOf=2026-03-01&month=2026-02');
  expect(paramsKey({ asOf: '2026-03-01', month: undefined })).toBe('asOf=2026-03-01');
  expect(paramsKey({})).toBe('-');
});
