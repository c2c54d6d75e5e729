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
 * Replays one loan's repayments up to each of the ascending days and reports its state at each.
 * Allocation is the guideline's: oldest unpaid installment first, interest before principal; a
 * payment larger than what is due runs on into later installments (a prepayment), and money
 * beyond the whole schedule stays unallocated (it still counts in repaidAmount).
 * An installment due on day D is unpaid on D and 1 day past due on D + 1.
 */
export function walkLoan(
  book: LoanBook,
  loan: number,
  days: ArrayLike<number>,
  settings: MetricSettings,
  state: LoanState,
  visit: (position: number, state: LoanState) => void,
): void {
  const first = book.installmentStart[loan]!;
  const end = book.installmentStart[loan + 1]!;
  const dueDay = book.dueDay;
  const installmentInterest = book.installmentInterest;
  const installmentPrincipal = book.installmentPrincipal;
  const disbursedDay = book.disbursedDay[loan]!;
  const claimDay = claimedDay(book, loan, settings);
  let current = first;
  while (current < end && installmentInterest[current]! + installmentPrincipal[current]! === 0) current++;
  let unpaidInterest = current < end ? installmentInterest[current]! : 0;
  let unpaidPrincipal = current < end ? installmentPrincipal[current]! : 0;
  let paidPrincipal = 0;
  let repaid = 0;
  let payment = book.repaymentStart[loan]!;
  const lastPayment = book.repaymentStart[loan + 1]!;

  for (let position = 0; position < days.length; position++) {
    const day = days[position]!;
    while (payment < lastPayment && book.repaymentDay[payment]! <= day) {
      let amount = book.repaymentAmount[payment]!;
      repaid += amount;
      while (amount > 0 && current < end) {
        const toInterest = Math.min(amount, unpaidInterest);
        unpaidInterest -= toInterest;
        amount -= toInterest;
        const toPrincipal = Math.min(amount, unpaidPrincipal);
        unpaidPrincipal -= toPrincipal;
        amount -= toPrincipal;
        paidPrincipal += toPrincipal;
        if (unpaidInterest === 0 && unpaidPrincipal === 0) {
          current++;
          while (current < end && installmentInterest[current]! + installmentPrincipal[current]! === 0) current++;
          unpaidInterest = current < end ? installmentInterest[current]! : 0;
          unpaidPrincipal = current < end ? installmentPrincipal[current]! : 0;
        }
      }
      payment++;
    }

    let overdueInstallments = 0;
    let overdueCents = 0;
    let next = current;
    while (next < end && dueDay[next]! < day) {
      overdueCents += next === current ? unpaidInterest + unpaidPrincipal : installmentInterest[next]! + installmentPrincipal[next]!;
      overdueInstallments++;
      next++;
    }
    state.disbursed = disbursedDay <= day;
    state.repaidCents = repaid;
    state.remainingPrincipalCents = book.principal[loan]! - paidPrincipal;
    state.overdueCents = overdueCents;
    state.overdueInstallments = overdueInstallments;
    state.dpd = overdueInstallments > 0 ? day - dueDay[current]! : 0;
    state.installmentsPaid = current - first;
    state.installmentCount = end - first;
    state.nextDueDay = next < end ? dueDay[next]! : NEVER;
    state.claimed = claimDay <= day;
    state.bucket = state.claimed ? CLAIMED : current >= end ? SETTLED : delinquencyBucket(state.dpd, overdueInstallments, settings);
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
