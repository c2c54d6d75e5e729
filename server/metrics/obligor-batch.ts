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
  private capacity = 1024;
  private loanCount = new Int32Array(this.capacity);
  private remainingPrincipal = new Float64Array(this.capacity);
  private overdueAmount = new Float64Array(this.capacity);
  private repaidAmount = new Float64Array(this.capacity);
  private dpd = new Int32Array(this.capacity);
  private bucket = new Int32Array(this.capacity).fill(SETTLED);

  constructor(
    private readonly asOfDay: number,
    private readonly settings: MetricSettings,
  ) {}

  add(book: LoanBook): void {
    const cursor = new LoanCursor(book, this.settings);
    const asOfDay = this.asOfDay;
    for (let loan = 0; loan < book.size; loan++) {
      const id = book.obligorIds[loan]!;
      let obligor = this.indexOfObligor.get(id);
      if (obligor === undefined) {
        obligor = this.obligorIds.length;
        this.indexOfObligor.set(id, obligor);
        this.obligorIds.push(id);
        if (obligor === this.capacity) this.grow();
      }
      if (book.disbursedDay[loan]! > asOfDay) continue;
      cursor.start(loan);
      const state = cursor.advanceTo(asOfDay);
      this.loanCount[obligor]!++;
      this.remainingPrincipal[obligor] = this.remainingPrincipal[obligor]! + state.remainingPrincipalCents;
      this.overdueAmount[obligor] = this.overdueAmount[obligor]! + state.overdueCents;
      this.repaidAmount[obligor] = this.repaidAmount[obligor]! + state.repaidCents;
      if (state.dpd > this.dpd[obligor]!) this.dpd[obligor] = state.dpd;
      if (state.bucket > this.bucket[obligor]!) this.bucket[obligor] = state.bucket;
    }
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const larger = <T extends Int32Array | Float64Array>(values: T, make: (size: number) => T): T => {
      const copy = make(capacity);
      copy.set(values);
      return copy;
    };
    this.loanCount = larger(this.loanCount, (size) => new Int32Array(size));
    this.remainingPrincipal = larger(this.remainingPrincipal, (size) => new Float64Array(size));
    this.overdueAmount = larger(this.overdueAmount, (size) => new Float64Array(size));
    this.repaidAmount = larger(this.repaidAmount, (size) => new Float64Array(size));
    this.dpd = larger(this.dpd, (size) => new Int32Array(size));
    this.bucket = larger(this.bucket, (size) => new Int32Array(size).fill(SETTLED));
    this.capacity = capacity;
  }

  finish(): ObligorSummaries {
    const size = this.obligorIds.length;
    return {
      obligorIds: this.obligorIds,
      loanCount: this.loanCount.slice(0, size),
      remainingPrincipal: this.remainingPrincipal.slice(0, size),
      overdueAmount: this.overdueAmount.slice(0, size),
      repaidAmount: this.repaidAmount.slice(0, size),
      dpd: this.dpd.slice(0, size),
      bucket: this.bucket.slice(0, size),
    };
  }
}
