import { dayFromDate } from '../../../server/ground/calendar';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { ObligorFactsAccumulator } from '../../../server/monitoring/obligor-facts-batch';
import { buildBook, type LoanSpec } from '../metrics/book-fixture';

const schedule = (first: number): [string, number, number][] => Array.from({ length: 6 }, (_, index) => [`2025-0${first + index}-01`, 1000, 100]);
const loans: LoanSpec[] = [
  {
    loanId: 'L1',
    obligorId: 'OB-1',
    orgUnit: 'BR-SH',
    channel: 'bank-branch',
    customerTier: 'prime',
    principal: 6000,
    disbursedAt: '2025-01-10',
    installments: schedule(2),
    repayments: [['2025-02-01', 1100]],
  },
  // The same obligor's second, later loan, booked online by another branch: the segment stays the first loan's.
  {
    loanId: 'L2',
    obligorId: 'OB-1',
    orgUnit: 'BR-BJ',
    channel: 'online-platform-a',
    customerTier: 'subprime',
    principal: 6000,
    disbursedAt: '2025-02-15',
    installments: schedule(3),
    repayments: [],
  },
  {
    loanId: 'L3',
    obligorId: 'OB-2',
    orgUnit: 'BR-BJ',
    channel: 'online-platform-a',
    customerTier: 'prime',
    principal: 6000,
    disbursedAt: '2025-01-10',
    installments: schedule(2),
    repayments: [
      ['2025-02-01', 1100],
      ['2025-03-01', 1100],
      ['2025-04-01', 1100],
    ],
  },
  // Disbursed after the day: not monitored yet.
  { loanId: 'L4', obligorId: 'OB-3', principal: 6000, disbursedAt: '2025-06-01', installments: schedule(7 - 5), repayments: [] },
];
const options = { gradeScale: ['A', 'B', 'C', 'D', 'E'] };
const ratings = new Map([
  [
    'OB-1',
    [
      { ratedDay: dayFromDate('2025-01-10'), score: 700, grade: 'B', baseline: true },
      { ratedDay: dayFromDate('2025-04-01'), score: 610, grade: 'D' },
    ],
  ],
]);

function facts(parts: LoanSpec[][]) {
  const accumulator = new ObligorFactsAccumulator(dayFromDate('2025-04-10'), DEFAULT_METRIC_SETTINGS, ['online-*']);
  for (const part of parts) accumulator.add(buildBook(part));
  const batch = accumulator.finish(ratings, options);
  return Object.fromEntries(
    Array.from({ length: batch.size }, (_, index) => [batch.subject(index).subjectKey, { facts: batch.facts(index), unit: batch.subject(index).orgUnit }]),
  );
}

test("obligor facts: worst dpd, summed amounts and installments, M1-M3 principal, the first loan's segment, months on book of the oldest loan, rating facts", () => {
  const whole = facts([loans]);
  expect(whole['OB-2']).toEqual({
    unit: 'HQ',
    facts: {
      obligorId: 'OB-2',
      asOf: '2025-04-10',
      loanAmount: 6000,
      installmentCount: 6,
      installmentsPaid: 3,
      repaidAmount: 3300,
      overdueAmount: 0,
      dpd: 0,
      nextDueDate: '2025-05-01',
      remainingPrincipal: 3000,
      m1Principal: 0,
      m2Principal: 0,
      m3Principal: 0,
      bucket: 'M0',
      claimed: false,
      monthsOnBook: 3,
      orgUnit: 'BR-BJ',
      product: 'consumer',
      channel: 'online-platform-a',
      customerTier: 'prime',
      internetBusiness: true,
    },
  });
  // No rating yet: the rating facts are absent, not null.
  expect(whole['OB-2']!.facts).not.toHaveProperty('scoreDrop');
});

test('an obligor with internet and branch loans is routed by line of business, not by its first loan (Art. 9)', () => {
  const whole = facts([loans]);
  expect(Object.keys(whole).sort()).toEqual(['OB-1', 'OB-1@internet', 'OB-2']);
  const rating = { score: 610, scoreDrop: 90, grade: 'D', gradeDowngrade: 2 };
  // The branch loan (the first, so the plain obligor id) stays with the branch that booked it ...
  expect(whole['OB-1']).toEqual({
    unit: 'BR-SH',
    facts: {
      obligorId: 'OB-1',
      asOf: '2025-04-10',
      loanAmount: 6000,
      installmentCount: 6,
      installmentsPaid: 1,
      repaidAmount: 1100,
      overdueAmount: 2200,
      dpd: 40,
      nextDueDate: '2025-05-01',
      remainingPrincipal: 5000,
      m1Principal: 0,
      m2Principal: 5000,
      m3Principal: 0,
      bucket: 'M2',
      claimed: false,
      monthsOnBook: 3,
      orgUnit: 'BR-SH',
      product: 'consumer',
      channel: 'bank-branch',
      customerTier: 'prime',
      internetBusiness: false,
      ...rating,
    },
  });
  // ... and the later internet loan is HQ's, whatever branch booked it, judged on its own figures and segment.
  expect(whole['OB-1@internet']).toEqual({
    unit: 'HQ',
    facts: {
      obligorId: 'OB-1',
      asOf: '2025-04-10',
      loanAmount: 6000,
      installmentCount: 6,
      installmentsPaid: 0,
      repaidAmount: 0,
      overdueAmount: 2200,
      dpd: 40,
      nextDueDate: '2025-05-01',
      remainingPrincipal: 6000,
      m1Principal: 0,
      m2Principal: 6000,
      m3Principal: 0,
      bucket: 'M2',
      claimed: false,
      monthsOnBook: 2,
      orgUnit: 'BR-BJ',
      product: 'consumer',
      channel: 'online-platform-a',
      customerTier: 'subprime',
      internetBusiness: true,
      ...rating,
    },
  });
});

test('an obligor whose loans sit on different pages gets the same facts as from the whole book', () => {
  expect(
    facts([
      [loans[1]!, loans[3]!],
      [loans[0]!, loans[2]!],
    ]),
  ).toEqual(facts([loans]));
});

test("several days at once (the backtest's month-ends): each loan replayed once forward gives each day's facts as add() alone", () => {
  const days = ['2025-02-28', '2025-03-31', '2025-04-10', '2025-06-30', '2025-09-30'];
  const all = (batch: ReturnType<ObligorFactsAccumulator['finish']>) =>
    Object.fromEntries(Array.from({ length: batch.size }, (_, index) => [batch.subject(index).subjectKey, [batch.facts(index), batch.brief!(index)]]));
  const together = days.map((day) => new ObligorFactsAccumulator(dayFromDate(day), DEFAULT_METRIC_SETTINGS, ['online-*']));
  ObligorFactsAccumulator.addToAll(buildBook(loans), together);
  for (const [position, day] of days.entries()) {
    const alone = new ObligorFactsAccumulator(dayFromDate(day), DEFAULT_METRIC_SETTINGS, ['online-*']);
    alone.add(buildBook(loans));
    expect(all(together[position]!.finish(ratings, options))).toEqual(all(alone.finish(ratings, options)));
  }
  // The brief is what the facts say of the outcome.
  const june = together[3]!.finish(ratings, options);
  expect(june.brief!(0)).toEqual({ subjectKey: 'OB-1', dpd: june.facts(0).dpd, bucket: june.facts(0).bucket, monthsOnBook: june.facts(0).monthsOnBook });
});
