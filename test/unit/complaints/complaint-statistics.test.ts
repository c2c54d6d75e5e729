import { complaintFigures, percentile, type StatisticsComplaint } from '../../../server/complaints/statistics/complaint-statistics';
import { planDeadlines } from '../../../server/complaints/deadlines/deadline-plan';

const complaint = (id: string, fields: Partial<StatisticsComplaint> = {}): StatisticsComplaint => ({
  _id: id,
  orgUnit: 'BR-SH',
  status: 'closed',
  receivedOn: '2026-03-01',
  receivedMonth: '2026-03',
  closedOn: null,
  subject: { kind: 'other' },
  rootCause: null,
  rejection: null,
  ...fields,
});

describe('complaint statistics', () => {
  it('takes the nearest-rank median and p90 of the days to close', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    const closed = [3, 10, 20].map((days, index) => complaint(`C${index}`, { closedOn: `2026-03-${String(1 + days).padStart(2, '0')}` }));
    const figures = complaintFigures({ month: '2026-03', monthEnd: '2026-03-31', received: [], closed, obligorsByUnit: new Map(), units: ['BR-SH'] });
    expect(figures.daysToClose).toEqual({ closed: 3, median: 10, p90: 20 });
    expect(figures.perTenThousandObligors).toBeNull();
  });

  it('counts by subject, root cause and unit, per 10,000 obligors of the units asked', () => {
    const received = [
      complaint('A', { subject: { kind: 'agency' }, rootCause: { code: 'agency-conduct' } }),
      complaint('B', { orgUnit: 'BR-BJ', rejection: { reasons: ['x'] } }),
    ];
    const figures = complaintFigures({
      month: '2026-03',
      monthEnd: '2026-03-31',
      received,
      closed: [],
      obligorsByUnit: new Map([
        ['BR-SH', 300],
        ['BR-BJ', 100],
      ]),
      units: ['BR-SH', 'BR-BJ'],
    });
    expect(figures).toMatchObject({
      received: 2,
      rejected: 1,
      obligors: 400,
      perTenThousandObligors: 50,
      bySubject: { agency: 1, other: 1 },
      byRootCause: { 'agency-conduct': 1 },
    });
    expect(figures.byOrgUnit).toEqual([
      { orgUnit: 'BR-SH', received: 1, obligors: 300, perTenThousandObligors: 33.33 },
      { orgUnit: 'BR-BJ', received: 1, obligors: 100, perTenThousandObligors: 100 },
    ]);
  });
});

describe('deadline plan', () => {
  it('keeps a deadline whose step was taken as met or missed against the day it was taken, and orders the queue by the nearest open one', () => {
    const previous = [
      {
        stage: 'acceptance' as const,
        from: 'received' as const,
        startOn: '2026-03-02',
        unit: 'working-days' as const,
        limitDays: 5,
        dueOn: '2026-03-09',
        daysLeft: 0,
        state: 'approaching' as const,
        doneOn: null,
      },
    ];
    const decision = {
      stage: 'decision' as const,
      from: 'received' as const,
      startOn: '2026-03-02',
      unit: 'days' as const,
      limitDays: 15,
      dueOn: '2026-03-17',
      daysLeft: 7,
      state: 'running' as const,
    };
    const onTime = planDeadlines({ acceptedOn: '2026-03-09', rejection: null, decidedOn: null }, [decision], previous);
    expect(onTime.items.map((item) => [item.stage, item.state, item.doneOn])).toEqual([
      ['acceptance', 'met', '2026-03-09'],
      ['decision', 'running', null],
    ]);
    expect([onTime.nextDeadline, onTime.deadlineOrder]).toEqual(['2026-03-17', '2026-03-17']);
    const late = planDeadlines({ acceptedOn: '2026-03-10', rejection: null, decidedOn: '2026-03-12' }, [], previous);
    expect(late.items.map((item) => [item.stage, item.state])).toEqual([['acceptance', 'missed']]);
    expect([late.nextDeadline, late.deadlineOrder]).toEqual([null, '9999-12-31']);
  });
});
