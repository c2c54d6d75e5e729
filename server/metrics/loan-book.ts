import { float64Array, GrowableArray, int32Array, uint8Array } from './growable-array';

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
  /** The installment's number in the schedule; explicit repayment allocations name it. Defaults to its position from 1. */
  seq?: number;
  dueDay: number;
  principalCents: number;
  interestCents: number;
}

/** How a repayment is allocated (repaymentOrder column). */
export const INTEREST_FIRST = 0;
export const PRINCIPAL_FIRST = 1;
export const EXPLICIT = 2;

/** A repayment record that says otherwise than the default allocation. */
export interface RepaymentOverride {
  order?: 'interest-first' | 'principal-first';
  allocation?: readonly { seq: number; principalCents: number; interestCents: number }[];
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
  /**
   * Repayments of loan i are [repaymentStart[i], repaymentStart[i + 1]), by date; on one day
   * explicit allocations come first, then principal-first ones, then the default ones.
   */
  repaymentStart: Int32Array;
  repaymentDay: Int32Array;
  repaymentAmount: Float64Array;
  /** INTEREST_FIRST (the default), PRINCIPAL_FIRST or EXPLICIT. */
  repaymentOrder: Uint8Array;
  /** Explicit parts of repayment r are [allocationStart[r], allocationStart[r + 1]). */
  allocationStart: Int32Array;
  /** The installment (index into the installment columns) a part pays; -1 when the loan has no installment of that seq. */
  allocationInstallment: Int32Array;
  allocationPrincipal: Float64Array;
  allocationInterest: Float64Array;
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
  private readonly dictionaries = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, new Map<string, number>()])) as Record<
    Dimension,
    Map<string, number>
  >;
  private readonly codes = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, new GrowableArray(int32Array)])) as Record<
    Dimension,
    GrowableArray<Int32Array>
  >;
  private readonly principal = new GrowableArray(float64Array);
  private readonly disbursedDay = new GrowableArray(int32Array);
  private readonly retentionShare = new GrowableArray(float64Array);
  private readonly installmentStart = new GrowableArray(int32Array);
  private readonly dueDay = new GrowableArray(int32Array);
  private readonly installmentPrincipal = new GrowableArray(float64Array);
  private readonly installmentInterest = new GrowableArray(float64Array);
  /** Installments whose seq is not their position from 1 (rare): explicit allocations name installments by seq. */
  private readonly unusualSeq = new Map<number, number>();
  private readonly repaymentLoan = new GrowableArray(int32Array);
  private readonly repaymentDay = new GrowableArray(int32Array);
  private readonly repaymentAmount = new GrowableArray(float64Array);
  private readonly repaymentOrder = new GrowableArray(uint8Array);
  /** Explicit parts as added (seq, not yet resolved to installments); repayment r's are [start, start + count) (few repayments have any). */
  private readonly partsOf = new Map<number, [start: number, count: number]>();
  private readonly partSeq = new GrowableArray(int32Array);
  private readonly partPrincipal = new GrowableArray(float64Array);
  private readonly partInterest = new GrowableArray(float64Array);
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
    for (let position = 0; position < loan.installments.length; position++) {
      const installment = loan.installments[position]!;
      if (installment.seq !== undefined && installment.seq !== position + 1) this.unusualSeq.set(this.dueDay.length, installment.seq);
      this.dueDay.push(installment.dueDay);
      this.installmentPrincipal.push(installment.principalCents);
      this.installmentInterest.push(installment.interestCents);
    }
    return index;
  }

  indexOf(loanId: string): number | undefined {
    return this.indexByLoanId.get(loanId);
  }

  /**
   * Payments for loans not in the book are ignored and reported as false. Payments of one loan
   * and day keep the order they were added in (after explicit ones, then principal-first ones),
   * so add them in a stable order (by repayment id) for reproducible figures.
   */
  addRepayment(loanId: string, day: number, cents: number, override?: RepaymentOverride): boolean {
    const index = this.indexByLoanId.get(loanId);
    if (index === undefined) return false;
    this.repaymentLoan.push(index);
    this.repaymentDay.push(day);
    this.repaymentAmount.push(cents);
    if (override?.allocation) {
      this.partsOf.set(this.repaymentOrder.length, [this.partSeq.length, override.allocation.length]);
      this.repaymentOrder.push(EXPLICIT);
      for (const part of override.allocation) {
        this.partSeq.push(part.seq);
        this.partPrincipal.push(part.principalCents);
        this.partInterest.push(part.interestCents);
      }
    } else {
      this.repaymentOrder.push(override?.order === 'principal-first' ? PRINCIPAL_FIRST : INTEREST_FIRST);
    }
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
    const installmentStart = this.installmentStart.finish();
    const repayments = groupRepayments(size, installmentStart, this.unusualSeq, {
      loan: this.repaymentLoan.finish(),
      day: this.repaymentDay.finish(),
      amount: this.repaymentAmount.finish(),
      order: this.repaymentOrder.finish(),
      partsOf: this.partsOf,
      partSeq: this.partSeq.finish(),
      partPrincipal: this.partPrincipal.finish(),
      partInterest: this.partInterest.finish(),
    });
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
      installmentStart,
      dueDay: this.dueDay.finish(),
      installmentPrincipal: this.installmentPrincipal.finish(),
      installmentInterest: this.installmentInterest.finish(),
      repaymentStart: repayments.start,
      repaymentDay: repayments.day,
      repaymentAmount: repayments.amount,
      repaymentOrder: repayments.order,
      allocationStart: repayments.allocationStart,
      allocationInstallment: repayments.allocationInstallment,
      allocationPrincipal: repayments.allocationPrincipal,
      allocationInterest: repayments.allocationInterest,
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

interface AddedRepayments {
  loan: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  order: Uint8Array;
  partsOf: Map<number, [start: number, count: number]>;
  partSeq: Int32Array;
  partPrincipal: Float64Array;
  partInterest: Float64Array;
}

/** Within a day: explicit allocations, then principal-first, then the default (each honours what it names before the default takes the oldest). */
const SAME_DAY_RANK = [2, 1, 0];

/**
 * Counting sort by loan, then by date (and allocation kind within a date) inside a loan, stable;
 * explicit parts are resolved from seq to the loan's installment and laid out in the new order.
 */
function groupRepayments(size: number, installmentStart: Int32Array, unusualSeq: Map<number, number>, added: AddedRepayments) {
  const count = added.loan.length;
  const start = new Int32Array(size + 1);
  for (let k = 0; k < count; k++) start[added.loan[k]! + 1]!++;
  for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
  const cursor = start.slice(0, size);
  const permutation = new Int32Array(count);
  for (let k = 0; k < count; k++) permutation[cursor[added.loan[k]!]!++] = k;
  const rank = (k: number) => added.day[k]! * 4 + SAME_DAY_RANK[added.order[k]!]!;
  for (let i = 0; i < size; i++) {
    // Insertion sort: a loan has a few dozen payments at most and they usually arrive in order.
    for (let a = start[i]! + 1; a < start[i + 1]!; a++) {
      const k = permutation[a]!;
      const key = rank(k);
      let b = a - 1;
      while (b >= start[i]! && rank(permutation[b]!) > key) {
        permutation[b + 1] = permutation[b]!;
        b--;
      }
      permutation[b + 1] = k;
    }
  }
  const day = new Int32Array(count);
  const amount = new Float64Array(count);
  const order = new Uint8Array(count);
  const seqOf = (installment: number, loan: number) => unusualSeq.get(installment) ?? installment - installmentStart[loan]! + 1;
  const allocationStart = new Int32Array(count + 1);
  const parts = added.partSeq.length;
  const allocationInstallment = new Int32Array(parts);
  const allocationPrincipal = new Float64Array(parts);
  const allocationInterest = new Float64Array(parts);
  let part = 0;
  for (let i = 0; i < size; i++) {
    for (let position = start[i]!; position < start[i + 1]!; position++) {
      const k = permutation[position]!;
      day[position] = added.day[k]!;
      amount[position] = added.amount[k]!;
      order[position] = added.order[k]!;
      allocationStart[position] = part;
      const [partStart, partCount] = added.partsOf.get(k) ?? [0, 0];
      for (let source = partStart; source < partStart + partCount; source++) {
        let installment = -1;
        for (let candidate = installmentStart[i]!; candidate < installmentStart[i + 1]!; candidate++) {
          if (seqOf(candidate, i) === added.partSeq[source]) {
            installment = candidate;
            break;
          }
        }
        allocationInstallment[part] = installment;
        allocationPrincipal[part] = added.partPrincipal[source]!;
        allocationInterest[part] = added.partInterest[source]!;
        part++;
      }
    }
  }
  allocationStart[count] = part;
  return { start, day, amount, order, allocationStart, allocationInstallment, allocationPrincipal, allocationInterest };
}
