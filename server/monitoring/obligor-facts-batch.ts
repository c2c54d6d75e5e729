import { isInternetChannel, unitOfLine, type LineOfBusiness } from '../authority/responsibility';
import type { Facts } from '../engine/evaluate';
import { BUCKETS, M1, M2, M3, SETTLED } from '../metrics/buckets';
import { dateFromDay, monthsOnBook } from '../ground/calendar';
import { NEVER, type LoanBook } from '../metrics/loan-book';
import { LoanCursor, type LoanState } from '../metrics/loan-state';
import type { MetricSettings } from '../metrics/metric-settings';
import { ratingFacts, type RatingInput } from '../metrics/obligor-facts';

/**
 * The one builder of warning.obligor facts (schemas/rulesets/facts/warning-obligor-facts.json):
 * the daily run and the impact preview both take their facts from here, so a preview evaluates
 * what the run would. Per subject: the loan book's figures as of the day (amounts and
 * installments summed, the worst dpd and bucket, the earliest next due date, M1-M3 principal of
 * the loans in those buckets), the segment of the first loan, months on book of the oldest loan,
 * whether it is internet business, and the rating facts (score, score drop, grade, grade
 * downgrade). Amounts in yuan, as the evaluation API takes them.
 *
 * A subject is an obligor's business in one line (internet business, HQ's; or branch business,
 * the unit of the first branch loan), because Art. 9 gives internet business to HQ whatever
 * else the obligor holds: an obligor with loans in both lines is two subjects, each routed to
 * its owner and judged on its own loans. The line of the obligor's first loan keeps the obligor
 * id as subject key (so alerts raised before the split keep their identity); the other line's
 * key is `<obligorId>@internet` or `<obligorId>@branch`.
 *
 * Facts objects are built one at a time, so a million obligors never sit in memory as objects.
 */
export interface ObligorFactsBatch {
  asOf: string;
  size: number;
  subject(index: number): ObligorSubject;
  facts(index: number): Facts;
  /** What a subject's outcome needs, without building its facts or subject (the backtest reads it for every month-end). */
  brief?(index: number): SubjectBrief;
}

export interface SubjectBrief {
  subjectKey: string;
  dpd: number;
  bucket: string;
  monthsOnBook: number;
}

export interface ObligorSubject {
  subjectKey: string;
  obligorId: string;
  line: LineOfBusiness;
  /** The unit answerable: HQ for internet business, else the unit of the line's first loan. */
  orgUnit: string;
  /** The segment columns of the line's first loan. */
  segment: Segment;
  /** The value of the accumulator's `splitBy` for the subject's loans (the collection cases' funder line); absent without one. */
  split?: string;
}

export interface Segment {
  orgUnit: string;
  product: string;
  channel: string;
  customerTier: string;
}

const SEGMENT_DIMENSIONS = ['orgUnit', 'product', 'channel', 'customerTier'] as const;

/**
 * Adds up the book one part at a time (the metric module's book pages, or a whole book held in
 * memory): a page holds loans, not obligors, so an obligor with loans on two pages is summed
 * across them here. Per subject only numbers and the first loan's segment are kept.
 */
export class ObligorFactsAccumulator {
  private readonly indexOf: Record<LineOfBusiness, Map<string, number>> = { internet: new Map(), branch: new Map() };
  private readonly splits: string[] = [];
  /** Each obligor's first loan (earliest disbursed, the book's order on ties): its line keeps the plain obligor id. */
  private readonly firstLoan = new Map<string, { day: number; line: LineOfBusiness }>();
  private readonly obligorIds: string[] = [];
  private readonly lines: LineOfBusiness[] = [];
  private readonly loanAmount: number[] = [];
  private readonly installmentCount: number[] = [];
  private readonly installmentsPaid: number[] = [];
  private readonly remaining: number[] = [];
  private readonly overdue: number[] = [];
  private readonly repaid: number[] = [];
  private readonly m1: number[] = [];
  private readonly m2: number[] = [];
  private readonly m3: number[] = [];
  private readonly dpd: number[] = [];
  private readonly bucket: number[] = [];
  private readonly nextDue: number[] = [];
  private readonly oldestMonths: number[] = [];
  private readonly firstDisbursed: number[] = [];
  private readonly segments: Segment[] = [];

  constructor(
    private readonly asOfDay: number,
    private readonly settings: MetricSettings,
    private readonly internetChannels: readonly string[],
    /** Splits each obligor's line further by a value of its loans (collection cases: the funder line); the facts are then per part. */
    private readonly splitBy?: (book: LoanBook, loan: number) => string,
  ) {}

  /** The day the facts are as of. */
  get day(): number {
    return this.asOfDay;
  }

  add(book: LoanBook): void {
    const asOfDay = this.asOfDay;
    const cursor = new LoanCursor(book, this.settings);
    const page = this.pageOf(book);
    for (let loan = 0; loan < book.size; loan++) {
      if (book.disbursedDay[loan]! > asOfDay) continue;
      cursor.start(loan);
      this.addLoan(book, loan, cursor.advanceTo(asOfDay), page);
    }
  }

  /**
   * A page into several accumulators of ascending days at once (the backtest's month-ends): each loan's repayments are
   * replayed once, forward through the days, rather than from the start for each day. The same sums as add() on each.
   */
  static addToAll(book: LoanBook, ascending: readonly ObligorFactsAccumulator[]): void {
    if (ascending.length === 0) return;
    const cursor = new LoanCursor(book, ascending[0]!.settings);
    const pages = ascending.map((sum) => sum.pageOf(book));
    for (let loan = 0; loan < book.size; loan++) {
      const disbursed = book.disbursedDay[loan]!;
      let started = false;
      for (let position = 0; position < ascending.length; position++) {
        const sum = ascending[position]!;
        if (disbursed > sum.asOfDay) continue;
        if (!started) cursor.start(loan);
        started = true;
        sum.addLoan(book, loan, cursor.advanceTo(sum.asOfDay), pages[position]!);
      }
    }
  }

  /** What add() looks up once per page: a loan's segment value, and which channel codes are internet business. */
  private pageOf(book: LoanBook): { value: (dimension: keyof Segment, loan: number) => string; internetCode: boolean[] } {
    return {
      value: (dimension, loan) => book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!,
      internetCode: book.dimensionValues.channel.map((channel) => isInternetChannel(channel, this.internetChannels)),
    };
  }

  private addLoan(book: LoanBook, loan: number, state: LoanState, page: ReturnType<ObligorFactsAccumulator['pageOf']>): void {
    const asOfDay = this.asOfDay;
    const { value, internetCode } = page;
    const disbursed = book.disbursedDay[loan]!;
    const id = book.obligorIds[loan]!;
    const line: LineOfBusiness = internetCode[book.dimensionCodes.channel[loan]!] ? 'internet' : 'branch';
    const first = this.firstLoan.get(id);
    if (!first || disbursed < first.day) this.firstLoan.set(id, { day: disbursed, line });
    const split = this.splitBy?.(book, loan);
    const key = split === undefined ? id : `${id}\u0000${split}`;
    let index = this.indexOf[line].get(key);
    if (index === undefined) index = this.newSubject(id, line, key, split);
    if (disbursed < this.firstDisbursed[index]!) {
      this.firstDisbursed[index] = disbursed;
      this.segments[index] = Object.fromEntries(SEGMENT_DIMENSIONS.map((dimension) => [dimension, value(dimension, loan)])) as unknown as Segment;
    }
    this.oldestMonths[index] = Math.max(this.oldestMonths[index]!, monthsOnBook(disbursed, asOfDay));
    const open = state.remainingPrincipalCents;
    this.loanAmount[index]! += book.principal[loan]!;
    this.installmentCount[index]! += state.installmentCount;
    this.installmentsPaid[index]! += state.installmentsPaid;
    this.remaining[index]! += open;
    this.overdue[index]! += state.overdueCents;
    this.repaid[index]! += state.repaidCents;
    if (state.bucket === M1) this.m1[index]! += open;
    else if (state.bucket === M2) this.m2[index]! += open;
    else if (state.bucket === M3) this.m3[index]! += open;
    if (state.dpd > this.dpd[index]!) this.dpd[index] = state.dpd;
    if (state.bucket > this.bucket[index]!) this.bucket[index] = state.bucket;
    if (state.nextDueDay < this.nextDue[index]!) this.nextDue[index] = state.nextDueDay;
  }

  private newSubject(id: string, line: LineOfBusiness, key: string, split: string | undefined): number {
    const index = this.obligorIds.length;
    this.indexOf[line].set(key, index);
    this.obligorIds.push(id);
    this.splits.push(split ?? '');
    this.lines.push(line);
    for (const column of [
      this.loanAmount,
      this.installmentCount,
      this.installmentsPaid,
      this.remaining,
      this.overdue,
      this.repaid,
      this.m1,
      this.m2,
      this.m3,
      this.dpd,
      this.oldestMonths,
    ])
      column.push(0);
    this.bucket.push(SETTLED);
    this.nextDue.push(NEVER);
    this.firstDisbursed.push(Number.MAX_SAFE_INTEGER);
    this.segments.push({ orgUnit: '', product: '', channel: '', customerTier: '' });
    return index;
  }

  finish(ratingsByObligor: ReadonlyMap<string, readonly RatingInput[]>, options: { gradeScale: readonly string[] }): ObligorFactsBatch {
    const asOf = dateFromDay(this.asOfDay);
    const gradeIndex = new Map(options.gradeScale.map((grade, position) => [grade, position]));
    const asOfDay = this.asOfDay;
    const cents = (column: number[], index: number) => column[index]! / 100;
    const subjectKey = (index: number): string => {
      const obligorId = this.obligorIds[index]!;
      const line = this.lines[index]!;
      return this.firstLoan.get(obligorId)!.line === line ? obligorId : `${obligorId}@${line}`;
    };
    const subject = (index: number): ObligorSubject => {
      const obligorId = this.obligorIds[index]!;
      const line = this.lines[index]!;
      const segment = this.segments[index]!;
      return {
        subjectKey: subjectKey(index),
        obligorId,
        line,
        orgUnit: unitOfLine(line, segment.orgUnit),
        segment,
        ...(this.splitBy ? { split: this.splits[index]! } : {}),
      };
    };
    return {
      asOf,
      size: this.obligorIds.length,
      subject,
      brief: (index) => ({
        subjectKey: subjectKey(index),
        dpd: this.dpd[index]!,
        bucket: BUCKETS[this.bucket[index]!]!,
        monthsOnBook: this.oldestMonths[index]!,
      }),
      facts: (index) => {
        const obligorId = this.obligorIds[index]!;
        const rating = ratingFacts(ratingsByObligor.get(obligorId) ?? [], asOfDay);
        const bucket = BUCKETS[this.bucket[index]!]!;
        const facts: Facts = {
          obligorId,
          asOf,
          loanAmount: cents(this.loanAmount, index),
          installmentCount: this.installmentCount[index]!,
          installmentsPaid: this.installmentsPaid[index]!,
          repaidAmount: cents(this.repaid, index),
          overdueAmount: cents(this.overdue, index),
          dpd: this.dpd[index]!,
          remainingPrincipal: cents(this.remaining, index),
          m1Principal: cents(this.m1, index),
          m2Principal: cents(this.m2, index),
          m3Principal: cents(this.m3, index),
          bucket,
          claimed: bucket === 'claimed',
          monthsOnBook: this.oldestMonths[index]!,
          ...this.segments[index]!,
          internetBusiness: this.lines[index] === 'internet',
        };
        // Absent rather than null: a condition on an unknown value is false, as for any fact not sent.
        if (this.nextDue[index] !== NEVER) facts.nextDueDate = dateFromDay(this.nextDue[index]!);
        if (rating.score !== null) facts.score = rating.score;
        if (rating.scoreDrop !== null) facts.scoreDrop = rating.scoreDrop;
        if (rating.grade !== null) facts.grade = rating.grade;
        const downgrade = gradeDowngrade(rating.baselineGrade, rating.grade, gradeIndex);
        if (downgrade !== null) facts.gradeDowngrade = downgrade;
        return facts;
      },
    };
  }
}

/** Steps down the grade scale since the baseline (negative for an upgrade); null when either grade is unknown to the scale. */
export function gradeDowngrade(baseline: string | null, current: string | null, gradeIndex: ReadonlyMap<string, number>): number | null {
  if (baseline === null || current === null) return null;
  const from = gradeIndex.get(baseline);
  const to = gradeIndex.get(current);
  return from === undefined || to === undefined ? null : to - from;
}
