import { monthEndDay, monthIndexFromText, dateFromDay, dayFromDate, monthsOnBook } from '../../../server/ground/calendar';
import { normalizeRow } from '../../../server/portfolio/import-rows';
import { centsFromYuan, yuanFromCents } from '../../../server/ground/money';

test('yuan become exact integer cents; a third decimal is refused, not rounded', () => {
  expect(centsFromYuan(0.29)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
  expect(centsFromYuan(1234567.89)).toBe(123456789);
  expect(centsFromYuan(10.005)).toBeUndefined();
  expect(yuanFromCents(123456789)).toBe(1234567.89);
  // 0.1 + 0.2 in cents is exactly 30
  expect((centsFromYuan(0.1)! + centsFromYuan(0.2)!) / 100).toBe(0.3);
});

test('calendar arithmetic: month ends, leap years, months on book', () => {
  expect(dateFromDay(monthEndDay(monthIndexFromText('2024-02')))).toBe('2024-02-29');
  expect(dateFromDay(monthEndDay(monthIndexFromText('2025-12')))).toBe('2025-12-31');
  expect(dayFromDate('2025-03-01') - dayFromDate('2025-02-28')).toBe(1);
  expect(monthsOnBook(dayFromDate('2025-01-31'), dayFromDate('2025-03-01'))).toBe(2);
});

test('a loan row is normalised to cents and sorted by installment; the schedule must add up', () => {
  const row = normalizeRow('loans', {
    loanId: 'L',
    obligorId: 'O',
    policyId: 'P',
    orgUnit: 'HQ',
    product: 'p',
    channel: 'c',
    customerTier: 't',
    principal: 100.5,
    disbursedAt: '2025-01-01',
    retentionShare: 1,
    installments: [
      { seq: 2, dueDate: '2025-03-01', principal: 50.25, interest: 0.5 },
      { seq: 1, dueDate: '2025-02-01', principal: 50.25, interest: 0.75 },
    ],
  });
  expect(row.row?.document).toMatchObject({
    principalCents: 10050,
    installments: [
      { seq: 1, principalCents: 5025, interestCents: 75 },
      { seq: 2, principalCents: 5025, interestCents: 50 },
    ],
  });
  const claim = normalizeRow('claims', { claimId: 'C', loanId: 'L', approvedAt: '2025-05-02', paidAt: '2025-05-01', amount: 0 });
  expect(claim.errors).toEqual([
    { path: '/approvedAt', message: 'must not be after paidAt' },
    { path: '/amount', message: 'must be greater than 0' },
  ]);
});
