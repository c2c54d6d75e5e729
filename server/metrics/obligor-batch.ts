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
  const summaries = new ObligorSummaryAccumulator(asOfDay, settings);
  summaries.add(book);
  return summaries.finish();
}

/** Obligor summaries added up book by book (a streamed read adds one page at a time); the state kept is per obligor. */
export class ObligorSummaryAccumulator {
  private readonly indexOfObligor = new Map<string, number>();
  private readonly obligorIds: string[] = [];
  private readonly loanCount: number[] = [];
  private readonly remainingPrincipal: number[] = [];
  private readonly overdueAmount: number[] = [];
  private readonly repaidAmount: number[] = [];
  private readonly dpd: number[] = [];
  private readonly bucket: number[] = [];

  constructor(
    private readonly asOfDay: number,
    private readonly settings: MetricSettings,
  ) {}

  add(book: LoanBook): void {
    const cursor = new LoanCursor(book, this.settings);
    for (let loan = 0; loan < book.size; loan++) {
      const id = book.obligorIds[loan]!;
      let obligor = this.indexOfObligor.get(id);
      if (obligor === undefined) {
        obligor = this.obligorIds.length;
        this.indexOfObligor.set(id, obligor);
        this.obligorIds.push(id);
        this.loanCount.push(0);
        this.remainingPrincipal.push(0);
        this.overdueAmount.push(0);
        this.repaidAmount.push(0);
        this.dpd.push(0);
        this.bucket.push(SETTLED);
      }
      if (book.disbursedDay[loan]! > this.asOfDay) continue;
      cursor.start(loan);
      const state = cursor.advanceTo(this.asOfDay);
      this.loanCount[obligor]!++;
      this.remainingPrincipal[obligor] = this.remainingPrincipal[obligor]! + state.remainingPrincipalCents;
      this.overdueAmount[obligor] = this.overdueAmount[obligor]! + state.overdueCents;
      this.repaidAmount[obligor] = this.repaidAmount[obligor]! + state.repaidCents;
      if (state.dpd > this.dpd[obligor]!) this.dpd[obligor] = state.dpd;
      if (state.bucket > this.bucket[obligor]!) this.bucket[obligor] = state.bucket;
    }
  }

  finish(): ObligorSummaries {
    return {
      obligorIds: this.obligorIds,
      loanCount: Int32Array.from(this.loanCount),
      remainingPrincipal: Float64Array.from(this.remainingPrincipal),
      overdueAmount: Float64Array.from(this.overdueAmount),
      repaidAmount: Float64Array.from(this.repaidAmount),
      dpd: Int32Array.from(this.dpd),
      bucket: Int32Array.from(this.bucket),
    };
  }
}
