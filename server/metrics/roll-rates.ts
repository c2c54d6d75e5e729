import { BUCKETS, M0, OVER_180 } from './buckets';
import { monthEndDay } from './calendar';
import type { LoanBook } from './loan-book';
import { emptyLoanState, walkLoan } from './loan-state';
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
  const days = [monthEndDay(monthIndex - 1), monthEndDay(monthIndex)];
  const bucketCount = BUCKETS.length;
  const principal = new Float64Array(bucketCount * bucketCount);
  const fromPrincipal = new Float64Array(bucketCount);
  const fromCount = new Float64Array(bucketCount);
  const state = emptyLoanState();
  let from = -1;
  let weight = 0;
  for (let loan = 0; loan < book.size; loan++) {
    if (book.disbursedDay[loan]! > days[0]!) continue;
    from = -1;
    walkLoan(book, loan, days, settings, state, (position) => {
      if (position === 0) {
        if (state.bucket >= M0 && state.bucket <= OVER_180) {
          from = state.bucket;
          weight = state.remainingPrincipalCents;
          fromPrincipal[from] = fromPrincipal[from]! + weight;
          fromCount[from]!++;
        }
      } else if (from >= 0) {
        const slot = from * bucketCount + state.bucket;
        principal[slot] = principal[slot]! + weight;
      }
    });
  }
  return ROLL_FROM.map((name) => {
    const fromBucket = BUCKETS.indexOf(name);
    const to = Object.fromEntries(
      ROLL_TO.map((target) => {
        const toBucket = BUCKETS.indexOf(target);
        return [target, fromPrincipal[fromBucket] === 0 ? null : principal[fromBucket * bucketCount + toBucket]! / fromPrincipal[fromBucket]!];
      }),
    ) as RollRow['to'];
    return { from: name, loanCount: fromCount[fromBucket]!, principalCents: fromPrincipal[fromBucket]!, to };
  });
}

