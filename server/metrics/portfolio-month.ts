import type { PortfolioMetrics } from '../generated/schema-types';
import { M0, M1, M2, M3, OVER_180 } from './buckets';
import { monthEndDay, monthStartDay } from '../ground/calendar';
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

/**
 * One month's figures: the fields of schemas/metrics/portfolio-metrics.json, but amounts in cents
 * (retained liability may carry fractions of a cent until rounded at the edge, in metric.views.ts).
 */
export type MonthFigures = PortfolioMetrics;

export interface PortfolioMonth {
  segments: { segment: Record<string, string>; figures: MonthFigures }[];
  total: MonthFigures;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

const SUM_FIELDS = [
  'loanCount',
  'loanAmount',
  'remainingPrincipal',
  'm0',
  'm1',
  'm2',
  'm3',
  'over180',
  'm0LastMonth',
  'm0TwoMonthsAgo',
  'claimsMonth',
  'claimsYear',
  'recoveriesMonth',
  'recoveriesYear',
  'premiumIncome',
  'premiumReceivable',
] as const;
type SumField = (typeof SUM_FIELDS)[number];

/** One month's portfolio facts for a whole book at once (domain.md, "Metrics"). */
export function computePortfolioMonth(input: PortfolioMonthInput): PortfolioMonth {
  const month = new PortfolioMonthAccumulator(input.monthIndex, input.groupBy, input.settings);
  month.add(input.book, input.premiums);
  return month.finish(input.financials);
}

/**
 * One month's portfolio facts, added up book by book (a streamed read adds one page of the book
 * at a time, so memory holds the sums, not the book). The loan states needed are the month ends
 * from two months back (M0_2) and from last December (the year's average retained liability),
 * so each loan is replayed once through at most 14 month ends. Slot 0 of every sum is the total,
 * slot s + 1 segment s.
 */
export class PortfolioMonthAccumulator {
  private readonly days: Int32Array;
  private readonly positions: number;
  private readonly januaryIndex: number;
  private index: SegmentIndex | undefined;
  private readonly sums = Object.fromEntries(SUM_FIELDS.map((field) => [field, [0]])) as Record<SumField, number[]>;
  /** retained[position][slot]: retained liability at each month end. */
  private readonly retained: number[][];

  constructor(
    private readonly monthIndex: number,
    private readonly groupBy: readonly GroupDimension[],
    private readonly settings: MetricSettings,
  ) {
    this.januaryIndex = Math.floor(monthIndex / 12) * 12;
    const firstIndex = Math.min(monthIndex - 2, this.januaryIndex - 1);
    this.positions = monthIndex - firstIndex + 1;
    this.days = Int32Array.from({ length: this.positions }, (_, position) => monthEndDay(firstIndex + position));
    this.retained = Array.from({ length: this.positions }, () => [0]);
  }

  /** The slot of a segment, growing the sums when the segment is new. */
  private slotOf(segment: number): number {
    const slot = segment + 1;
    while (this.sums.loanCount.length <= slot) {
      for (const field of SUM_FIELDS) this.sums[field].push(0);
      for (const values of this.retained) values.push(0);
    }
    return slot;
  }

  /**
   * Adds a book (or one page of it). `selected`, when given, keeps a share of it (a unit's subtree):
   * loans whose flag is 0 are skipped with their claims and recoveries, premiums whose flag is 0 too.
   */
  add(book: LoanBook, premiums: readonly PremiumInput[], selected?: { loans: Uint8Array; premiums: Uint8Array }): void {
    const { days, positions, settings, groupBy, sums, retained } = this;
    const thisMonth = positions - 1;
    const lastMonth = positions - 2;
    const twoMonthsAgo = positions - 3;
    if (this.index) this.index.book = book;
    else this.index = new SegmentIndex(book, groupBy);
    const index = this.index;
    // Slot of each loan: 0 (the total only) without a grouping.
    const slotOfLoan = new Int32Array(book.size);
    // A loan left out never opens a segment, so a share's segments are the ones its own loans and premiums make.
    if (groupBy.length > 0)
      for (let loan = 0; loan < book.size; loan++) if (!selected || selected.loans[loan]) slotOfLoan[loan] = this.slotOf(index.forLoan(loan));
    // Premiums may open segments no loan has (an org unit with premiums only), so they are placed first.
    const slotOfPremium = premiums.map((premium, position) =>
      selected && !selected.premiums[position]
        ? 0
        : premium.loan >= 0
          ? slotOfLoan[premium.loan]!
          : groupBy.length === 1 && groupBy[0] === 'orgUnit'
            ? this.slotOf(index.forValues([premium.orgUnit]))
            : 0,
    );

    let slot = 0;
    const add = (values: number[], amount: number) => {
      values[0] = values[0]! + amount;
      if (slot > 0) values[slot] = values[slot]! + amount;
    };
    const cursor = new LoanCursor(book, settings);
    const monthEnd = days[thisMonth]!;
    for (let loan = 0; loan < book.size; loan++) {
      const disbursedDay = book.disbursedDay[loan]!;
      if (disbursedDay > monthEnd || (selected && !selected.loans[loan])) continue;
      slot = slotOfLoan[loan]!;
      const retention = book.retentionShare[loan]!;
      cursor.start(loan);
      for (let position = 0; position < positions; position++) {
        const day = days[position]!;
        if (disbursedDay > day) continue;
        const state = cursor.advanceTo(day);
        if (!state.claimed) add(retained[position]!, state.remainingPrincipalCents * retention);
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

    const monthStart = monthStartDay(this.monthIndex);
    const yearStart = monthStartDay(this.januaryIndex);
    for (let claim = 0; claim < book.claimLoan.length; claim++) {
      const day = book.claimPaidDay[claim]!;
      if (day < yearStart || day > monthEnd) continue;
      const loan = book.claimLoan[claim]!;
      if (selected && !selected.loans[loan]) continue;
      slot = slotOfLoan[loan]!;
      const amount = book.claimAmount[claim]! * (settings.lossClaims === 'net' ? book.retentionShare[loan]! : 1);
      add(sums.claimsYear, amount);
      if (day >= monthStart) add(sums.claimsMonth, amount);
    }
    for (let recovery = 0; recovery < book.recoveryLoan.length; recovery++) {
      const day = book.recoveryDay[recovery]!;
      if (day < yearStart || day > monthEnd) continue;
      const loan = book.recoveryLoan[recovery]!;
      if (selected && !selected.loans[loan]) continue;
      slot = slotOfLoan[loan]!;
      const amount = book.recoveryAmount[recovery]! * (settings.lossClaims === 'net' ? book.retentionShare[loan]! : 1);
      add(sums.recoveriesYear, amount);
      if (day >= monthStart) add(sums.recoveriesMonth, amount);
    }
    premiums.forEach((premium, position) => {
      if (selected && !selected.premiums[position]) return;
      // Premiums that cannot be placed in this grouping still count in the total.
      slot = slotOfPremium[position]!;
      if (premium.dueDay >= monthStart && premium.dueDay <= monthEnd) add(sums.premiumIncome, premium.amountCents);
      if (premium.dueDay <= monthEnd) {
        const received = (premium.receivedDay === NEVER ? premium.dueDay : premium.receivedDay) <= monthEnd ? premium.receivedCents : 0;
        add(sums.premiumReceivable, Math.max(0, premium.amountCents - received));
      }
    });
  }

  finish(financials: readonly FinancialsInput[]): PortfolioMonth {
    const { sums, retained, positions, monthIndex, januaryIndex, settings, groupBy } = this;
    const thisMonth = positions - 1;
    const figuresOf = (slot: number, segmentValues: Record<string, string> | undefined): MonthFigures => {
      const at = (values: number[]) => values[slot] ?? 0;
      const liability = (position: number) => retained[position]![slot] ?? 0;
      const monthAverage = (position: number) => (liability(position - 1) + liability(position)) / 2;
      const monthsElapsed = monthIndex - januaryIndex + 1;
      let averageSum = 0;
      for (let position = thisMonth - monthsElapsed + 1; position <= thisMonth; position++) averageSum += monthAverage(position);
      const yearAverage = averageSum / monthsElapsed;
      const recoveriesForMonth = settings.lossRecoveriesWindow === 'year-to-date' ? at(sums.recoveriesYear) : at(sums.recoveriesMonth);
      const monthlyAverage = monthAverage(thisMonth);
      const ratios = combinedRatios(financials, monthIndex, groupBy, segmentValues);
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
    const segments = groupBy.length === 0 || !this.index ? [] : this.index.segments;
    return {
      segments: segments.map((values, segment) => ({ segment: values, figures: figuresOf(segment + 1, values) })),
      total: figuresOf(0, undefined),
    };
  }
}
