import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activityIncrements,
  countId,
  decisionIncrements,
  excessOver,
  findingIncrements,
  inQuietHours,
  mergeIncrements,
  STANDARD_LIMITS,
  type CountDocument,
  type CountIncrement,
} from '../../../server/collections/compliance/compliance-counts.pure';
import { daysBetween, periodOf, periodsOf, summarize } from '../../../server/collections/compliance/compliance-report.pure';

const stored = (increments: CountIncrement[]): CountDocument[] =>
  mergeIncrements(increments).map(({ by, ...fields }) => ({ _id: countId(fields), ...fields, count: by }));

test('the breach limits are the standard pack’s collection.action parameters', () => {
  const pack = JSON.parse(readFileSync(join(__dirname, '../../../rules/collection.action.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> };
  for (const [name, value] of Object.entries(STANDARD_LIMITS)) expect({ name, value: pack.parameters[name]?.value }).toEqual({ name, value });
});

test.each([
  ['07:59', true],
  ['08:00', false],
  ['21:59', false],
  ['22:00', true],
  ['22:01', true],
  ['00:30', true],
])('local %s is in the quiet hours: %s', (time, quiet) => expect(inQuietHours(time)).toBe(quiet));

test('a recorded activity is a quiet-hour breach only on a quiet-hours channel, in the quiet hours, without consent', () => {
  const base = { orgUnit: 'BR-SH', day: '2026-11-20', channel: 'call', localTime: '22:01', consent: false };
  expect(activityIncrements(base).map((item) => `${item.kind}:${item.key}`)).toEqual(['activity:call', 'breach:quiet-hours']);
  expect(activityIncrements({ ...base, consent: true }).map((item) => item.kind)).toEqual(['activity']);
  expect(activityIncrements({ ...base, localTime: '21:59' }).map((item) => item.kind)).toEqual(['activity']);
  expect(activityIncrements({ ...base, channel: 'letter' }).map((item) => item.kind)).toEqual(['activity']);
});

test('caps: the seventh attempt is the first beyond six', () => {
  expect([5, 6, 7, 9].map((count) => excessOver(count, 6))).toEqual([0, 0, 1, 3]);
});

test('gate decisions count by outcome and, when not allowed, by each reason once', () => {
  const increments = decisionIncrements({
    orgUnit: 'BR-SH',
    day: '2026-11-20',
    outcome: 'block',
    reasons: [{ reason: 'quiet-hours' }, { reason: 'quiet-hours' }, { reason: 'attempts-per-number-cap' }],
  });
  expect(increments.map((item) => `${item.kind}:${item.key}`)).toEqual(['check:block', 'blocked:quiet-hours', 'blocked:attempts-per-number-cap']);
  expect(decisionIncrements({ orgUnit: 'BR-SH', day: '2026-11-20', outcome: 'allow', reasons: [{ reason: 'no-restriction' }] })).toHaveLength(1);
});

test('the report sums units and days into tables and a series with every period of the range', () => {
  const counts = stored([
    ...decisionIncrements({ orgUnit: 'BR-SH', day: '2026-11-20', outcome: 'block', reasons: [{ reason: 'quiet-hours' }] }),
    ...decisionIncrements({ orgUnit: 'BR-SH-1', day: '2026-11-23', outcome: 'block', reasons: [{ reason: 'quiet-hours' }] }),
    ...decisionIncrements({ orgUnit: 'BR-SH', day: '2026-11-23', outcome: 'require-consent', reasons: [{ reason: 'visit-needs-consent' }] }),
    ...decisionIncrements({ orgUnit: 'BR-SH', day: '2026-11-23', outcome: 'allow', reasons: [] }),
    ...activityIncrements({ orgUnit: 'BR-SH', day: '2026-11-20', channel: 'call', localTime: '22:01', consent: false }),
    { unit: 'BR-SH', day: '2026-11-20', kind: 'breach', key: 'attempts-per-number-cap', by: 1 },
    ...findingIncrements({
      orgUnit: 'BR-SH',
      foundOn: '2026-11-24',
      tags: ['personal-account', 'collecting-cash-or-goods'],
      severity: 'critical',
      actor: null,
    }),
    ...findingIncrements({ orgUnit: 'BR-SH-1', foundOn: '2026-11-20', tags: ['insult'], severity: 'high', actor: { team: 'T1', agencyId: 'AG-2' } }),
    // Outside the range: not counted.
    ...decisionIncrements({ orgUnit: 'BR-SH', day: '2026-12-01', outcome: 'block', reasons: [{ reason: 'quiet-hours' }] }),
  ]);
  const report = summarize(counts, { from: '2026-11-19', to: '2026-11-30', groupBy: 'week', orgUnit: 'BR-SH' });
  expect(report.totals).toEqual({ checks: 4, blocked: 2, requireConsent: 1, activities: 1, quietHourBreaches: 1, capBreaches: 1, findings: 2 });
  expect(report.blockedByReason).toEqual([{ key: 'quiet-hours', count: 2 }]);
  expect(report.requireConsentByReason).toEqual([{ key: 'visit-needs-consent', count: 1 }]);
  expect(report.breachesByKind).toEqual([
    { key: 'attempts-per-number-cap', count: 1 },
    { key: 'quiet-hours', count: 1 },
  ]);
  expect(report.findingsByTag).toEqual([
    { key: 'collecting-cash-or-goods', count: 1 },
    { key: 'insult', count: 1 },
    { key: 'personal-account', count: 1 },
  ]);
  expect(report.findingsByTeam).toEqual([
    { key: null, count: 1 },
    { key: 'T1', count: 1 },
  ]);
  expect(report.findingsByAgency).toEqual([
    { key: null, count: 1 },
    { key: 'AG-2', count: 1 },
  ]);
  expect(report.series.map((period) => [period.period, period.start, period.end, period.blocked, period.findings])).toEqual([
    ['2026-11-16', '2026-11-19', '2026-11-22', 1, 1],
    ['2026-11-23', '2026-11-23', '2026-11-29', 1, 1],
    ['2026-11-30', '2026-11-30', '2026-11-30', 0, 0],
  ]);
});

test('periods: ISO weeks start on Monday, months by calendar, ranges count both ends', () => {
  expect(periodOf('2026-11-22', 'week')).toBe('2026-11-16');
  expect(periodOf('2026-11-23', 'week')).toBe('2026-11-23');
  expect(periodOf('2026-11-23', 'month')).toBe('2026-11');
  expect(periodsOf('2026-01-30', '2026-03-02', 'month').map((period) => [period.period, period.start, period.end])).toEqual([
    ['2026-01', '2026-01-30', '2026-01-31'],
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2026-03', '2026-03-01', '2026-03-02'],
  ]);
  expect(daysBetween('2024-01-01', '2024-12-31')).toBe(366);
});
