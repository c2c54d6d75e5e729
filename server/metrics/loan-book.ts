import { float64Array, GrowableArray, int32Array } from './growable-array';

/**
 * The portfolio held column by column in typed arrays (one entry per loan, installment or
 * payment), so a month over a million loans is a few tight loops over numbers instead of
 * millions of objects for the garbage collector. Amounts are integer cents, dates day numbers.
 */
export const DIMENSIONS = ['orgUnit', 'product', 'channel', 'customerTier'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** A day later than any real date: "never". */
export const NEVER = 2_147_483_647;

export interface InstallmentInput {
  dueDay: number;
  principalCents: number;
  interestCents: number;
}

export interface LoanInput {
  loanId: string;
  obligorId: string;
  policyId: string;
  orgUnit: string;
  product: string;
  channel: string;
  customerTier: string;
  principalCents: number;
  disbursedDay: number;
  retentionShare: number;
  /** In schedule order. */
  installments: readonly InstallmentInput[];
}

export interface LoanBook {
  size: number;
  loanIds: string[];
  obligorIds: string[];
  policyIds: string[];
  dimensionValues: Record<Dimension, string[]>;
  dimensionCodes: Record<Dimension, Int32Array>;
  principal: Float64Array;
  disbursedDay: Int32Array;
  retentionShare: Float64Array;
  /** Installments of loan i are [installmentStart[i], installmentStart[i + 1]). */
  installmentStart: Int32Array;
  dueDay: Int32Array;
  installmentPrincipal: Float64Array;
  installmentInterest: Float64Array;
  /** Repayments of loan i, by date, are [repaymentStart[i], repaymentStart[i + 1]). */
  repaymentStart: Int32Array;
  repaymentDay: Int32Array;
  repaymentAmount: Float64Array;
  /** Earliest claim payment / approval per loan (NEVER when none); approval falls back to payment. */
  firstClaimPaidDay: Int32Array;
  firstClaimApprovedDay: Int32Array;
  claimLoan: Int32Array;
  claimPaidDay: Int32Array;
  claimAmount: Float64Array;
  recoveryLoan: Int32Array;
  recoveryDay: Int32Array;
  recoveryAmount: Float64Array;
}

export class LoanBookBuilder {
  private readonly indexByLoanId = new Map<string, number>();
  private readonly loanIds: string[] = [];
  private readonly obligorIds: string[] = [];
  private readonly policyIds: string[] = [];
  private readonly dictionaries = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, new Map<string, number>()])) as Record<Dimension, Map<string, number>>;
  private readonly codes = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, new GrowableArray(int32Array)])) as Record<Dimension, GrowableArray<Int32Array>>;
  private readonly principal = new GrowableArray(float64Array);
  private readonly disbursedDay = new GrowableArray(int32Array);
  private readonly retentionShare = new GrowableArray(float64Array);
  private readonly installmentStart = new GrowableArray(int32Array);
  private readonly dueDay = new GrowableArray(int32Array);
  private readonly installmentPrincipal = new GrowableArray(float64Array);
  private readonly installmentInterest = new GrowableArray(float64Array);
  private readonly repaymentLoan = new GrowableArray(int32Array);
  private readonly repaymentDay = new GrowableArray(int32Array);
  private readonly repaymentAmount = new GrowableArray(float64Array);
  private readonly claimLoan = new GrowableArray(int32Array);
  private readonly claimPaidDay = new GrowableArray(int32Array);
  private readonly claimApprovedDay = new GrowableArray(int32Array);
  private readonly claimAmount = new GrowableArray(float64Array);
  private readonly recoveryLoan = new GrowableArray(int32Array);
  private readonly recoveryDay = new GrowableArray(int32Array);
  private readonly recoveryAmount = new GrowableArray(float64Array);

  addLoan(loan: LoanInput): number {
    const index = this.loanIds.length;
    this.indexByLoanId.set(loan.loanId, index);
    this.loanIds.push(loan.loanId);
    this.obligorIds.push(loan.obligorId);
    this.policyIds.push(loan.policyId);
    for (const dimension of DIMENSIONS) {
      const dictionary = this.dictionaries[dimension];
      let code = dictionary.get(loan[dimension]);
      if (code === undefined) {
        code = dictionary.size;
        dictionary.set(loan[dimension], code);
      }
      this.codes[dimension].push(code);
    }
    this.principal.push(loan.principalCents);
    this.disbursedDay.push(loan.disbursedDay);
    this.retentionShare.push(loan.retentionShare);
    this.installmentStart.push(this.dueDay.length);
    for (const installment of loan.installments) {
      this.dueDay.push(installment.dueDay);
      this.installmentPrincipal.push(installment.principalCents);
      this.installmentInterest.push(installment.interestCents);
    }
    return index;
  }

  indexOf(loanId: string): number | undefined {
    return this.indexByLoanId.get(loanId);
  }

  /** Payments for loans not in the book are ignored and reported as false. */
  addRepayment(loanId: string, day: number, cents: number): boolean {
    const index = this.indexByLoanId.get(loanId);
    if (index === undefined) return false;
    this.repaymentLoan.push(index);
    this.repaymentDay.push(day);
    this.repaymentAmount.push(cents);
    return true;
  }

  addClaim(loanId: string, paidDay: number, approvedDay: number | undefined, cents: number): boolean {
    const index = this.indexByLoanId.get(loanId);
    if (index === undefined) return false;
    this.claimLoan.push(index);
    this.claimPaidDay.push(paidDay);
    this.claimApprovedDay.push(Math.min(approvedDay ?? paidDay, paidDay));
    this.claimAmount.push(cents);
    return true;
  }

  addRecovery(loanId: string, day: number, cents: number): boolean {
    const index = this.indexByLoanId.get(loanId);
    if (index === undefined) return false;
    this.recoveryLoan.push(index);
    this.recoveryDay.push(day);
    this.recoveryAmount.push(cents);
    return true;
  }

  build(): LoanBook {
    const size = this.loanIds.length;
    this.installmentStart.push(this.dueDay.length);
    const repayments = groupByLoan(size, this.repaymentLoan.finish(), this.repaymentDay.finish(), this.repaymentAmount.finish());
    const claimLoan = this.claimLoan.finish();
    const claimPaidDay = this.claimPaidDay.finish();
    const claimApprovedDay = this.claimApprovedDay.finish();
    const firstClaimPaidDay = new Int32Array(size).fill(NEVER);
    const firstClaimApprovedDay = new Int32Array(size).fill(NEVER);
    for (let claim = 0; claim < claimLoan.length; claim++) {
      const loan = claimLoan[claim]!;
      firstClaimPaidDay[loan] = Math.min(firstClaimPaidDay[loan]!, claimPaidDay[claim]!);
      firstClaimApprovedDay[loan] = Math.min(firstClaimApprovedDay[loan]!, claimApprovedDay[claim]!);
    }
    return {
      size,
      loanIds: this.loanIds,
      obligorIds: this.obligorIds,
      policyIds: this.policyIds,
      dimensionValues: Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, [...this.dictionaries[dimension].keys()]])) as Record<Dimension, string[]>,
      dimensionCodes: Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, this.codes[dimension].finish()])) as Record<Dimension, Int32Array>,
      principal: this.principal.finish(),
      disbursedDay: this.disbursedDay.finish(),
      retentionShare: this.retentionShare.finish(),
      installmentStart: this.installmentStart.finish(),
      dueDay: this.dueDay.finish(),
      installmentPrincipal: this.installmentPrincipal.finish(),
      installmentInterest: this.installmentInterest.finish(),
      repaymentStart: repayments.start,
      repaymentDay: repayments.day,
      repaymentAmount: repayments.amount,
      firstClaimPaidDay,
      firstClaimApprovedDay,
      claimLoan,
      claimPaidDay,
      claimAmount: this.claimAmount.finish(),
      recoveryLoan: this.recoveryLoan.finish(),
      recoveryDay: this.recoveryDay.finish(),
      recoveryAmount: this.recoveryAmount.finish(),
    };
  }
}

/** Counting sort by loan, then by date within a loan (payments arrive in any order). */
function groupByLoan(size: number, loan: Int32Array, day: Int32Array, amount: Float64Array) {
  const start = new Int32Array(size + 1);
  for (let k = 0; k < loan.length; k++) start[loan[k]! + 1]!++;
  for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
  const cursor = start.slice(0, size);
  const sortedDay = new Int32Array(loan.length);
  const sortedAmount = new Float64Array(loan.length);
  for (let k = 0; k < loan.length; k++) {
    const position = cursor[loan[k]!]!++;
    sortedDay[position] = day[k]!;
    sortedAmount[position] = amount[k]!;
  }
  for (let i = 0; i < size; i++) {
    // Insertion sort: a loan has a few dozen payments at most and they usually arrive in order.
    for (let a = start[i]! + 1; a < start[i + 1]!; a++) {
      const d = sortedDay[a]!;
      const m = sortedAmount[a]!;
      let b = a - 1;
      while (b >= start[i]! && sortedDay[b]! > d) {
        sortedDay[b + 1] = sortedDay[b]!;
        sortedAmount[b + 1] = sortedAmount[b]!;
        b--;
      }
      sortedDay[b + 1] = d;
      sortedAmount[b + 1] = m;
    }
  }
  return { start, day: sortedDay, amount: sortedAmount };
}
