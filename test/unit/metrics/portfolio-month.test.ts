import { dayFromDate, monthIndexFromText } from '../../../server/ground/calendar';
import type { FinancialsInput } from '../../../server/metrics/financial-ratios';
import { NEVER } from '../../../server/metrics/loan-book';
import { DEFAULT_METRIC_SETTINGS, type MetricSettings } from '../../../server/metrics/metric-settings';
import { computePortfolioMonth, type PremiumInput } from '../../../server/metrics/portfolio-month';
import type { GroupDimension } from '../../../server/metrics/segments';
import { buildBook, cents, monthly, type LoanSpec } from './book-fixture';

/*
 * The month under test is June 2025 (month ends: 2025-04-30, 05-31, 06-30; the year's average
 * also needs 2024-12-31 to 2025-05-31). No interest, retention 1, so amounts are easy to follow.
 * A, B, C, E: 1,000 in ten installments of 100 due on the 10th, Feb to Nov 2025.
 *  A pays Feb-Jun              -> 30 Jun: 500 left, M0.         31 May: 600 M0.  30 Apr: 700 M0.
 *  B pays Feb-May (not 10 Jun) -> 30 Jun: 600 left, dpd 20, M1. 31 May: 600 M0.  30 Apr: 700 M0.
 *  C pays Feb-Apr (not 10 May) -> 30 Jun: 700 left, dpd 51, M2. 31 May: dpd 21 M1. 30 Apr: 700 M0.
 *  E pays Feb only; claim approved 5 Jun, paid 12 Jun (900) -> claimed at 30 Jun. 31 May: dpd 82 M3 (900).
 * D: 1,000 from 2024-06-10 in ten installments due Jul 2024-Apr 2025, paid July only -> 900 left,
 *    unpaid since 2024-08-10: 324 dpd on 30 Jun (over 180, never claimed).
 * F: 500 from 2024-01-10, never paid, claimed 2024-09-01 (500); recoveries 40 on 2025-02-15 and 10 on 2025-06-20.
 */
const A: LoanSpec = {
  loanId: 'A',
  channel: 'online',
  principal: 1000,
  disbursedAt: '2025-01-10',
  installments: monthly('2025-02', 10, 10, 100),
  repayments: [
    ['2025-02-10', 100],
    ['2025-03-10', 100],
    ['2025-04-10', 100],
    ['2025-05-10', 100],
    ['2025-06-10', 100],
  ],
};
const B: LoanSpec = { ...A, loanId: 'B', repayments: A.repayments!.slice(0, 4) };
const C: LoanSpec = { ...A, loanId: 'C', repayments: A.repayments!.slice(0, 3) };
const E: LoanSpec = {
  ...A,
  loanId: 'E',
  channel: 'branch',
  repayments: A.repayments!.slice(0, 1),
  claims: [{ approvedAt: '2025-06-05', paidAt: '2025-06-12', amount: 900 }],
};
const D: LoanSpec = {
  loanId: 'D',
  channel: 'branch',
  principal: 1000,
  disbursedAt: '2024-06-10',
  installments: monthly('2024-07', 10, 10, 100),
  repayments: [['2024-07-10', 100]],
};
const F: LoanSpec = {
  loanId: 'F',
  channel: 'branch',
  principal: 500,
  disbursedAt: '2024-01-10',
  installments: monthly('2024-02', 10, 5, 100),
  claims: [{ approvedAt: '2024-08-25', paidAt: '2024-09-01', amount: 500 }],
  recoveries: [
    ['2025-02-15', 40],
    ['2025-06-20', 10],
  ],
};
const LOANS = [A, B, C, D, E, F];

const premium = (loan: number, dueDate: string, amount: number, received: number, receivedAt?: string): PremiumInput => ({
  loan,
  orgUnit: 'BR-SH',
  dueDay: dayFromDate(dueDate),
  amountCents: cents(amount),
  receivedCents: cents(received),
  receivedDay: receivedAt ? dayFromDate(receivedAt) : NEVER,
});
// June income: 30 (P1). Receivable at 30 Jun: P1 30 - 20 = 10, P2 50 received only on 5 Jul = 50, P3 not yet due: 10 + 50 = 60.
const PREMIUMS = [premium(0, '2025-06-15', 30, 20, '2025-06-20'), premium(1, '2025-05-10', 50, 50, '2025-07-05'), premium(-1, '2025-07-01', 70, 0)];

const finance = (orgUnit: string | undefined, earned: number): FinancialsInput => ({
  month: '2025-06',
  ...(orgUnit ? { orgUnit } : {}),
  earnedPremium: cents(earned),
  claimsPaid: cents(900),
  recoveries: cents(50),
  cededClaimsRecovered: cents(100),
  assumedClaimsPaid: cents(20),
  outstandingClaimReserveProvision: cents(30),
  cededReserveRecovered: cents(10),
  operatingExpenses: cents(200),
  cededExpensesRecovered: cents(20),
  commissions: cents(50),
  reinsuranceExpenses: cents(10),
  taxesAndSurcharges: cents(6),
});

function june(settings: Partial<MetricSettings> = {}, groupBy: GroupDimension[] = [], financials: FinancialsInput[] = [finance(undefined, 1000)]) {
  return computePortfolioMonth({
    book: buildBook(LOANS),
    premiums: PREMIUMS,
    financials,
    monthIndex: monthIndexFromText('2025-06'),
    groupBy,
    settings: { ...DEFAULT_METRIC_SETTINGS, ...settings },
  });
}

test('balances and buckets at the month end: the 180-day exclusion and claimed loans', () => {
  const { total } = june();
  expect(total).toMatchObject({
    loanCount: 6, // every loan disbursed by 30 Jun
    loanAmount: cents(5 * 1000 + 500),
    remainingPrincipal: cents(500 + 600 + 700), // A + B + C; D is 324 dpd, E and F are claimed
    m0Principal: cents(500),
    m1Principal: cents(600),
    m2Principal: cents(700),
    m3Principal: 0,
    over180Principal: cents(900),
  });
});

test('claimed loans can be counted in the remaining principal by setting (still without the over-180 ones)', () => {
  // E is claimed but only 112 dpd (10 Mar -> 30 Jun) so it is added; F is far beyond 180 days: 1,800 + 900.
  expect(june({ claimedInRemainingPrincipal: 'included' }).total.remainingPrincipal).toBe(cents(2700));
});

test('conversion rates and the overdue rate', () => {
  const { total } = june();
  // M0_1 = M1 now / M0 a month ago = 600 / (A 600 + B 600) = 0.5
  expect(total.m0_1).toBeCloseTo(0.5, 12);
  // M0_2 = M2 now / M0 two months ago = 700 / (A 700 + B 700 + C 700) = 1/3 (E was M2 at 30 Apr, dpd 51)
  expect(total.m0_2).toBeCloseTo(1 / 3, 12);
  // overdue rate = (M1 + M2 + M3) / remaining = (600 + 700 + 0) / 1,800
  expect(total.overdueRate).toBeCloseTo(1300 / 1800, 12);
});

test("the month-end annualized loss rate, read literally: the month's claims less the year's recoveries, times 12", () => {
  const { total } = june();
  // Retained liability: 31 May = A 600 + B 600 + C 700 + D 900 + E 900 = 3,700; 30 Jun = 3,700 - A 100 - B 0 - E 900 = 2,700.
  expect(total.retainedLiability).toBe(cents(2700));
  // (claims in June 900 - recoveries 1 Jan-30 Jun 50) x 12 / ((3,700 + 2,700) / 2) = 10,200 / 3,200 = 3.1875
  expect(total.claimsPaid).toBe(cents(900));
  expect(total.recoveries).toBe(cents(10));
  expect(total.annualizedLossRate).toBeCloseTo(3.1875, 12);
  // With the same-month reading: (900 - 10) x 12 / 3,200 = 3.3375
  expect(june({ lossRecoveriesWindow: 'same-month' }).total.annualizedLossRate).toBeCloseTo(3.3375, 12);
});

test("the year figure as year to date: the year's claims less recoveries, scaled to 12 months, over the mean monthly average", () => {
  // Month-end retained liability: Dec 900 (D only; F claimed in 2024), Jan 4,900, Feb 4,500, Mar 4,200, Apr 3,900, May 3,700, Jun 2,700.
  // Monthly averages: Jan 2,900, Feb 4,700, Mar 4,350, Apr 4,050, May 3,800, Jun 3,200; mean = 23,000 / 6.
  // (900 - 50) x 12 / 6 = 1,700; 1,700 / (23,000 / 6) = 10,200 / 23,000
  expect(june().total.annualizedLossRateYear).toBeCloseTo(10200 / 23000, 12);
});

test("claims net of reinsurance use each loan's retention share; retained liability too", () => {
  const book = buildBook([{ ...E, retentionShare: 0.8 }]);
  const result = computePortfolioMonth({
    book,
    premiums: [],
    financials: [],
    monthIndex: monthIndexFromText('2025-06'),
    groupBy: [],
    settings: { ...DEFAULT_METRIC_SETTINGS, lossClaims: 'net' },
  });
  // Net claim = 900 x 0.8 = 720. Retained liability 31 May = 900 x 0.8 = 720, 30 Jun = 0 (claimed): average 360.
  // (720 - 0) x 12 / 360 = 24
  expect(result.total.claimsPaid).toBe(cents(720));
  expect(result.total.annualizedLossRate).toBeCloseTo(24, 12);
});

test('premium income is what falls due in the month; the receivable is what is due and unpaid at its end', () => {
  const { total } = june();
  expect(total.premiumIncome).toBe(cents(30));
  expect(total.premiumReceivable).toBe(cents(60));
});

test('combined ratios come from the financials: the company row, or the org units summed', () => {
  // losses = 900 - 50 - 100 + 20 + 30 - 10 = 790; expenses = 200 - 20 + 50 + 10 + 6 = 246; earned 1,000
  expect(june().total.combinedLossRatio).toBeCloseTo(0.79, 12);
  expect(june().total.combinedExpenseRatio).toBeCloseTo(0.246, 12);
  // Two org-unit rows and no company row: (790 + 790) / (1,000 + 3,000)
  const summed = june({}, [], [finance('BR-SH', 1000), finance('BR-BJ', 3000)]);
  expect(summed.total.combinedLossRatio).toBeCloseTo(1580 / 4000, 12);
  // By org unit each segment has its own row; other groupings have none.
  const byOrgUnit = june({}, ['orgUnit'], [finance('BR-SH', 1000)]);
  expect(byOrgUnit.segments).toHaveLength(1);
  expect(byOrgUnit.segments[0]!.figures.combinedLossRatio).toBeCloseTo(0.79, 12);
  expect(june({}, ['channel']).segments.every((segment) => segment.figures.combinedLossRatio === null)).toBe(true);
});

test('ratios with a zero denominator are null, not 0 or Infinity', () => {
  const byChannel = june({}, ['channel']);
  const branch = byChannel.segments.find((segment) => segment.segment.channel === 'branch')!;
  // Branch holds D (over 180), E and F (claimed): no remaining principal and no M0 a month or two ago.
  expect(branch.figures).toMatchObject({ remainingPrincipal: 0, overdueRate: null, m0_1: null, m0_2: null });
  expect(june({}, [], []).total.combinedLossRatio).toBeNull();
  const empty = computePortfolioMonth({
    book: buildBook([]),
    premiums: [],
    financials: [],
    monthIndex: monthIndexFromText('2025-06'),
    groupBy: [],
    settings: DEFAULT_METRIC_SETTINGS,
  });
  expect(empty.total).toMatchObject({ annualizedLossRate: null, annualizedLossRateYear: null, overdueRate: null, loanCount: 0 });
});

test('segments add up to the total', () => {
  const byChannel = june({}, ['channel']);
  expect(byChannel.segments.map((segment) => segment.segment)).toEqual([{ channel: 'online' }, { channel: 'branch' }]);
  const online = byChannel.segments[0]!.figures;
  expect(online).toMatchObject({
    loanCount: 3,
    remainingPrincipal: cents(1800),
    m0Principal: cents(500),
    premiumIncome: cents(30),
    premiumReceivable: cents(60),
  });
  expect(byChannel.total.remainingPrincipal).toBe(june().total.remainingPrincipal);
  // P3 names no loan: it is in the total only. Here its due date is after June, so totals match the online segment.
  const vintages = june({}, ['vintage', 'channel']);
  expect(vintages.segments.map((segment) => segment.segment)).toEqual([
    { vintage: '2025-01', channel: 'online' },
    { vintage: '2024-06', channel: 'branch' },
    { vintage: '2025-01', channel: 'branch' },
    { vintage: '2024-01', channel: 'branch' },
  ]);
});

test('a payment on the last day of the month counts for that month end; a due date on it is not yet overdue', () => {
  const loan: LoanSpec = {
    loanId: 'G',
    principal: 300,
    disbursedAt: '2025-03-31',
    installments: [
      ['2025-04-30', 100, 0],
      ['2025-05-31', 100, 0],
      ['2025-06-30', 100, 0],
    ],
  };
  const run = (spec: LoanSpec) =>
    computePortfolioMonth({
      book: buildBook([spec]),
      premiums: [],
      financials: [],
      monthIndex: monthIndexFromText('2025-05'),
      groupBy: [],
      settings: DEFAULT_METRIC_SETTINGS,
    }).total;
  // Due 31 May, unpaid at the 31 May month end: 0 dpd, M0 with 200 left (the April one was paid on 30 April).
  expect(run({ ...loan, repayments: [['2025-04-30', 100]] })).toMatchObject({ m0Principal: cents(200), m1Principal: 0, remainingPrincipal: cents(200) });
  // Paid on 31 May itself: 100 left.
  expect(
    run({
      ...loan,
      repayments: [
        ['2025-04-30', 100],
        ['2025-05-31', 100],
      ],
    }),
  ).toMatchObject({ m0Principal: cents(100), remainingPrincipal: cents(100) });
  // Paid on 1 June: still 200 at the May month end, and the April installment paid on 1 May was 1 dpd at 30 April.
  const april = computePortfolioMonth({
    book: buildBook([{ ...loan, repayments: [['2025-05-01', 100]] }]),
    premiums: [],
    financials: [],
    monthIndex: monthIndexFromText('2025-04'),
    groupBy: [],
    settings: DEFAULT_METRIC_SETTINGS,
  }).total;
  expect(april).toMatchObject({ m0Principal: cents(300), m1Principal: 0 });
});

test('the installment basis buckets by installments overdue', () => {
  // At 30 Jun C has 2 installments overdue (10 May, 10 Jun): M2 either way; B has 1: M1 either way; E (by installments) would be 4 but is claimed.
  const { total } = june({ bucketBasis: 'installments' });
  expect(total).toMatchObject({ m1Principal: cents(600), m2Principal: cents(700), m3Principal: 0 });
  // D (324 dpd) is over180 whatever the basis; uncapped M3 keeps it in M3, while the remaining principal still leaves it out.
  expect(june({ m3UpperBound: 'uncapped' }).total).toMatchObject({ m3Principal: cents(900), over180Principal: 0, remainingPrincipal: cents(1800) });
});
