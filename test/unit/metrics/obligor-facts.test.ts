import { dayFromDate } from '../../../server/ground/calendar';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { obligorFacts, ratingFacts } from '../../../server/metrics/obligor-facts';
import { buildBook, cents, monthly } from './book-fixture';

// Obligor OB1 has two loans, looked at on 2025-06-20:
//  K1: 1,000 from 2025-01-10, ten installments of 100 + 5 interest due on the 10th (Feb-Nov). Paid Feb-May (4 x 105).
//      -> 10 Jun unpaid: dpd 10, overdue 105, 600 principal left, M1, 4 of 10 paid, next due 2025-07-10, 5 months on book.
//  K2: 600 from 2025-03-20, six installments of 100 due on the 20th (Apr-Sep), Apr and May paid; June's is due today.
//      -> dpd 0 (due today is not overdue), 400 left, M0, 2 of 6 paid, next due 2025-06-20, 3 months on book.
//  K3: disbursed 2025-07-01, after the as-of date: left out.
const book = buildBook([
  {
    loanId: 'K1',
    obligorId: 'OB1',
    principal: 1000,
    disbursedAt: '2025-01-10',
    installments: monthly('2025-02', 10, 10, 100, 5),
    repayments: [
      ['2025-02-10', 105],
      ['2025-03-10', 105],
      ['2025-04-10', 105],
      ['2025-05-10', 105],
    ],
  },
  {
    loanId: 'K2',
    obligorId: 'OB1',
    principal: 600,
    disbursedAt: '2025-03-20',
    installments: monthly('2025-04', 20, 6, 100),
    repayments: [
      ['2025-04-20', 100],
      ['2025-05-20', 100],
    ],
  },
  { loanId: 'K3', obligorId: 'OB1', principal: 100, disbursedAt: '2025-07-01', installments: [['2025-08-01', 100, 0]] },
]);
const ratings = [
  { ratedDay: dayFromDate('2025-01-10'), score: 720, grade: 'B' },
  { ratedDay: dayFromDate('2025-05-01'), score: 700, grade: 'B' },
  { ratedDay: dayFromDate('2025-06-15'), score: 610, grade: 'D' },
  { ratedDay: dayFromDate('2025-07-15'), score: 500, grade: 'E' },
];

test("each loan's facts and the obligor's aggregate: sums, the worst dpd and bucket, the earliest next due date", () => {
  const result = obligorFacts(book, ratings, dayFromDate('2025-06-20'), DEFAULT_METRIC_SETTINGS);
  expect(result.loans.map((loan) => loan.loanId)).toEqual(['K1', 'K2']);
  expect(result.loans[0]!.facts).toMatchObject({
    loanAmount: cents(1000),
    installmentCount: 10,
    installmentsPaid: 4,
    repaidAmount: cents(420),
    overdueAmount: cents(105),
    dpd: 10,
    nextDueDate: '2025-07-10',
    remainingPrincipal: cents(600),
    bucket: 'M1',
    m1Principal: cents(600),
    claimed: false,
    monthsOnBook: 5,
    vintage: '2025-01',
  });
  expect(result.loans[1]!.facts).toMatchObject({
    dpd: 0,
    overdueAmount: 0,
    remainingPrincipal: cents(400),
    bucket: 'M0',
    installmentsPaid: 2,
    nextDueDate: '2025-06-20',
    monthsOnBook: 3,
  });
  expect(result.facts).toMatchObject({
    loanCount: 2,
    loanAmount: cents(1600), // 1,000 + 600
    installmentCount: 16,
    installmentsPaid: 6,
    repaidAmount: cents(620), // 420 + 200
    overdueAmount: cents(105),
    remainingPrincipal: cents(1000), // 600 + 400
    dpd: 10,
    bucket: 'M1',
    nextDueDate: '2025-06-20',
    monthsOnBook: 5,
    m1Principal: cents(600),
    m2Principal: 0,
  });
});

test('score drop is the underwriting baseline minus the latest score up to the as-of date', () => {
  // Baseline = the first rating (720); current on 2025-06-20 = 610 (the 2025-07-15 one is later): drop 110.
  expect(ratingFacts(ratings, dayFromDate('2025-06-20'))).toEqual({ score: 610, grade: 'D', baselineScore: 720, baselineGrade: 'B', scoreDrop: 110 });
  // A rating marked as baseline wins over the first one: 700 - 610 = 90.
  const marked = ratings.map((rating) => (rating.score === 700 ? { ...rating, baseline: true } : rating));
  expect(ratingFacts(marked, dayFromDate('2025-06-20')).scoreDrop).toBe(90);
  expect(ratingFacts([], dayFromDate('2025-06-20'))).toEqual({ score: null, grade: null, baselineScore: null, baselineGrade: null, scoreDrop: null });
});

test('a claimed loan makes the obligor claimed, the worst bucket', () => {
  const claimed = buildBook([
    { loanId: 'Q1', principal: 100, disbursedAt: '2025-01-01', installments: [['2025-02-01', 100, 0]], claims: [{ paidAt: '2025-05-10', amount: 100 }] },
    { loanId: 'Q2', principal: 100, disbursedAt: '2025-01-01', installments: [['2025-02-01', 100, 0]], repayments: [['2025-02-01', 100]] },
  ]);
  const result = obligorFacts(claimed, [], dayFromDate('2025-06-01'), DEFAULT_METRIC_SETTINGS);
  expect(result.loans.map((loan) => loan.facts.bucket)).toEqual(['claimed', 'settled']);
  expect(result.facts).toMatchObject({ bucket: 'claimed', claimed: true });
});
