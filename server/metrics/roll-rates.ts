import { BUCKETS, M0, OVER_180 } from './buckets';
import { monthEndDay } from '../ground/calendar';
import type { LoanBook } from './loan-book';
import { LoanCursor } from './loan-state';
import type { MetricSettings } from './metric-settings';

export const ROLL_FROM = ['M0', 'M1', 'M2', 'M3', 'over180'] as const;
export const ROLL_TO = ['M0', 'M1', 'M2', 'M3', 'over180', 'claimed', 'settled'] as const;

export interface RollRow {
  from: (typeof ROLL_FROM)[number];
  loanCount: number;
  principalCents: number;
  /** Share of the from-bucket's principal (at the previous month end) now in each bucket. */
  to: Record<(typeof ROLL_TO)[number], number | null>;
}

/**
 * Bucket-to-bucket transitions of individual loans between the previous month end and this
 * one, weighted by remaining principal at the previous month end. Unlike M0_1 and M0_2 (pooled
 * snapshots), this follows each loan.
 */
export function rollRateMatrix(book: LoanBook, monthIndex: number, settings: MetricSettings): RollRow[] {
  const matrix = new RollRateAccumulator(monthIndex, settings);
  matrix.add(book);
  return matrix.finish();
}

/** The roll-rate matrix added up book by book (a streamed read adds one page at a time). */
export class RollRateAccumulator {
  private readonly days: number[];
  private readonly principal = new Float64Array(BUCKETS.length * BUCKETS.length);
  private readonly fromPrincipal = new Float64Array(BUCKETS.length);
  private readonly fromCount = new Float64Array(BUCKETS.length);

  constructor(
    monthIndex: number,
    private readonly settings: MetricSettings,
  ) {
    this.days = [monthEndDay(monthIndex - 1), monthEndDay(monthIndex)];
  }

  /** `loans` marks the loans of a share of the book (1 = counted), as PortfolioMonthAccumulator takes it; absent, every loan. */
  add(book: LoanBook, loans?: Uint8Array): void {
    const bucketCount = BUCKETS.length;
    const cursor = new LoanCursor(book, this.settings);
    for (let loan = 0; loan < book.size; loan++) {
      if (book.disbursedDay[loan]! > this.days[0]! || (loans && loans[loan] !== 1)) continue;
      cursor.start(loan);
      const before = cursor.advanceTo(this.days[0]!);
      if (before.bucket < M0 || before.bucket > OVER_180) continue;
      const from = before.bucket;
      const weight = before.remainingPrincipalCents;
      this.fromPrincipal[from] = this.fromPrincipal[from]! + weight;
      this.fromCount[from]!++;
      const slot = from * bucketCount + cursor.advanceTo(this.days[1]!).bucket;
      this.principal[slot] = this.principal[slot]! + weight;
    }
  }

  finish(): RollRow[] {
    const bucketCount = BUCKETS.length;
    return ROLL_FROM.map((name) => {
      const fromBucket = BUCKETS.indexOf(name);
      const to = Object.fromEntries(
        ROLL_TO.map((target) => {
          const toBucket = BUCKETS.indexOf(target);
          return [target, this.fromPrincipal[fromBucket] === 0 ? null : this.principal[fromBucket * bucketCount + toBucket]! / this.fromPrincipal[fromBucket]!];
        }),
      ) as RollRow['to'];
      return { from: name, loanCount: this.fromCount[fromBucket]!, principalCents: this.fromPrincipal[fromBucket]!, to };
    });
  }
}
