import { SETTLED } from './buckets';
import type { LoanBook } from './loan-book';
import { LoanCursor } from './loan-state';
import type { MetricSettings } from './metric-settings';

/** Per-obligor facts for the whole book at once (batch monitoring), column by column; amounts in cents. */
export interface ObligorSummaries {
  obligorIds: string[];
  loanCount: Int32Array;
  remainingPrincipal: Float64Array;
  overdueAmount: Float64Array;
  repaidAmount: Float64Array;
  /** The worst over the obligor's loans. */
  dpd: Int32Array;
  bucket: Int32Array;
}

export function obligorSummaries(book: LoanBook, asOfDay: number, settings: MetricSettings): ObligorSummaries {
  const indexOfObligor = new Map<string, number>();
  const obligorOfLoan = new Int32Array(book.size);
  const obligorIds: string[] = [];
  for (let loan = 0; loan < book.size; loan++) {
    const id = book.obligorIds[loan]!;
    let obligor = indexOfObligor.get(id);
    if (obligor === undefined) {
      obligor = obligorIds.length;
      indexOfObligor.set(id, obligor);
      obligorIds.push(id);
    }
    obligorOfLoan[loan] = obligor;
  }
  const size = obligorIds.length;
  const summaries: ObligorSummaries = {
    obligorIds,
    loanCount: new Int32Array(size),
    remainingPrincipal: new Float64Array(size),
    overdueAmount: new Float64Array(size),
    repaidAmount: new Float64Array(size),
    dpd: new Int32Array(size),
    bucket: new Int32Array(size).fill(SETTLED),
  };
  const cursor = new LoanCursor(book, settings);
  for (let loan = 0; loan < book.size; loan++) {
    if (book.disbursedDay[loan]! > asOfDay) continue;
    const obligor = obligorOfLoan[loan]!;
    cursor.start(loan);
    const state = cursor.advanceTo(asOfDay);
    summaries.loanCount[obligor]!++;
    summaries.remainingPrincipal[obligor] = summaries.remainingPrincipal[obligor]! + state.remainingPrincipalCents;
    summaries.overdueAmount[obligor] = summaries.overdueAmount[obligor]! + state.overdueCents;
    summaries.repaidAmount[obligor] = summaries.repaidAmount[obligor]! + state.repaidCents;
    if (state.dpd > summaries.dpd[obligor]!) summaries.dpd[obligor] = state.dpd;
    if (state.bucket > summaries.bucket[obligor]!) summaries.bucket[obligor] = state.bucket;
  }
  return summaries;
}
