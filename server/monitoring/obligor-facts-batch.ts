import { responsibleOrgUnit } from '../authority/responsibility';
import type { Facts } from '../engine/evaluate';
import { BUCKETS } from '../metrics/buckets';
import { dateFromDay, monthsOnBook } from '../metrics/calendar';
import type { LoanBook } from '../metrics/loan-book';
import type { MetricSettings } from '../metrics/metric-settings';
import { obligorSummaries } from '../metrics/obligor-batch';
import { ratingFacts, type RatingInput } from '../metrics/obligor-facts';

/**
 * warning.obligor facts for every obligor as of a day, from the metric module's batch
 * summaries (dpd, amounts, bucket) plus what the rules also read: the segment (the obligor's
 * first disbursed loan, as the impact preview and the studio's try-it use), months on book of
 * the oldest loan, and the rating facts (score drop, grade, grade downgrade). Amounts in yuan,
 * as the evaluation API takes them. Facts objects are built one at a time, so a million
 * obligors never sit in memory as objects.
 */
export interface ObligorFactsBatch {
  asOf: string;
  size: number;
  obligorIds: string[];
  facts(index: number): Facts;
  /** The unit answerable for the obligor: HQ for internet business, else the first loan's unit. */
  responsibleOrgUnit(index: number): string;
  /** The segment columns of the obligor's first loan. */
  segment(index: number): Segment;
}

interface Segment {
  orgUnit: string;
  product: string;
  channel: string;
  customerTier: string;
}

/**
 * Adds up the book one part at a time (the metric module's book pages, or a whole book held in
 * memory): a page holds loans, not obligors, so an obligor with loans on two pages is summed
 * across them here. Per obligor only numbers and the first loan's segment are kept.
 */
export class ObligorFactsAccumulator {
  private readonly indexOf = new Map<string, number>();
  private readonly obligorIds: string[] = [];
  private readonly remaining: number[] = [];
  private readonly overdue: number[] = [];
  private readonly repaid: number[] = [];
  private readonly dpd: number[] = [];
  private readonly bucket: number[] = [];
  private readonly oldestMonths: number[] = [];
  private readonly firstDisbursed: number[] = [];
  private readonly segments: Segment[] = [];

  constructor(
    private readonly asOfDay: number,
    private readonly settings: MetricSettings,
  ) {}

  add(book: LoanBook): void {
    const summaries = obligorSummaries(book, this.asOfDay, this.settings);
    const value = (dimension: keyof Segment, loan: number) => book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!;
    for (let loan = 0; loan < book.size; loan++) {
      const disbursed = book.disbursedDay[loan]!;
      if (disbursed > this.asOfDay) continue;
      const id = book.obligorIds[loan]!;
      let index = this.indexOf.get(id);
      if (index === undefined) {
        index = this.obligorIds.length;
        this.indexOf.set(id, index);
        this.obligorIds.push(id);
        this.remaining.push(0);
        this.overdue.push(0);
        this.repaid.push(0);
        this.dpd.push(0);
        this.bucket.push(0);
        this.oldestMonths.push(0);
        this.firstDisbursed.push(Number.MAX_SAFE_INTEGER);
        this.segments.push({ orgUnit: '', product: '', channel: '', customerTier: '' });
      }
      if (disbursed < this.firstDisbursed[index]!) {
        this.firstDisbursed[index] = disbursed;
        this.segments[index] = { orgUnit: value('orgUnit', loan), product: value('product', loan), channel: value('channel', loan), customerTier: value('customerTier', loan) };
      }
      this.oldestMonths[index] = Math.max(this.oldestMonths[index]!, monthsOnBook(disbursed, this.asOfDay));
    }
    for (let local = 0; local < summaries.obligorIds.length; local++) {
      if (summaries.loanCount[local] === 0) continue;
      const index = this.indexOf.get(summaries.obligorIds[local]!)!;
      this.remaining[index] = this.remaining[index]! + summaries.remainingPrincipal[local]!;
      this.overdue[index] = this.overdue[index]! + summaries.overdueAmount[local]!;
      this.repaid[index] = this.repaid[index]! + summaries.repaidAmount[local]!;
      this.dpd[index] = Math.max(this.dpd[index]!, summaries.dpd[local]!);
      this.bucket[index] = Math.max(this.bucket[index]!, summaries.bucket[local]!);
    }
  }

  finish(ratingsByObligor: ReadonlyMap<string, readonly RatingInput[]>, options: { gradeScale: readonly string[]; internetChannels: readonly string[] }): ObligorFactsBatch {
    const asOf = dateFromDay(this.asOfDay);
    const gradeIndex = new Map(options.gradeScale.map((grade, position) => [grade, position]));
    const asOfDay = this.asOfDay;
    const { obligorIds, segments, bucket: buckets, dpd, overdue, remaining, repaid, oldestMonths } = this;
    return {
      asOf,
      size: obligorIds.length,
      obligorIds,
      segment: (index) => segments[index]!,
      responsibleOrgUnit: (index) => responsibleOrgUnit(segments[index]!, options.internetChannels),
      facts(index) {
        const obligorId = obligorIds[index]!;
        const rating = ratingFacts(ratingsByObligor.get(obligorId) ?? [], asOfDay);
        const bucket = BUCKETS[buckets[index]!]!;
        const facts: Facts = {
          obligorId,
          asOf,
          dpd: dpd[index]!,
          overdueAmount: overdue[index]! / 100,
          remainingPrincipal: remaining[index]! / 100,
          repaidAmount: repaid[index]! / 100,
          bucket,
          claimed: bucket === 'claimed',
          monthsOnBook: oldestMonths[index]!,
          ...segments[index]!,
        };
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
