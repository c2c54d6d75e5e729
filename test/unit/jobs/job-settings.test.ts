import { defaultParams, SCHEDULE_SETTINGS, scheduleProblems } from '../../../server/jobs/job-settings';

/** Schedules as the environment gives them, and the period a job runs for when none is named. */
test('off and five-field cron expressions are accepted; the defaults are valid', () => {
  expect(scheduleProblems('SCHEDULE_X', 'off')).toEqual([]);
  expect(scheduleProblems('SCHEDULE_X', '0 2 * * *')).toEqual([]);
  expect(scheduleProblems('SCHEDULE_X', ' 30  2 * * 1-5 ')).toEqual([]);
  for (const setting of Object.values(SCHEDULE_SETTINGS)) expect(scheduleProblems(setting.variable, setting.default)).toEqual([]);
});

test('a wrong number of fields is refused naming the variable, the expected form and the value', () => {
  expect(scheduleProblems('SCHEDULE_MAINTENANCE', '0 0 2 * * *')).toEqual([
    'SCHEDULE_MAINTENANCE must be a five-field cron expression (minute hour day month weekday) or off (got "0 0 2 * * *")',
  ]);
  expect(scheduleProblems('SCHEDULE_MAINTENANCE', 'daily')).toHaveLength(1);
  expect(scheduleProblems('SCHEDULE_MAINTENANCE', 'Off')).toHaveLength(1);
});

test('five fields that are not a cron expression are refused naming the variable', () => {
  const problems = scheduleProblems('SCHEDULE_OVERDUE_TASKS', '61 2 * * *');
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^SCHEDULE_OVERDUE_TASKS is not a valid cron expression: /);
});

test('a day job runs for today (UTC), a month job for the month that has just ended', () => {
  // 00:30 on 1 March in Shanghai is still 28 February in UTC.
  expect(defaultParams('asOf', new Date('2026-02-28T16:30:00Z'))).toEqual({ asOf: '2026-02-28' });
  expect(defaultParams('month', new Date('2026-03-01T04:00:00Z'))).toEqual({ month: '2026-02' });
  // January's previous month is the December before.
  expect(defaultParams('month', new Date('2026-01-15T00:00:00Z'))).toEqual({ month: '2025-12' });
  // 31 March: the month before is February, not "31 February" rolled into March.
  expect(defaultParams('month', new Date('2026-03-31T23:59:59Z'))).toEqual({ month: '2026-02' });
  expect(defaultParams('none', new Date('2026-03-31T23:59:59Z'))).toEqual({});
});
