import { activityDate, completeness, coversThrough, derivedCompleteThrough, lastCompleteMonth, monthComplete } from '../../../server/portfolio/completeness';

/** The rule that says how far the book's data is complete (docs/metrics.md, "Data completeness"). */
describe('data completeness', () => {
  test('a dated feed covers the days before its latest record; financials cover their whole month', () => {
    expect(coversThrough('repayments', '2025-11-01')).toBe('2025-10-31');
    expect(coversThrough('loans', '2025-03-01')).toBe('2025-02-28');
    expect(coversThrough('financials', '2025-02')).toBe('2025-02-28');
    expect(coversThrough('premiums', undefined)).toBeNull();
  });

  test('the derived date is the earliest any received kind covers; a kind never imported does not hold it back; no loans, no book', () => {
    expect(derivedCompleteThrough({ loans: '2025-11-03', repayments: '2025-11-02', premiums: '2025-11-05', financials: '2025-10' }).completeThrough).toBe(
      '2025-10-31',
    );
    expect(derivedCompleteThrough({ loans: '2025-11-03', repayments: '2025-11-02', financials: '2025-09' }).completeThrough).toBe('2025-09-30');
    expect(derivedCompleteThrough({ loans: '2025-11-03', repayments: '2025-11-02' }).completeThrough).toBe('2025-11-01');
    expect(derivedCompleteThrough({ repayments: '2025-11-02', financials: '2025-10' }).completeThrough).toBeNull();
  });

  test('a declaration wins over the derived date, and the answer says which applies', () => {
    const latest = { loans: '2025-11-03', repayments: '2025-11-02' };
    expect(completeness(latest, null)).toMatchObject({ dataCompleteThrough: '2025-11-01', lastCompleteMonth: '2025-10', source: 'derived' });
    const declared = { completeThrough: '2025-09-30', declaredBy: 'feed', declaredAt: new Date() };
    expect(completeness(latest, declared)).toMatchObject({ dataCompleteThrough: '2025-09-30', lastCompleteMonth: '2025-09', source: 'declared' });
    expect(completeness({}, null)).toMatchObject({ dataCompleteThrough: null, lastCompleteMonth: null, source: 'none' });
  });

  test('a month is complete once its last day is', () => {
    expect(lastCompleteMonth('2025-10-31')).toBe('2025-10');
    expect(lastCompleteMonth('2025-10-30')).toBe('2025-09');
    expect(lastCompleteMonth('2024-12-31')).toBe('2024-12');
    expect(monthComplete('2025-02', '2025-02-28')).toBe(true);
    expect(monthComplete('2025-03', '2025-03-30')).toBe(false);
    expect(monthComplete('2025-01', null)).toBe(false);
  });

  test('what each stored row says the feed reached: a premium only due says nothing', () => {
    expect(activityDate('repayments', { paidAt: '2025-05-02' })).toBe('2025-05-02');
    expect(activityDate('premiums', { dueDate: '2025-05-01', receivedAmountCents: 0 })).toBeUndefined();
    expect(activityDate('premiums', { dueDate: '2025-05-01', receivedAmountCents: 100 })).toBe('2025-05-01');
    expect(activityDate('premiums', { dueDate: '2025-05-01', receivedAmountCents: 100, receivedAt: '2025-05-09' })).toBe('2025-05-09');
    expect(activityDate('claims', { paidAt: '2025-05-02' })).toBeUndefined();
  });
});
