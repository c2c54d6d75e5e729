import type { PortfolioFacts, PortfolioMetrics } from '../../../server/generated/schema-types';
import type { AlertRecord } from '../../../server/monitoring/alert.model';
import type { HistoryEntry } from '../../../server/store/revisioned-records';
import type { TaskRecord } from '../../../server/monitoring/task.model';
import { businessQualityReport, KEY_METRICS, keyMetrics, type ReportInputs } from '../../../server/reports/business-quality';

/**
 * The monthly business-quality report as a pure function of its inputs, for February 2026. Every
 * expected figure is counted by hand from the fixtures below (the comments say which records count).
 */
const metrics = (loanCount: number): PortfolioMetrics =>
  ({ loanCount, remainingPrincipal: loanCount * 1000, overdueRate: loanCount / 100, notAKeyMetric: 7 }) as unknown as PortfolioMetrics;
/** The key metrics of metrics(n): the three given, every other key metric null, the non-key one dropped. */
const key = (loanCount: number) => ({
  ...Object.fromEntries(KEY_METRICS.map((name) => [name, null])),
  loanCount,
  remainingPrincipal: loanCount * 1000,
  overdueRate: loanCount / 100,
});
const facts = (month: string, segments: [Record<string, string>, number][], total: number): PortfolioFacts =>
  ({
    month,
    segments: segments.map(([segment, loans]) => ({ segment, metrics: metrics(loans) })),
    total: { metrics: metrics(total) },
  }) as unknown as PortfolioFacts;

const alert = (id: string, level: AlertRecord['level'], raisedOn: string, closedOn: string | null, target: AlertRecord['target'] = 'obligor'): AlertRecord =>
  ({
    _id: id,
    target,
    level,
    raisedOn,
    closedOn,
    status: closedOn ? 'closed' : 'open',
    orgUnit: 'BR-A',
    createdAt: new Date(`${raisedOn}T02:00:00Z`),
    updatedAt: new Date(`${raisedOn}T02:00:00Z`),
  }) as unknown as AlertRecord;
let revision = 0;
const history = (subjectId: string, action: string, asOf: string, level?: AlertRecord['level']): HistoryEntry =>
  ({ _id: `h${++revision}`, subjectId, revision, action, asOf, set: level ? { level } : { status: 'closed' } }) as unknown as HistoryEntry;
const task = (
  id: string,
  action: string,
  createdOn: string,
  status: TaskRecord['status'],
  changes: { completedAt?: string; updatedAt?: string; dueOn?: string } = {},
): TaskRecord =>
  ({
    _id: id,
    action,
    createdOn,
    status,
    completedAt: changes.completedAt ? new Date(changes.completedAt) : null,
    updatedAt: new Date(changes.updatedAt ?? `${createdOn}T03:00:00Z`),
    dueOn: changes.dueOn ?? null,
  }) as unknown as TaskRecord;

const FEBRUARY = { month: '2026-02', monthStart: '2026-02-01', monthEnd: '2026-02-28', generatedAt: new Date('2026-03-02T08:00:00Z') };

// A1: raised in February at yellow, escalated to orange on 20 Feb; its record is orange now.
// A2: raised in January, de-escalated and closed in February.
// A3: a portfolio alert raised in February at red (no history), closed in March: open at month end.
// A4: raised in March. A5: raised in January at yellow, still open.
const ALERTS = [
  alert('A1', 'orange', '2026-02-03', null),
  alert('A2', 'orange', '2026-01-20', '2026-02-10'),
  alert('A3', 'red', '2026-02-15', '2026-03-02', 'portfolio'),
  alert('A4', 'red', '2026-03-01', null),
  alert('A5', 'yellow', '2026-01-05', null),
];
const ALERT_HISTORY = [
  history('A2', 'raised', '2026-01-20', 'orange'),
  history('A1', 'raised', '2026-02-03', 'yellow'),
  history('A2', 'de-escalated', '2026-02-05', 'yellow'),
  history('A2', 'closed', '2026-02-10'),
  history('A1', 'escalated', '2026-02-20', 'orange'),
  // January's escalation is not February's.
  history('A5', 'escalated', '2026-01-31', 'yellow'),
];
// T1 created and done in February; T2 created in February, open, due 20 Feb (overdue); T3 created in
// January, done only in March (pending at month end, due on the last day: not overdue); T4 created and
// cancelled in February; T5 created in March.
const TASKS = [
  task('T1', 'call', '2026-02-02', 'done', { completedAt: '2026-02-10T00:00:00Z' }),
  task('T2', 'call', '2026-02-05', 'open', { dueOn: '2026-02-20' }),
  task('T3', 'visit', '2026-01-25', 'done', { completedAt: '2026-03-02T00:00:00Z', dueOn: '2026-02-28' }),
  task('T4', 'reduce-credit-limit', '2026-02-25', 'cancelled', { updatedAt: '2026-02-26T10:00:00Z' }),
  task('T5', 'call', '2026-03-03', 'open'),
];
const CLAIM_CHANGES = [{ action: 'opened' }, { action: 'reopened' }, { action: 'suspended' }, { action: 'advised-withdrawal' }, { action: 'closed' }];

function inputs(scope: Pick<ReportInputs, 'orgUnit' | 'units'>): ReportInputs {
  return {
    ...FEBRUARY,
    ...scope,
    byOrgUnit: facts(
      '2026-02',
      [
        [{ orgUnit: 'BR-A' }, 10],
        [{ orgUnit: 'BR-B' }, 20],
      ],
      30,
    ),
    byOrgUnitBefore: facts('2026-01', [[{ orgUnit: 'BR-A' }, 8]], 8),
    byTierChannel: facts(
      '2026-02',
      [
        [{ orgUnit: 'BR-A', customerTier: 'prime', channel: 'bank-branch' }, 4],
        [{ orgUnit: 'BR-B', customerTier: 'prime', channel: 'bank-branch' }, 6],
      ],
      10,
    ),
    byTierChannelBefore: facts('2026-01', [[{ orgUnit: 'BR-A', customerTier: 'prime', channel: 'bank-branch' }, 3]], 3),
    trend: [
      facts('2025-12', [[{ orgUnit: 'BR-B' }, 15]], 15),
      facts('2026-01', [[{ orgUnit: 'BR-A' }, 8]], 25),
      facts('2026-02', [[{ orgUnit: 'BR-A' }, 10]], 30),
    ],
    alerts: ALERTS,
    alertHistory: ALERT_HISTORY,
    tasks: TASKS,
    claimChanges: CLAIM_CHANGES,
    // Complete through 27 Feb: January and December are complete, February is not.
    dataCompleteThrough: '2026-02-27',
  };
}

test('key metrics keep the ten key figures, null where a figure is absent, and nothing else', () => {
  expect(keyMetrics(metrics(5))).toEqual(key(5));
  expect(Object.keys(keyMetrics(metrics(5)))).toEqual([...KEY_METRICS]);
});

test('HQ: the whole book, each segment with its month before, tier and channel without the unit, the trend of the total', () => {
  const report = businessQualityReport(inputs({ orgUnit: 'HQ', units: undefined }));
  expect(report).toMatchObject({
    month: '2026-02',
    orgUnit: 'HQ',
    generatedAt: '2026-03-02T08:00:00.000Z',
    dataCompleteThrough: '2026-02-27',
    monthComplete: false,
  });
  expect(report.total).toEqual(key(30));
  expect(report.segments.orgUnit).toEqual([
    { segment: { orgUnit: 'BR-A' }, metrics: key(10), previous: key(8) },
    // BR-B had no row in January.
    { segment: { orgUnit: 'BR-B' }, metrics: key(20), previous: null },
  ]);
  // The month before is matched on the full segment (with its unit) before the unit is dropped from the row.
  expect(report.segments.customerTierChannel).toEqual([
    { segment: { customerTier: 'prime', channel: 'bank-branch' }, metrics: key(4), previous: key(3) },
    { segment: { customerTier: 'prime', channel: 'bank-branch' }, metrics: key(6), previous: null },
  ]);
  expect(report.trend).toEqual([
    { month: '2025-12', complete: true, metrics: key(15) },
    { month: '2026-01', complete: true, metrics: key(25) },
    { month: '2026-02', complete: false, metrics: key(30) },
  ]);
});

test('a branch: its own rows only, no book total, the unit kept in tier and channel rows, its own trend (empty where it had no row)', () => {
  const report = businessQualityReport(inputs({ orgUnit: 'BR-A', units: ['BR-A'] }));
  expect(report.total).toBeNull();
  expect(report.segments.orgUnit).toEqual([{ segment: { orgUnit: 'BR-A' }, metrics: key(10), previous: key(8) }]);
  expect(report.segments.customerTierChannel).toEqual([
    { segment: { orgUnit: 'BR-A', customerTier: 'prime', channel: 'bank-branch' }, metrics: key(4), previous: key(3) },
  ]);
  const empty = Object.fromEntries(KEY_METRICS.map((name) => [name, null]));
  expect(report.trend.map((month) => month.metrics)).toEqual([empty, key(8), key(10)]);
});

test('alerts: raised at the level they were raised at, open at month end at the level the month left them, escalations of the month', () => {
  const { alerts } = businessQualityReport(inputs({ orgUnit: 'HQ', units: undefined }));
  expect(alerts).toMatchObject({
    // A1 at yellow (raised so, though orange now), A3 at red (its record: no history).
    raised: { red: 1, orange: 0, yellow: 1 },
    // A2.
    closed: 1,
    // A1 on 20 Feb; A5's is January's.
    escalated: 1,
    // A2 on 5 Feb.
    deEscalated: 1,
    // A1 orange (its level after 20 Feb), A3 red (closed only in March), A5 yellow; A2 closed, A4 not yet raised.
    openAtMonthEnd: { red: 1, orange: 1, yellow: 1 },
    byTarget: { obligor: 1, portfolio: 1 },
  });
  // Most severe first: A3 (red) before A1 (orange) though A1 was raised earlier.
  expect(alerts.items.map((item) => item.alertId)).toEqual(['A3', 'A1']);
});

test('tasks: created, done and cancelled within the month, pending and overdue as the month ended, by action', () => {
  expect(businessQualityReport(inputs({ orgUnit: 'HQ', units: undefined })).tasks).toEqual({
    // T1, T2, T4.
    created: 3,
    // T1 (T3 was done in March).
    completed: 1,
    // T4.
    cancelled: 1,
    // T2 (open), T3 (done only after the month).
    pendingAtMonthEnd: 2,
    // T2, due 20 Feb; T3 is due on the last day, not before it.
    overdueAtMonthEnd: 1,
    byAction: { call: 2, 'reduce-credit-limit': 1 },
  });
});

test('claims: opened counts reopened too; suspensions and advised withdrawals apart; other changes not at all', () => {
  expect(businessQualityReport(inputs({ orgUnit: 'HQ', units: undefined })).claims).toEqual({ opened: 2, suspended: 1, adviseWithdrawal: 1 });
});
