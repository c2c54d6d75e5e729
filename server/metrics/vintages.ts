import { monthIndexOfDay } from './calendar';
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
  const cohorts = toIndex - fromIndex + 1;
  const maxMonthsOnBook = Math.max(0, asOfIndex - fromIndex);
  const loanCount = new Float64Array(cohorts);
  const disbursed = new Float64Array(cohorts);
  // reached[cohort * (maxMonthsOnBook + 1) + monthsOnBook]: principal first reaching the threshold in that month on book
  const reached = new Float64Array(cohorts * (maxMonthsOnBook + 1));
  // Days past due do not depend on the settings (they shape buckets and claims only).
  const cursor = new LoanCursor(book, DEFAULT_METRIC_SETTINGS);
  for (let loan = 0; loan < book.size; loan++) {
    const vintage = monthIndexOfDay(book.disbursedDay[loan]!);
    if (vintage < fromIndex || vintage > toIndex || vintage > asOfIndex) continue;
    const cohort = vintage - fromIndex;
    loanCount[cohort]!++;
    disbursed[cohort] = disbursed[cohort]! + book.principal[loan]!;
    const day = firstDayAtOrBeyond(cursor, loan, threshold);
    if (day === NEVER) continue;
    const monthsOnBook = monthIndexOfDay(day) - vintage;
    if (monthsOnBook > asOfIndex - vintage) continue;
    const slot = cohort * (maxMonthsOnBook + 1) + monthsOnBook;
    reached[slot] = reached[slot]! + book.principal[loan]!;
  }
  const curves: VintageCurve[] = [];
  for (let cohort = 0; cohort < cohorts; cohort++) {
    const vintageIndex = fromIndex + cohort;
    const observed = asOfIndex - vintageIndex;
    const shares: (number | null)[] = [];
    let cumulative = 0;
    for (let monthsOnBook = 0; monthsOnBook <= observed; monthsOnBook++) {
      cumulative += reached[cohort * (maxMonthsOnBook + 1) + monthsOnBook]!;
      shares.push(disbursed[cohort] === 0 ? null : cumulative / disbursed[cohort]!);
    }
    curves.push({ vintageIndex, loanCount: loanCount[cohort]!, disbursedCents: disbursed[cohort]!, shares });
  }
  return curves;
}
