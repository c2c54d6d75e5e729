import { monthIndexOfDay, monthText } from '../ground/calendar';
import { ValidationError } from '../http/errors';
import { DIMENSIONS, type Dimension, type LoanBook } from './loan-book';

export const GROUP_DIMENSIONS = [...DIMENSIONS, 'vintage'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

/**
 * Numbers the segments of one grouping as loans are met. Loans map by their dictionary codes
 * (a number, no string building per loan); premiums without a loan map by their values.
 */
export class SegmentIndex {
  readonly segments: Record<string, string>[] = [];
  private readonly byValues = new Map<string, number>();
  private readonly byLoanKey = new Map<number, number>();

  constructor(
    /** The book loans are looked up in; a streamed read swaps in each page's book (their codes are shared). */
    public book: LoanBook,
    readonly groupBy: readonly GroupDimension[],
  ) {}

  forLoan(loan: number): number {
    let key = 0;
    for (const dimension of this.groupBy) {
      const code = dimension === 'vintage' ? monthIndexOfDay(this.book.disbursedDay[loan]!) : this.book.dimensionCodes[dimension][loan]!;
      // Codes stay far below 2^20 (dictionary sizes, month indexes), so the key stays an exact integer for up to two
      // dimensions; beyond that fall back to the value string.
      key = key * 1_048_576 + code;
    }
    if (this.groupBy.length <= 2) {
      const known = this.byLoanKey.get(key);
      if (known !== undefined) return known;
      const segment = this.forValues(this.loanValues(loan));
      this.byLoanKey.set(key, segment);
      return segment;
    }
    return this.forValues(this.loanValues(loan));
  }

  forValues(values: readonly string[]): number {
    const key = values.join('\u0001');
    let segment = this.byValues.get(key);
    if (segment === undefined) {
      segment = this.segments.length;
      this.segments.push(Object.fromEntries(this.groupBy.map((dimension, position) => [dimension, values[position]!])));
      this.byValues.set(key, segment);
    }
    return segment;
  }

  private loanValues(loan: number): string[] {
    return this.groupBy.map((dimension) =>
      dimension === 'vintage'
        ? monthText(monthIndexOfDay(this.book.disbursedDay[loan]!))
        : this.book.dimensionValues[dimension as Dimension][this.book.dimensionCodes[dimension as Dimension][loan]!]!,
    );
  }
}

export function parseGroupBy(text: string | undefined): GroupDimension[] {
  const dimensions = (text ?? '').split(',').filter(Boolean);
  const unknown = dimensions.filter((dimension) => !(GROUP_DIMENSIONS as readonly string[]).includes(dimension));
  if (unknown.length > 0)
    throw new ValidationError('The query is invalid', [{ path: '/query/groupBy', message: `unknown dimension(s): ${unknown.join(', ')}` }]);
  if (new Set(dimensions).size !== dimensions.length)
    throw new ValidationError('The query is invalid', [{ path: '/query/groupBy', message: 'a dimension appears twice' }]);
  return dimensions as GroupDimension[];
}
