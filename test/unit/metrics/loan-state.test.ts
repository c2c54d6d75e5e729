import { BUCKETS } from '../../../server/metrics/buckets';
import { dateFromDay, dayFromDate } from '../../../server/ground/calendar';
import { NEVER } from '../../../server/metrics/loan-book';
import { emptyLoanState, firstDayAtOrBeyond, LoanCursor, walkLoan, type LoanState } from '../../../server/metrics/loan-state';
import { DEFAULT_METRIC_SETTINGS, type MetricSettings } from '../../../server/metrics/metric-settings';
import { buildBook, cents, type LoanSpec } from './book-fixture';

function stateAt(spec: LoanSpec, date: string, settings: MetricSettings = DEFAULT_METRIC_SETTINGS) {
  const book = buildBook([spec]);
  let captured: LoanState | undefined;
  walkLoan(book, 0, [dayFromDate(date)], settings, emptyLoanState(), (_position, state) => {
    captured = { ...state };
  });
  const state = captured!;
  return { ...state, bucket: BUCKETS[state.bucket], nextDueDate: state.nextDueDay === NEVER ? null : dateFromDay(state.nextDueDay) };
}

// Three installments of 400 principal + 10 interest, due on the 15th of Feb, Mar and Apr 2025.
const base: LoanSpec = {
  loanId: 'L1',
  principal: 1200,
  disbursedAt: '2025-01-15',
  installments: [
    ['2025-02-15', 400, 10],
    ['2025-03-15', 400, 10],
    ['2025-04-15', 400, 10],
  ],
};

test('an installment due on day D is not past due on D and is 1 day past due on D + 1', () => {
  expect(stateAt(base, '2025-02-15')).toMatchObject({ dpd: 0, overdueCents: 0, bucket: 'M0', nextDueDate: '2025-02-15' });
  // 2025-02-16 - 2025-02-15 = 1 day; the whole first installment (400 + 10) is overdue.
  expect(stateAt(base, '2025-02-16')).toMatchObject({ dpd: 1, overdueCents: cents(410), overdueInstallments: 1, bucket: 'M1', nextDueDate: '2025-03-15' });
});

test('a payment on the due day counts that day', () => {
  const paid = { ...base, repayments: [['2025-02-15', 410]] as [string, number][] };
  expect(stateAt(paid, '2025-02-15')).toMatchObject({ dpd: 0, installmentsPaid: 1, repaidCents: cents(410), remainingPrincipalCents: cents(800) });
});

test('a partial payment goes to the oldest installment, interest before principal', () => {
  // 2025-03-20: installments 1 and 2 are due (820). 300 pays interest 10 then principal 290 of installment 1.
  // Installment 1 still owes 110 principal, so dpd = 2025-03-20 - 2025-02-15 = 33 days; overdue = 110 + 410 = 520.
  const partial = { ...base, repayments: [['2025-03-20', 300]] as [string, number][] };
  expect(stateAt(partial, '2025-03-20')).toMatchObject({
    dpd: 33,
    overdueCents: cents(520),
    overdueInstallments: 2,
    installmentsPaid: 0,
    remainingPrincipalCents: cents(1200 - 290),
    bucket: 'M2',
    repaidCents: cents(300),
  });
  // A second 120 on 2025-03-25: 110 finishes installment 1, 10 pays installment 2's interest. dpd now counts from 2025-03-15: 10 days.
  const twice = {
    ...base,
    repayments: [
      ['2025-03-20', 300],
      ['2025-03-25', 120],
    ] as [string, number][],
  };
  expect(stateAt(twice, '2025-03-25')).toMatchObject({
    dpd: 10,
    overdueCents: cents(400),
    installmentsPaid: 1,
    remainingPrincipalCents: cents(800),
    bucket: 'M1',
  });
});

test('a prepayment runs on into installments not yet due; paying the whole schedule settles the loan', () => {
  // 2025-02-10: 820 pays installments 1 and 2 in full (2 x 410) before either is due.
  const ahead = { ...base, repayments: [['2025-02-10', 820]] as [string, number][] };
  expect(stateAt(ahead, '2025-03-31')).toMatchObject({
    dpd: 0,
    installmentsPaid: 2,
    remainingPrincipalCents: cents(400),
    nextDueDate: '2025-04-15',
    bucket: 'M0',
  });
  // 1,230 = 3 x 410 settles everything; 20 more is kept as repaid but allocated nowhere.
  const settled = { ...base, repayments: [['2025-02-10', 1250]] as [string, number][] };
  expect(stateAt(settled, '2025-02-10')).toMatchObject({
    installmentsPaid: 3,
    remainingPrincipalCents: 0,
    repaidCents: cents(1250),
    bucket: 'settled',
    nextDueDate: null,
  });
});

test('a loan is not on the book before its disbursement date', () => {
  expect(stateAt(base, '2025-01-14').disbursed).toBe(false);
  expect(stateAt(base, '2025-01-15').disbursed).toBe(true);
});

test('a loan becomes claimed on the claim payment date by default, or on the approval date by setting', () => {
  const claimed = { ...base, claims: [{ approvedAt: '2025-06-05', paidAt: '2025-06-12', amount: 1230 }] };
  expect(stateAt(claimed, '2025-06-08')).toMatchObject({ claimed: false, bucket: 'M3' });
  expect(stateAt(claimed, '2025-06-12')).toMatchObject({ claimed: true, bucket: 'claimed' });
  expect(stateAt(claimed, '2025-06-08', { ...DEFAULT_METRIC_SETTINGS, claimedBy: 'claim-approved' })).toMatchObject({ claimed: true, bucket: 'claimed' });
});

test('the bucket basis setting: days, installments overdue, or the worse of the two', () => {
  // 2025-03-20 without payments: dpd = 33 (M2 by days), 2 installments overdue (M2 by installments).
  // 2025-03-16: dpd = 29 (M1 by days) but 2 installments overdue (M2 by installments).
  expect(stateAt(base, '2025-03-16').bucket).toBe('M1');
  expect(stateAt(base, '2025-03-16', { ...DEFAULT_METRIC_SETTINGS, bucketBasis: 'installments' }).bucket).toBe('M2');
  expect(stateAt(base, '2025-03-16', { ...DEFAULT_METRIC_SETTINGS, bucketBasis: 'worst' }).bucket).toBe('M2');
  // 2025-04-15 + 60 days = 2025-06-14: dpd from 2025-02-15 is 119 (M3), 3 installments (M3).
  expect(stateAt(base, '2025-06-14', { ...DEFAULT_METRIC_SETTINGS, bucketBasis: 'installments' })).toMatchObject({ dpd: 119, bucket: 'M3' });
});

test('beyond 180 days a loan is over180, or stays in M3 when M3 is uncapped', () => {
  // 2025-02-15 + 181 days = 2025-08-15.
  expect(stateAt(base, '2025-08-14')).toMatchObject({ dpd: 180, bucket: 'M3' });
  expect(stateAt(base, '2025-08-15')).toMatchObject({ dpd: 181, bucket: 'over180' });
  expect(stateAt(base, '2025-08-15', { ...DEFAULT_METRIC_SETTINGS, m3UpperBound: 'uncapped' }).bucket).toBe('M3');
});

test('the first day at or beyond a dpd threshold follows the same allocation', () => {
  const book = buildBook([
    base,
    // Pays installment 1 in full 20 days late (2025-03-07): never 30 dpd; installment 2 never paid: 30 dpd on 2025-04-14.
    { ...base, loanId: 'L2', repayments: [['2025-03-07', 410]] },
    // Pays on time throughout.
    {
      ...base,
      loanId: 'L3',
      repayments: [
        ['2025-02-15', 410],
        ['2025-03-15', 410],
        ['2025-04-15', 410],
      ],
    },
    // Pays installment 1 on day 30 exactly (2025-03-17): the threshold is reached only if still unpaid on D + 30.
    {
      ...base,
      loanId: 'L4',
      repayments: [
        ['2025-03-17', 410],
        ['2025-03-17', 410],
        ['2025-04-15', 410],
      ],
    },
  ]);
  const cursor = new LoanCursor(book, DEFAULT_METRIC_SETTINGS);
  expect(dateFromDay(firstDayAtOrBeyond(cursor, 0, 30))).toBe('2025-03-17'); // 2025-02-15 + 30
  expect(dateFromDay(firstDayAtOrBeyond(cursor, 1, 30))).toBe('2025-04-14'); // 2025-03-15 + 30
  expect(firstDayAtOrBeyond(cursor, 2, 30)).toBe(NEVER);
  expect(firstDayAtOrBeyond(cursor, 3, 30)).toBe(NEVER);
});
