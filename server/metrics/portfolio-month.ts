import { M0, M1, M2, M3, OVER_180 } from './buckets';
import { monthEndDay, monthStartDay } from './calendar';
import { EXCLUSION_DAYS, type MetricSettings } from './metric-settings';
import { NEVER, type LoanBook } from './loan-book';
import { LoanCursor } from './loan-state';
import { SegmentIndex, type GroupDimension } from './segments';
import { combinedRatios, type FinancialsInput } from './financial-ratios';

export interface PremiumInput {
  /** -1 when the premium names no loan in the book. */
  loan: number;
  orgUnit: string;
  dueDay: number;
  amountCents: number;
  receivedCents: number;
  /** When unknown, the received amount counts from the due date. */
  receivedDay: number;
}

export interface PortfolioMonthInput {
  book: LoanBook;
  premiums: readonly PremiumInput[];
  financials: readonly FinancialsInput[];
  monthIndex: number;
  groupBy: readonly GroupDimension[];
  settings: MetricSettings;
}

/** Amounts in cents (retained liability may carry fractions of a cent until rounded at the edge). */
export interface MonthFigures {
  loanCount: number;
  loanAmount: number;
  remainingPrincipal: number;
  m0Principal: number;
  m1Principal: number;
  m2Principal: number;
  m3Principal: number;
  over180Principal: number;
  m0_1: number | null;
  m0_2: number | null;
  overdueRate: number | null;
  claimsPaid: number;
  recoveries: number;
  annualizedLossRate: number | null;
  annualizedLossRateYear: number | null;
  premiumIncome: number;
  premiumReceivable: number;
  combinedLossRatio: number | null;
  combinedExpenseRatio: number | null;
  retainedLiability: number;
}

export interface PortfolioMonth {
  segments: { segment: Record<string, string>; figures: MonthFigures }[];
  total: MonthFigures;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/**
 * One month's portfolio facts (domain.md, "Metrics"). The loan states needed are the month ends
 * from two months back (M0_2) and from last December (the year's average retained liability),
 * so each loan is replayed once through at most 14 month ends.
 */
export function computePortfolioMonth(input: PortfolioMonthInput): PortfolioMonth {
  const { book, monthIndex, settings } = input;
  const januaryIndex = Math.floor(monthIndex / 12) * 12;
  const firstIndex = Math.min(monthIndex - 2, januaryIndex - 1);
  const positions = monthIndex - firstIndex + 1;
  const days = Int32Array.from({ length: positions }, (_, position) => monthEndDay(firstIndex + position));
  const thisMonth = positions - 1;
  const lastMonth = positions - 2;
  const twoMonthsAgo = positions - 3;

  const index = new SegmentIndex(book, input.groupBy);
  const segmentOfLoan = new Int32Array(book.size);
  for (let loan = 0; loan < book.size; loan++) segmentOfLoan[loan] = input.groupBy.length === 0 ? 0 : index.forLoan(loan);
  if (input.groupBy.length === 0) index.forValues([]);
  // Premiums may open segments no loan has (an org unit with premiums only), so they are placed first.
  const segmentOfPremium = input.premiums.map((premium) =>
    premium.loan >= 0 ? segmentOfLoan[premium.loan]! : input.groupBy.length === 1 && input.groupBy[0] === 'orgUnit' ? index.forValues([premium.orgUnit]) : -1,
  );
  const size = index.segments.length + 1;
  const total = size - 1;
  const column = () => new Float64Array(size);
  const sums = {
    loanCount: column(), loanAmount: column(), remainingPrincipal: column(),
    m0: column(), m1: column(), m2: column(), m3: column(), over180: column(),
    m0LastMonth: column(), m0TwoMonthsAgo: column(),
    claimsMonth: column(), claimsYear: column(), recoveriesMonth: column(), recoveriesYear: column(),
    premiumIncome: column(), premiumReceivable: column(),
  };
  const retained = new Float64Array(positions * size);

  let segment = 0;
  const add = (values: Float64Array, amount: number) => {
    values[segment] = values[segment]! + amount;
    values[total] = values[total]! + amount;
  };
  const cursor = new LoanCursor(book, settings);
  const monthEnd = days[thisMonth]!;
  for (let loan = 0; loan < book.size; loan++) {
    const disbursedDay = book.disbursedDay[loan]!;
    if (disbursedDay > monthEnd) continue;
    segment = segmentOfLoan[loan]!;
    const retention = book.retentionShare[loan]!;
    cursor.start(loan);
    for (let position = 0; position < positions; position++) {
      const day = days[position]!;
      if (disbursedDay > day) continue;
      const state = cursor.advanceTo(day);
      if (!state.claimed) {
        const liability = state.remainingPrincipalCents * retention;
        retained[position * size + segment] = retained[position * size + segment]! + liability;
        retained[position * size + total] = retained[position * size + total]! + liability;
      }
      const principal = state.remainingPrincipalCents;
      if (position === thisMonth) {
        add(sums.loanCount, 1);
        add(sums.loanAmount, book.principal[loan]!);
        const counted = state.dpd <= EXCLUSION_DAYS && (!state.claimed || settings.claimedInRemainingPrincipal === 'included');
        if (counted) add(sums.remainingPrincipal, principal);
        if (state.bucket === M0) add(sums.m0, principal);
        else if (state.bucket === M1) add(sums.m1, principal);
        else if (state.bucket === M2) add(sums.m2, principal);
        else if (state.bucket === M3) add(sums.m3, principal);
        else if (state.bucket === OVER_180) add(sums.over180, principal);
      } else if (position === lastMonth && state.bucket === M0) add(sums.m0LastMonth, principal);
      else if (position === twoMonthsAgo && state.bucket === M0) add(sums.m0TwoMonthsAgo, principal);
    }
  }

  const monthStart = monthStartDay(monthIndex);
  const yearStart = monthStartDay(januaryIndex);
  for (let claim = 0; claim < book.claimLoan.length; claim++) {
    const day = book.claimPaidDay[claim]!;
    if (day < yearStart || day > monthEnd) continue;
    const loan = book.claimLoan[claim]!;
    segment = segmentOfLoan[loan]!;
    const amount = book.claimAmount[claim]! * (settings.lossClaims === 'net' ? book.retentionShare[loan]! : 1);
    add(sums.claimsYear, amount);
    if (day >= monthStart) add(sums.claimsMonth, amount);
  }
  for (let recovery = 0; recovery < book.recoveryLoan.length; recovery++) {
    const day = book.recoveryDay[recovery]!;
    if (day < yearStart || day > monthEnd) continue;
    const loan = book.recoveryLoan[recovery]!;
    segment = segmentOfLoan[loan]!;
    const amount = book.recoveryAmount[recovery]! * (settings.lossClaims === 'net' ? book.retentionShare[loan]! : 1);
    add(sums.recoveriesYear, amount);
    if (day >= monthStart) add(sums.recoveriesMonth, amount);
  }
  input.premiums.forEach((premium, position) => {
    segment = segmentOfPremium[position]!;
    // Premiums that cannot be placed in this grouping still count in the total.
    const values = segment < 0 ? undefined : segment;
    const addPremium = (target: Float64Array, amount: number) => {
      if (values !== undefined) target[values] = target[values]! + amount;
      target[total] = target[total]! + amount;
    };
    if (premium.dueDay >= monthStart && premium.dueDay <= monthEnd) addPremium(sums.premiumIncome, premium.amountCents);
    if (premium.dueDay <= monthEnd) {
      const received = (premium.receivedDay === NEVER ? premium.dueDay : premium.receivedDay) <= monthEnd ? premium.receivedCents : 0;
      addPremium(sums.premiumReceivable, Math.max(0, premium.amountCents - received));
    }
  });

  const figuresOf = (target: number, segmentValues: Record<string, string> | undefined): MonthFigures => {
    const at = (values: Float64Array) => values[target]!;
    const liability = (position: number) => retained[position * size + target]!;
    const monthAverage = (position: number) => (liability(position - 1) + liability(position)) / 2;
    const monthsElapsed = monthIndex - januaryIndex + 1;
    let averageSum = 0;
    for (let position = thisMonth - monthsElapsed + 1; position <= thisMonth; position++) averageSum += monthAverage(position);
    const yearAverage = averageSum / monthsElapsed;
    const recoveriesForMonth = settings.lossRecoveriesWindow === 'year-to-date' ? at(sums.recoveriesYear) : at(sums.recoveriesMonth);
    const monthlyAverage = monthAverage(thisMonth);
    const ratios = combinedRatios(input.financials, monthIndex, input.groupBy, segmentValues);
    return {
      loanCount: at(sums.loanCount),
      loanAmount: at(sums.loanAmount),
      remainingPrincipal: at(sums.remainingPrincipal),
      m0Principal: at(sums.m0),
      m1Principal: at(sums.m1),
      m2Principal: at(sums.m2),
      m3Principal: at(sums.m3),
      over180Principal: at(sums.over180),
      m0_1: ratio(at(sums.m1), at(sums.m0LastMonth)),
      m0_2: ratio(at(sums.m2), at(sums.m0TwoMonthsAgo)),
      overdueRate: ratio(at(sums.m1) + at(sums.m2) + at(sums.m3), at(sums.remainingPrincipal)),
      claimsPaid: at(sums.claimsMonth),
      recoveries: at(sums.recoveriesMonth),
      // Literal text: this month's claims less the recoveries of the year to date (or the month, by setting), times 12.
      annualizedLossRate: ratio((at(sums.claimsMonth) - recoveriesForMonth) * 12, monthlyAverage),
      // The year formula over the months so far, scaled to a year; in December it is the text's year-end figure.
      annualizedLossRateYear: ratio(((at(sums.claimsYear) - at(sums.recoveriesYear)) * 12) / monthsElapsed, yearAverage),
      premiumIncome: at(sums.premiumIncome),
      premiumReceivable: at(sums.premiumReceivable),
      combinedLossRatio: ratios.combinedLossRatio,
      combinedExpenseRatio: ratios.combinedExpenseRatio,
      retainedLiability: liability(thisMonth),
    };
  };

  return {
    segments: input.groupBy.length === 0 ? [] : index.segments.map((values, position) => ({ segment: values, figures: figuresOf(position, values) })),
    total: figuresOf(total, undefined),
  };
}

