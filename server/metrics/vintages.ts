import { monthIndexOfDay } from '../ground/calendar';
import { NEVER, type LoanBook } from './loan-book';
import { firstDayAtOrBeyond, LoanCursor } from './loan-state';
import { DEFAULT_METRIC_SETTINGS } from './metric-settings';

export interface VintageCurve {
  vintageIndex: number;
  loanCount: number;
  disbursedCents: number;
  /** share[k]: share of the disbursed principal that was ever at or beyond the threshold by the end of month on book k. */
  shares: (number | null)[];
}

/**
 * Cohort view beside the pooled roll rates: per disbursement month, the cumulative share of
 * principal that has ever reached `threshold` days past due, month on book by month on book,
 * observed up to the end of month `asOfIndex`.
 */
export function vintageCurves(book: LoanBook, fromIndex: number, toIndex: number, threshold: number, asOfIndex: number): VintageCurve[] {
  const curves = new VintageAccumulator(fromIndex, toIndex, threshold, asOfIndex);
  curves.add(book);
  return curves.finish();
}

/** Vintage curves added up book by book (a streamed read adds one page at a time). */
export class VintageAccumulator {
  private readonly cohorts: number;
  private readonly maxMonthsOnBook: number;
  private readonly loanCount: Float64Array;
  private readonly disbursed: Float64Array;
  /** reached[cohort * (maxMonthsOnBook + 1) + monthsOnBook]: principal first reaching the threshold in that month on book */
  private readonly reached: Float64Array;

  constructor(
    private readonly fromIndex: number,
    toIndex: number,
    private readonly threshold: number,
    private readonly asOfIndex: number,
  ) {
    this.cohorts = toIndex - fromIndex + 1;
    this.maxMonthsOnBook = Math.max(0, asOfIndex - fromIndex);
    this.loanCount = new Float64Array(this.cohorts);
    this.disbursed = new Float64Array(this.cohorts);
    this.reached = new Float64Array(this.cohorts * (this.maxMonthsOnBook + 1));
  }

  /** `loans` marks the loans of a share of the book (1 = counted), as PortfolioMonthAccumulator takes it; absent, every loan. */
  add(book: LoanBook, loans?: Uint8Array): void {
    const { fromIndex, asOfIndex, threshold } = this;
    // Days past due do not depend on the settings (they shape buckets and claims only).
    const cursor = new LoanCursor(book, DEFAULT_METRIC_SETTINGS);
    for (let loan = 0; loan < book.size; loan++) {
      if (loans && loans[loan] !== 1) continue;
      const vintage = monthIndexOfDay(book.disbursedDay[loan]!);
      if (vintage < fromIndex || vintage - fromIndex >= this.cohorts || vintage > asOfIndex) continue;
      const cohort = vintage - fromIndex;
      this.loanCount[cohort]!++;
      this.disbursed[cohort] = this.disbursed[cohort]! + book.principal[loan]!;
      const day = firstDayAtOrBeyond(cursor, loan, threshold);
      if (day === NEVER) continue;
      const monthsOnBook = monthIndexOfDay(day) - vintage;
      if (monthsOnBook > asOfIndex - vintage) continue;
      const slot = cohort * (this.maxMonthsOnBook + 1) + monthsOnBook;
      this.reached[slot] = this.reached[slot]! + book.principal[loan]!;
    }
  }

  finish(): VintageCurve[] {
    const curves: VintageCurve[] = [];
    for (let cohort = 0; cohort < this.cohorts; cohort++) {
      const vintageIndex = this.fromIndex + cohort;
      const observed = this.asOfIndex - vintageIndex;
      const shares: (number | null)[] = [];
      let cumulative = 0;
      for (let monthsOnBook = 0; monthsOnBook <= observed; monthsOnBook++) {
        cumulative += this.reached[cohort * (this.maxMonthsOnBook + 1) + monthsOnBook]!;
        shares.push(this.disbursed[cohort] === 0 ? null : cumulative / this.disbursed[cohort]!);
      }
      curves.push({ vintageIndex, loanCount: this.loanCount[cohort]!, disbursedCents: this.disbursed[cohort]!, shares });
    }
    return curves;
  }
}
