import { periodsEndingWith, stressPeriod } from '../../../server/stress/stress-periods';

test('a quarter tests the next quarter, a year the next year', () => {
  expect(stressPeriod('2026-Q4')).toEqual({
    period: '2026-Q4',
    horizon: 'quarter',
    horizonPeriod: '2027-Q1',
    horizonMonths: 3,
    months: ['2026-10', '2026-11', '2026-12'],
    endDate: '2026-12-31',
  });
  expect(stressPeriod('2026-Q1')).toMatchObject({ horizonPeriod: '2026-Q2', months: ['2026-01', '2026-02', '2026-03'], endDate: '2026-03-31' });
  expect(stressPeriod('2026')).toMatchObject({ horizon: 'year', horizonPeriod: '2027', horizonMonths: 12, endDate: '2026-12-31' });
  expect(stressPeriod('2026')!.months).toHaveLength(12);
  expect(stressPeriod('2026-Q5')).toBeUndefined();
});

test('a scheduled run at a quarter end covers the quarter, at the year end the year too', () => {
  expect(periodsEndingWith('2026-03')).toEqual(['2026-Q1']);
  expect(periodsEndingWith('2026-12')).toEqual(['2026-Q4', '2026']);
  expect(periodsEndingWith('2026-05')).toEqual([]);
});
