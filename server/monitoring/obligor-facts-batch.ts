import { responsibleOrgUnit } from '../authority/responsibility';
import type { Facts } from '../engine/evaluate';
import { BUCKETS } from '../metrics/buckets';
import { dateFromDay, monthsOnBook } from '../metrics/calendar';
import type { LoanBook } from '../metrics/loan-book';
import type { MetricSettings } from '../metrics/metric-settings';
import { obligorSummaries } from '../metrics/obligor-batch';
import { ratingFacts, type RatingInput } from '../metrics/obligor-facts';

/**
 * warning.obligor facts for every obligor of the book as of a day, from the metric module's
 * batch summaries (dpd, amounts, bucket) plus what the rules also read: the segment (the
 * obligor's first disbursed loan, as the impact preview and the studio's try-it use), months
 * on book of the oldest loan, and the rating facts (score drop, grade, grade downgrade).
 * Amounts in yuan, as the evaluation API takes them. Facts objects are built one at a time so a
 * million obligors never sit in memory as objects.
 */
export interface ObligorFactsBatch {
  asOf: string;
  size: number;
  obligorIds: string[];
  facts(index: number): Facts;
  /** The unit answerable for the obligor: HQ for internet business, else the first loan's unit. */
  responsibleOrgUnit(index: number): string;
  /** The segment columns of the obligor's first loan. */
  segment(index: number): { orgUnit: string; product: string; channel: string; customerTier: string };
}

export function obligorFactsBatch(
  book: LoanBook,
  ratingsByObligor: ReadonlyMap<string, readonly RatingInput[]>,
  asOfDay: number,
  settings: MetricSettings,
  options: { gradeScale: readonly string[]; internetChannels: readonly string[] },
): ObligorFactsBatch {
  const summaries = obligorSummaries(book, asOfDay, settings);
  const indexOf = new Map<string, number>();
  summaries.obligorIds.forEach((id, index) => indexOf.set(id, index));
  const firstLoan = new Int32Array(summaries.obligorIds.length).fill(-1);
  const oldestMonths = new Int32Array(summaries.obligorIds.length);
  for (let loan = 0; loan < book.size; loan++) {
    if (book.disbursedDay[loan]! > asOfDay) continue;
    const obligor = indexOf.get(book.obligorIds[loan]!)!;
    if (firstLoan[obligor] === -1 || book.disbursedDay[loan]! < book.disbursedDay[firstLoan[obligor]!]!) firstLoan[obligor] = loan;
    oldestMonths[obligor] = Math.max(oldestMonths[obligor]!, monthsOnBook(book.disbursedDay[loan]!, asOfDay));
  }
  // Only obligors with a loan disbursed by the day are monitored.
  const active: number[] = [];
  for (let obligor = 0; obligor < firstLoan.length; obligor++) if (firstLoan[obligor] !== -1) active.push(obligor);
  const value = (dimension: 'orgUnit' | 'product' | 'channel' | 'customerTier', loan: number) => book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!;
  const segment = (index: number) => {
    const loan = firstLoan[active[index]!]!;
    return { orgUnit: value('orgUnit', loan), product: value('product', loan), channel: value('channel', loan), customerTier: value('customerTier', loan) };
  };
  const asOf = dateFromDay(asOfDay);
  const gradeIndex = new Map(options.gradeScale.map((grade, position) => [grade, position]));

  return {
    asOf,
    size: active.length,
    obligorIds: active.map((obligor) => summaries.obligorIds[obligor]!),
    segment,
    responsibleOrgUnit: (index) => responsibleOrgUnit(segment(index), options.internetChannels),
    facts(index) {
      const obligor = active[index]!;
      const obligorId = summaries.obligorIds[obligor]!;
      const rating = ratingFacts(ratingsByObligor.get(obligorId) ?? [], asOfDay);
      const bucket = BUCKETS[summaries.bucket[obligor]!]!;
      const facts: Facts = {
        obligorId,
        asOf,
        dpd: summaries.dpd[obligor]!,
        overdueAmount: summaries.overdueAmount[obligor]! / 100,
        remainingPrincipal: summaries.remainingPrincipal[obligor]! / 100,
        repaidAmount: summaries.repaidAmount[obligor]! / 100,
        bucket,
        claimed: bucket === 'claimed',
        monthsOnBook: oldestMonths[obligor]!,
        ...segment(index),
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

/** Steps down the grade scale since the baseline (negative for an upgrade); null when either grade is unknown to the scale. */
export function gradeDowngrade(baseline: string | null, current: string | null, gradeIndex: ReadonlyMap<string, number>): number | null {
  if (baseline === null || current === null) return null;
  const from = gradeIndex.get(baseline);
  const to = gradeIndex.get(current);
  return from === undefined || to === undefined ? null : to - from;
}
