import { BUCKETS } from '../../../server/metrics/buckets';
import { dateFromDay, dayFromDate, monthIndexFromText } from '../../../server/ground/calendar';
import { LoanBookBuilder, NEVER } from '../../../server/metrics/loan-book';
import { emptyLoanState, firstDayAtOrBeyond, LoanCursor, walkLoan, type LoanState } from '../../../server/metrics/loan-state';
import { DEFAULT_METRIC_SETTINGS, type MetricSettings } from '../../../server/metrics/metric-settings';
import { obligorFacts } from '../../../server/metrics/obligor-facts';
import { computePortfolioMonth } from '../../../server/metrics/portfolio-month';
import { rollRateMatrix } from '../../../server/metrics/roll-rates';
import { normalizeRow } from '../../../server/portfolio/import-rows';
import { buildBook, cents, type FixtureOverride, type LoanSpec } from './book-fixture';

/*
 * Repayment records that say otherwise than the default allocation (oldest installment first,
 * interest before principal). The loan of every case: 1,200 disbursed 2025-01-15 in three
 * installments of 400 principal + 10 interest, due 2025-02-15 (seq 1), 03-15 (seq 2), 04-15 (seq 3).
 */
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
const withPayments = (repayments: LoanSpec['repayments'], loanId = 'L1'): LoanSpec => ({ ...base, loanId, repayments });
const explicit = (...parts: [number, number, number][]): FixtureOverride => ({
  allocation: parts.map(([seq, principal, interest]) => ({ seq, principal, interest })),
});
const principalFirst: FixtureOverride = { order: 'principal-first' };

function stateAt(spec: LoanSpec, date: string, settings: MetricSettings = DEFAULT_METRIC_SETTINGS) {
  let captured: LoanState | undefined;
  walkLoan(buildBook([spec]), 0, [dayFromDate(date)], settings, emptyLoanState(), (_position, state) => {
    captured = { ...state };
  });
  return { ...captured!, bucket: BUCKETS[captured!.bucket], nextDueDate: captured!.nextDueDay === NEVER ? null : dateFromDay(captured!.nextDueDay) };
}

test('an explicit allocation pays the installment it names, even while an older one is unpaid', () => {
  // 2025-03-20: 410 booked to seq 2 (400 + 10). Seq 1 (due 02-15) still owes 410, so dpd = 03-20 - 02-15 = 33 (M2),
  // overdue = 410 (seq 1 only, seq 2 is paid), 1 of 3 installments paid, 1,200 - 400 = 800 left, next due is seq 3 (04-15).
  const booked = withPayments([['2025-03-20', 410, explicit([2, 400, 10])]]);
  expect(stateAt(booked, '2025-03-20')).toMatchObject({
    dpd: 33,
    overdueCents: cents(410),
    overdueInstallments: 1,
    installmentsPaid: 1,
    remainingPrincipalCents: cents(800),
    repaidCents: cents(410),
    bucket: 'M2',
    nextDueDate: '2025-04-15',
  });
  // The default reading of the same 410 pays seq 1 instead: seq 2 (due 03-15) is then 5 days past due (M1).
  expect(stateAt(withPayments([['2025-03-20', 410]]), '2025-03-20')).toMatchObject({ dpd: 5, overdueCents: cents(410), installmentsPaid: 1, bucket: 'M1' });
  // Counting installments, one is overdue: M1 on that basis.
  expect(stateAt(booked, '2025-03-20', { ...DEFAULT_METRIC_SETTINGS, bucketBasis: 'installments' }).bucket).toBe('M1');
  // A default 410 on 03-25 then goes to the oldest unpaid one, seq 1: seqs 1 and 2 paid, 400 left, dpd 0.
  const later = withPayments([
    ['2025-03-20', 410, explicit([2, 400, 10])],
    ['2025-03-25', 410],
  ]);
  expect(stateAt(later, '2025-03-25')).toMatchObject({
    dpd: 0,
    overdueCents: 0,
    installmentsPaid: 2,
    remainingPrincipalCents: cents(400),
    bucket: 'M0',
    nextDueDate: '2025-04-15',
  });
});

test('an explicit allocation may split interest and principal over several installments', () => {
  // 2025-03-16: 30 interest of seqs 1-3 (3 x 10) and 200 principal of seq 1 = 230. Seq 1 still owes 200 principal: dpd 29,
  // overdue = 200 (seq 1) + 400 (seq 2, interest paid) = 600; principal left 1,200 - 200 = 1,000; nothing fully paid.
  const split = withPayments([['2025-03-16', 230, explicit([1, 200, 10], [2, 0, 10], [3, 0, 10])]]);
  expect(stateAt(split, '2025-03-16')).toMatchObject({
    dpd: 29,
    overdueCents: cents(600),
    overdueInstallments: 2,
    installmentsPaid: 0,
    remainingPrincipalCents: cents(1000),
    bucket: 'M1',
  });
});

test("principal-first pays each installment's principal before its interest", () => {
  // 2025-03-20: 300 principal-first goes to seq 1's principal (300 of 400): 900 left (the default would leave 910:
  // 10 interest, then 290 principal). Seq 1 still owes 100 + 10, seq 2 410: overdue 520, dpd 33.
  expect(stateAt(withPayments([['2025-03-20', 300, principalFirst]]), '2025-03-20')).toMatchObject({
    remainingPrincipalCents: cents(900),
    overdueCents: cents(520),
    dpd: 33,
    bucket: 'M2',
  });
  expect(stateAt(withPayments([['2025-03-20', 300]]), '2025-03-20')).toMatchObject({ remainingPrincipalCents: cents(910), overdueCents: cents(520) });
  // 405 principal-first: seq 1's 400 principal, then 5 of its 10 interest: principal 800 left, seq 1 still owes 5.
  expect(stateAt(withPayments([['2025-03-20', 405, principalFirst]]), '2025-03-20')).toMatchObject({
    remainingPrincipalCents: cents(800),
    overdueCents: cents(5 + 410),
    installmentsPaid: 0,
    dpd: 33,
  });
});

test('what an explicit part cannot pay stays unallocated: an installment already paid, or a seq the loan does not have', () => {
  // Seq 1 paid on time by a default 410; on 03-15 a second booking of seq 1 (400 + 10) finds nothing owed. On 03-16 seq 2
  // is 1 day past due (410 overdue), 800 principal left, and both payments count in repaidAmount (820).
  const twice = withPayments([
    ['2025-02-15', 410],
    ['2025-03-15', 410, explicit([1, 400, 10])],
  ]);
  expect(stateAt(twice, '2025-03-16')).toMatchObject({
    dpd: 1,
    overdueCents: cents(410),
    installmentsPaid: 1,
    remainingPrincipalCents: cents(800),
    repaidCents: cents(820),
  });
  // A seq the schedule does not have (the loan was re-imported with a shorter schedule) pays nothing either.
  const unknown = withPayments([['2025-02-15', 410, explicit([9, 400, 10])]]);
  expect(stateAt(unknown, '2025-02-16')).toMatchObject({ dpd: 1, overdueCents: cents(410), remainingPrincipalCents: cents(1200), repaidCents: cents(410) });
});

test('on one day, explicit allocations come before principal-first and default ones, whatever the order they were added in', () => {
  // 2025-03-15: a default 410 (added first) and 410 booked to seq 1. Booked first: seq 1 paid; the default 410 then pays the
  // oldest unpaid, seq 2. Seqs 1 and 2 paid, 400 left, dpd 0. (Default first would have paid seq 1 and left the booking nothing.)
  const sameDay = withPayments([
    ['2025-03-15', 410],
    ['2025-03-15', 410, explicit([1, 400, 10])],
  ]);
  expect(stateAt(sameDay, '2025-03-15')).toMatchObject({ installmentsPaid: 2, remainingPrincipalCents: cents(400), dpd: 0, repaidCents: cents(820) });
});

test("vintage thresholds, obligor facts, portfolio buckets and roll rates all follow the record's allocation", () => {
  // X pays seq 2 and 3 by explicit bookings on their due dates but never seq 1: 30 dpd on 02-15 + 30 = 03-17.
  // Y pays the same amounts with the default allocation: seq 1 is covered on 03-15, seq 2 on 04-15 (31 days late,
  // so 30 dpd on 03-15 + 30 = 04-14), seq 3 is never covered (30 dpd on 04-15 + 30 = 05-15 - but 04-14 comes first).
  const X = withPayments(
    [
      ['2025-03-15', 410, explicit([2, 400, 10])],
      ['2025-04-15', 410, explicit([3, 400, 10])],
    ],
    'X',
  );
  const Y = withPayments(
    [
      ['2025-03-15', 410],
      ['2025-04-15', 410],
    ],
    'Y',
  );
  const book = buildBook([
    { ...X, obligorId: 'OB' },
    { ...Y, obligorId: 'OB' },
  ]);
  const cursor = new LoanCursor(book, DEFAULT_METRIC_SETTINGS);
  expect(dateFromDay(firstDayAtOrBeyond(cursor, 0, 30))).toBe('2025-03-17');
  expect(dateFromDay(firstDayAtOrBeyond(cursor, 1, 30))).toBe('2025-04-14');

  // 2025-04-30: X owes seq 1 (due 02-15): dpd 74, M3, 400 principal left. Y owes seq 3 (due 04-15): dpd 15, M1, 400 left.
  const facts = obligorFacts(book, [], dayFromDate('2025-04-30'), DEFAULT_METRIC_SETTINGS);
  expect(facts.loans.map((loan) => [loan.loanId, loan.facts.dpd, loan.facts.bucket, loan.facts.remainingPrincipal, loan.facts.installmentsPaid])).toEqual([
    ['X', 74, 'M3', cents(400), 2],
    ['Y', 15, 'M1', cents(400), 2],
  ]);
  expect(facts.facts).toMatchObject({ dpd: 74, bucket: 'M3', overdueAmount: cents(820), m3Principal: cents(400), m1Principal: cents(400) });

  // April 2025: M3 = X's 400, M1 = Y's 400; overdue rate (400 + 400) / 800 = 1.
  const month = computePortfolioMonth({
    book,
    premiums: [],
    financials: [],
    monthIndex: monthIndexFromText('2025-04'),
    groupBy: [],
    settings: DEFAULT_METRIC_SETTINGS,
  });
  expect(month.total).toMatchObject({ m1Principal: cents(400), m3Principal: cents(400), m0Principal: 0, remainingPrincipal: cents(800), overdueRate: 1 });

  // 31 Mar: X owes seq 1 (dpd 44, M2, 800 left); Y owes seq 2 (dpd 16, M1, 800 left). 30 Apr: X M3, Y M1.
  const rows = Object.fromEntries(rollRateMatrix(book, monthIndexFromText('2025-04'), DEFAULT_METRIC_SETTINGS).map((row) => [row.from, row]));
  expect(rows.M2).toMatchObject({ loanCount: 1, principalCents: cents(800), to: { M3: 1 } });
  expect(rows.M1).toMatchObject({ loanCount: 1, principalCents: cents(800), to: { M1: 1 } });
});

describe("import checks of an allocation (row level; the loan's schedule is checked at write time)", () => {
  const repayment = (overrides: Record<string, unknown>) =>
    normalizeRow('repayments', { repaymentId: 'R1', loanId: 'L1', paidAt: '2025-03-15', amount: 410, ...overrides });

  test('a valid allocation is stored in cents, sorted by seq', () => {
    const row = repayment({
      amount: 420,
      allocation: [
        { seq: 2, principal: 0, interest: 10 },
        { seq: 1, principal: 400, interest: 10 },
      ],
    });
    expect(row.row?.document).toMatchObject({
      amountCents: 42000,
      allocation: [
        { seq: 1, principalCents: 40000, interestCents: 1000 },
        { seq: 2, principalCents: 0, interestCents: 1000 },
      ],
    });
    expect(repayment({ allocationOrder: 'principal-first' }).row?.document).toMatchObject({ allocationOrder: 'principal-first' });
  });

  test('parts that do not add up to the amount, a seq named twice, a third decimal, or both kinds of override are refused', () => {
    // 400 + 5 = 405, not 410.
    expect(repayment({ allocation: [{ seq: 1, principal: 400, interest: 5 }] }).errors).toEqual([
      { path: '/allocation', message: 'the parts add up to 405, not the amount 410' },
    ]);
    expect(
      repayment({
        allocation: [
          { seq: 1, principal: 400, interest: 0 },
          { seq: 1, principal: 0, interest: 10 },
        ],
      }).errors,
    ).toEqual([{ path: '/allocation/1/seq', message: 'installment 1 appears twice (first at /allocation/0)' }]);
    expect(repayment({ allocation: [{ seq: 1, principal: 399.995, interest: 10.005 }] }).errors).toEqual([
      { path: '/allocation/0/principal', message: 'must have at most two decimals' },
      { path: '/allocation/0/interest', message: 'must have at most two decimals' },
    ]);
    expect(repayment({ allocation: [{ seq: 1, principal: 400, interest: 10 }], allocationOrder: 'principal-first' }).errors).toEqual([
      { path: '/allocationOrder', message: 'give either allocation or allocationOrder, not both' },
    ]);
  });
});

test('an allocation names installments by their seq, even when the seqs are not 1, 2, 3', () => {
  // Seqs 10, 20, 30 (400 + 10 each, due 02-15, 03-15, 04-15). 410 booked to seq 30 on 02-01 pays the last installment.
  const builder = new LoanBookBuilder();
  builder.addLoan({
    loanId: 'S',
    obligorId: 'O',
    policyId: 'P',
    orgUnit: 'HQ',
    product: 'p',
    channel: 'c',
    customerTier: 't',
    principalCents: cents(1200),
    disbursedDay: dayFromDate('2025-01-15'),
    retentionShare: 1,
    installments: [10, 20, 30].map((seq, position) => ({
      seq,
      dueDay: dayFromDate(['2025-02-15', '2025-03-15', '2025-04-15'][position]!),
      principalCents: cents(400),
      interestCents: cents(10),
    })),
  });
  builder.addRepayment('S', dayFromDate('2025-02-01'), cents(410), { allocation: [{ seq: 30, principalCents: cents(400), interestCents: cents(10) }] });
  const cursor = new LoanCursor(builder.build(), DEFAULT_METRIC_SETTINGS);
  cursor.start(0);
  // 02-16: seq 10 is 1 day past due; seq 30 is paid, so 1 of 3 paid and 800 principal left; next due is seq 20 (03-15).
  expect(cursor.advanceTo(dayFromDate('2025-02-16'))).toMatchObject({
    dpd: 1,
    installmentsPaid: 1,
    remainingPrincipalCents: cents(800),
    nextDueDay: dayFromDate('2025-03-15'),
  });
});
