import { delinquencyBucket, CLAIMED, SETTLED } from './buckets';
import { NEVER, type LoanBook } from './loan-book';
import type { MetricSettings } from './metric-settings';

/** A loan as of one day. Reused between calls to avoid an allocation per loan and date. */
export interface LoanState {
  disbursed: boolean;
  repaidCents: number;
  remainingPrincipalCents: number;
  overdueCents: number;
  dpd: number;
  overdueInstallments: number;
  installmentsPaid: number;
  installmentCount: number;
  nextDueDay: number;
  claimed: boolean;
  bucket: number;
}

export function emptyLoanState(): LoanState {
  return { disbursed: false, repaidCents: 0, remainingPrincipalCents: 0, overdueCents: 0, dpd: 0, overdueInstallments: 0, installmentsPaid: 0, installmentCount: 0, nextDueDay: NEVER, claimed: false, bucket: SETTLED };
}

export function claimedDay(book: LoanBook, loan: number, settings: MetricSettings): number {
  return settings.claimedBy === 'claim-approved' ? book.firstClaimApprovedDay[loan]! : book.firstClaimPaidDay[loan]!;
}

/**
 * Replays one loan's repayments forward in time: `start(loan)`, then `advanceTo(day)` with
 * ascending days, reading `state` after each. Allocation is the guideline's: oldest unpaid
 * installment first, interest before principal; a payment larger than what is due runs on into
 * later installments (a prepayment), and money beyond the whole schedule stays unallocated (it
 * still counts in repaidAmount). An installment due on day D is unpaid on D and 1 day past due on
 * D + 1. A class with plain fields rather than a callback per day: this is the inner loop of
 * every metric and runs tens of millions of times for a large book.
 */
export class LoanCursor {
  readonly state: LoanState = emptyLoanState();
  private loan = 0;
  private first = 0;
  private end = 0;
  private current = 0;
  private unpaidInterest = 0;
  private unpaidPrincipal = 0;
  private paidPrincipal = 0;
  private repaid = 0;
  private payment = 0;
  private lastPayment = 0;
  private claimDay = NEVER;

  constructor(
    private readonly book: LoanBook,
    private readonly settings: MetricSettings,
  ) {}

  start(loan: number): void {
    const book = this.book;
    this.loan = loan;
    this.first = book.installmentStart[loan]!;
    this.end = book.installmentStart[loan + 1]!;
    this.current = this.first;
    this.loadInstallment();
    this.paidPrincipal = 0;
    this.repaid = 0;
    this.payment = book.repaymentStart[loan]!;
    this.lastPayment = book.repaymentStart[loan + 1]!;
    this.claimDay = claimedDay(book, loan, this.settings);
  }

  advanceTo(day: number): LoanState {
    const book = this.book;
    const end = this.end;
    while (this.payment < this.lastPayment && book.repaymentDay[this.payment]! <= day) {
      let amount = book.repaymentAmount[this.payment]!;
      this.repaid += amount;
      while (amount > 0 && this.current < end) {
        const toInterest = Math.min(amount, this.unpaidInterest);
        this.unpaidInterest -= toInterest;
        amount -= toInterest;
        const toPrincipal = Math.min(amount, this.unpaidPrincipal);
        this.unpaidPrincipal -= toPrincipal;
        amount -= toPrincipal;
        this.paidPrincipal += toPrincipal;
        if (this.unpaidInterest === 0 && this.unpaidPrincipal === 0) {
          this.current++;
          this.loadInstallment();
        }
      }
      this.payment++;
    }

    const current = this.current;
    const dueDay = book.dueDay;
    let overdueInstallments = 0;
    let overdueCents = 0;
    let next = current;
    while (next < end && dueDay[next]! < day) {
      overdueCents += next === current ? this.unpaidInterest + this.unpaidPrincipal : book.installmentInterest[next]! + book.installmentPrincipal[next]!;
      overdueInstallments++;
      next++;
    }
    const state = this.state;
    state.disbursed = book.disbursedDay[this.loan]! <= day;
    state.repaidCents = this.repaid;
    state.remainingPrincipalCents = book.principal[this.loan]! - this.paidPrincipal;
    state.overdueCents = overdueCents;
    state.overdueInstallments = overdueInstallments;
    state.dpd = overdueInstallments > 0 ? day - dueDay[current]! : 0;
    state.installmentsPaid = current - this.first;
    state.installmentCount = end - this.first;
    state.nextDueDay = next < end ? dueDay[next]! : NEVER;
    state.claimed = this.claimDay <= day;
    state.bucket = state.claimed ? CLAIMED : current >= end ? SETTLED : delinquencyBucket(state.dpd, overdueInstallments, this.settings);
    return state;
  }

  /** Moves to the next installment that owes anything (a schedule may hold zero lines). */
  private loadInstallment(): void {
    const book = this.book;
    while (this.current < this.end && book.installmentInterest[this.current]! + book.installmentPrincipal[this.current]! === 0) this.current++;
    this.unpaidInterest = this.current < this.end ? book.installmentInterest[this.current]! : 0;
    this.unpaidPrincipal = this.current < this.end ? book.installmentPrincipal[this.current]! : 0;
  }
}

/** The cursor as a single call: the loan's state at each of the ascending days. */
export function walkLoan(
  book: LoanBook,
  loan: number,
  days: ArrayLike<number>,
  settings: MetricSettings,
  state: LoanState,
  visit: (position: number, state: LoanState) => void,
): void {
  const cursor = new LoanCursor(book, settings);
  cursor.start(loan);
  for (let position = 0; position < days.length; position++) {
    Object.assign(state, cursor.advanceTo(days[position]!));
    visit(position, state);
  }
}

/**
 * The first day on which the loan stood at or beyond `threshold` days past due (NEVER if it has
 * not). Oldest-first allocation pays installment i off on the day cumulative repayments first
 * cover the cumulative amount due through i; if that is after due(i) + threshold, the loan
 * reached the threshold on due(i) + threshold (due days ascend, so the first such i is the answer).
 */
export function firstDayAtOrBeyond(book: LoanBook, loan: number, threshold: number): number {
  const end = book.installmentStart[loan + 1]!;
  const lastPayment = book.repaymentStart[loan + 1]!;
  let payment = book.repaymentStart[loan]!;
  let cumulativeDue = 0;
  let cumulativePaid = 0;
  let lastPaymentDay = NEVER;
  for (let installment = book.installmentStart[loan]!; installment < end; installment++) {
    const due = book.installmentInterest[installment]! + book.installmentPrincipal[installment]!;
    if (due === 0) continue;
    cumulativeDue += due;
    while (cumulativePaid < cumulativeDue && payment < lastPayment) {
      cumulativePaid += book.repaymentAmount[payment]!;
      lastPaymentDay = book.repaymentDay[payment]!;
      payment++;
    }
    const paidOffDay = cumulativePaid >= cumulativeDue ? lastPaymentDay : NEVER;
    const reachedOn = book.dueDay[installment]! + threshold;
    if (paidOffDay > reachedOn) return reachedOn;
  }
  return NEVER;
}
