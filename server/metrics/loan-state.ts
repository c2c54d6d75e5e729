import { delinquencyBucket, CLAIMED, SETTLED } from './buckets';
import { EXPLICIT, INTEREST_FIRST, NEVER, PRINCIPAL_FIRST, type LoanBook } from './loan-book';
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
  return {
    disbursed: false,
    repaidCents: 0,
    remainingPrincipalCents: 0,
    overdueCents: 0,
    dpd: 0,
    overdueInstallments: 0,
    installmentsPaid: 0,
    installmentCount: 0,
    nextDueDay: NEVER,
    claimed: false,
    bucket: SETTLED,
  };
}

export function claimedDay(book: LoanBook, loan: number, settings: MetricSettings): number {
  return settings.claimedBy === 'claim-approved' ? book.firstClaimApprovedDay[loan]! : book.firstClaimPaidDay[loan]!;
}

/**
 * Replays one loan's repayments forward in time: `start(loan)`, then `advanceTo(day)` with
 * ascending days, reading `state` after each. Allocation is the guideline's unless a record says
 * otherwise: oldest unpaid installment first, interest before principal (principal before
 * interest for a principal-first record; exactly the booked parts for an explicit allocation).
 * A payment larger than what is due runs on into later installments (a prepayment); money that
 * finds nothing left to pay (beyond the whole schedule, or an explicit part beyond what its
 * installment still owes) stays unallocated but still counts in repaidAmount. An installment due
 * on day D is unpaid on D and 1 day past due on D + 1. A class with plain fields rather than a
 * callback per day: this is the inner loop of every metric and runs tens of millions of times.
 */
export class LoanCursor {
  readonly state: LoanState = emptyLoanState();
  private loan = 0;
  private first = 0;
  private count = 0;
  /**
   * What installments 0..loaded-1 of the loan still owe (index relative to the loan's first
   * installment); later ones are untouched, so they owe what the schedule says. Loaded lazily, so
   * starting a loan costs nothing and a replay touches only the installments payments reach.
   */
  private unpaidInterest = new Float64Array(64);
  private unpaidPrincipal = new Float64Array(64);
  private loaded = 0;
  /** Installments paid off while an older one still owed (possible only with explicit allocations). */
  private paidEarly = new Uint8Array(64);
  /** The oldest installment still owing (count when none). */
  private oldest = 0;
  /** How many installments after `oldest` are paid off (counted in installmentsPaid). */
  private paidBeyond = 0;
  private paidPrincipal = 0;
  private repaid = 0;
  private payment = 0;
  private lastPayment = 0;
  private claimDay = NEVER;
  /**
   * True while every payment of the loan takes the default allocation (almost every loan): then
   * only the oldest unpaid installment can be part paid, and two numbers (`headInterest`,
   * `headPrincipal`, what installment `oldest` still owes) are the whole state, as before records
   * could say otherwise. Loans with any other payment use the per-installment arrays.
   */
  private simple = true;
  private headInterest = 0;
  private headPrincipal = 0;

  constructor(
    readonly book: LoanBook,
    private readonly settings: MetricSettings,
  ) {}

  start(loan: number): void {
    const book = this.book;
    this.loan = loan;
    this.first = book.installmentStart[loan]!;
    const count = book.installmentStart[loan + 1]! - this.first;
    this.count = count;
    if (count > this.unpaidInterest.length) {
      const capacity = Math.max(count, this.unpaidInterest.length * 2);
      this.unpaidInterest = new Float64Array(capacity);
      this.unpaidPrincipal = new Float64Array(capacity);
      this.paidEarly = new Uint8Array(capacity);
    }
    this.loaded = 0;
    this.oldest = 0;
    this.paidBeyond = 0;
    this.paidPrincipal = 0;
    this.repaid = 0;
    this.payment = book.repaymentStart[loan]!;
    this.lastPayment = book.repaymentStart[loan + 1]!;
    this.claimDay = claimedDay(book, loan, this.settings);
    let simple = true;
    for (let payment = this.payment; payment < this.lastPayment; payment++) if (book.repaymentOrder[payment] !== INTEREST_FIRST) simple = false;
    this.simple = simple;
    if (simple) this.loadHead();
    else this.skipPaid();
  }

  /** Simple replay: moves `oldest` to the next installment that owes anything and takes what it owes. */
  private loadHead(): void {
    const book = this.book;
    const first = this.first;
    while (this.oldest < this.count && book.installmentInterest[first + this.oldest]! + book.installmentPrincipal[first + this.oldest]! === 0) this.oldest++;
    this.headInterest = this.oldest < this.count ? book.installmentInterest[first + this.oldest]! : 0;
    this.headPrincipal = this.oldest < this.count ? book.installmentPrincipal[first + this.oldest]! : 0;
  }

  /** Simple replay of one default payment: oldest installment first, interest before principal. */
  private allocateSimple(payment: number): void {
    let amount = this.book.repaymentAmount[payment]!;
    this.repaid += amount;
    while (amount > 0 && this.oldest < this.count) {
      const toInterest = Math.min(amount, this.headInterest);
      this.headInterest -= toInterest;
      amount -= toInterest;
      const toPrincipal = Math.min(amount, this.headPrincipal);
      this.headPrincipal -= toPrincipal;
      amount -= toPrincipal;
      this.paidPrincipal += toPrincipal;
      if (this.headInterest === 0 && this.headPrincipal === 0) {
        this.oldest++;
        this.loadHead();
      }
    }
  }

  advanceTo(day: number): LoanState {
    const book = this.book;
    const simple = this.simple;
    while (this.payment < this.lastPayment && book.repaymentDay[this.payment]! <= day) {
      if (simple) this.allocateSimple(this.payment);
      else this.allocate(this.payment);
      this.payment++;
    }

    const count = this.count;
    const first = this.first;
    const oldest = this.oldest;
    // Simple replay: installments after the oldest owe what the schedule says.
    const loaded = simple ? oldest : this.loaded;
    const dueDay = book.dueDay;
    let overdueInstallments = 0;
    let overdueCents = 0;
    let next = oldest;
    while (next < count && dueDay[first + next]! < day) {
      const owed =
        simple && next === oldest
          ? this.headInterest + this.headPrincipal
          : next < loaded
            ? this.unpaidInterest[next]! + this.unpaidPrincipal[next]!
            : book.installmentInterest[first + next]! + book.installmentPrincipal[first + next]!;
      if (owed > 0) {
        overdueCents += owed;
        overdueInstallments++;
      }
      next++;
    }
    while (
      next < count &&
      (next < loaded
        ? this.unpaidInterest[next]! + this.unpaidPrincipal[next]!
        : book.installmentInterest[first + next]! + book.installmentPrincipal[first + next]!) === 0
    )
      next++;
    const state = this.state;
    state.disbursed = book.disbursedDay[this.loan]! <= day;
    state.repaidCents = this.repaid;
    state.remainingPrincipalCents = book.principal[this.loan]! - this.paidPrincipal;
    state.overdueCents = overdueCents;
    state.overdueInstallments = overdueInstallments;
    state.dpd = overdueInstallments > 0 ? day - dueDay[first + this.oldest]! : 0;
    state.installmentsPaid = this.oldest + this.paidBeyond;
    state.installmentCount = count;
    state.nextDueDay = next < count ? dueDay[first + next]! : NEVER;
    state.claimed = this.claimDay <= day;
    state.bucket = state.claimed ? CLAIMED : this.oldest >= count ? SETTLED : delinquencyBucket(state.dpd, overdueInstallments, this.settings);
    return state;
  }

  /** What installment k still owes. */
  private owes(k: number): number {
    return k < this.loaded
      ? this.unpaidInterest[k]! + this.unpaidPrincipal[k]!
      : this.book.installmentInterest[this.first + k]! + this.book.installmentPrincipal[this.first + k]!;
  }

  /** Makes installments up to k hold their own (paid down) amounts. */
  private load(k: number): void {
    const book = this.book;
    for (; this.loaded <= k; this.loaded++) {
      this.unpaidInterest[this.loaded] = book.installmentInterest[this.first + this.loaded]!;
      this.unpaidPrincipal[this.loaded] = book.installmentPrincipal[this.first + this.loaded]!;
      this.paidEarly[this.loaded] = 0;
    }
  }

  private allocate(payment: number): void {
    const book = this.book;
    let amount = book.repaymentAmount[payment]!;
    this.repaid += amount;
    const order = book.repaymentOrder[payment]!;
    if (order === EXPLICIT) {
      for (let part = book.allocationStart[payment]!; part < book.allocationStart[payment + 1]!; part++) {
        const installment = book.allocationInstallment[part]!;
        // A part naming no installment of the loan (its schedule changed since) pays nothing.
        if (installment < 0) continue;
        this.pay(installment - this.first, book.allocationInterest[part]!, book.allocationPrincipal[part]!);
      }
    } else {
      // Oldest first: every installment before the last one touched is paid off in full.
      const principalFirst = order === PRINCIPAL_FIRST;
      const unpaidInterest = this.unpaidInterest;
      const unpaidPrincipal = this.unpaidPrincipal;
      for (let k = this.oldest; amount > 0 && k < this.count; k++) {
        if (k >= this.loaded) this.load(k);
        const interest = unpaidInterest[k]!;
        const principal = unpaidPrincipal[k]!;
        if (interest + principal === 0) continue;
        const toInterest = principalFirst ? Math.min(amount - Math.min(amount, principal), interest) : Math.min(amount, interest);
        const toPrincipal = principalFirst ? Math.min(amount, principal) : Math.min(amount - toInterest, principal);
        amount -= toInterest + toPrincipal;
        unpaidInterest[k] = interest - toInterest;
        unpaidPrincipal[k] = principal - toPrincipal;
        this.paidPrincipal += toPrincipal;
        if (k > this.oldest && interest === toInterest && principal === toPrincipal) {
          this.paidEarly[k] = 1;
          this.paidBeyond++;
        }
      }
    }
    this.skipPaid();
  }

  /** Pays up to these amounts on installment k (what it owes caps them). */
  private pay(k: number, interest: number, principal: number): void {
    if (k >= this.loaded) this.load(k);
    const owedBefore = this.unpaidInterest[k]! + this.unpaidPrincipal[k]!;
    if (owedBefore === 0) return;
    const toInterest = Math.min(interest, this.unpaidInterest[k]!);
    const toPrincipal = Math.min(principal, this.unpaidPrincipal[k]!);
    this.unpaidInterest[k] = this.unpaidInterest[k]! - toInterest;
    this.unpaidPrincipal[k] = this.unpaidPrincipal[k]! - toPrincipal;
    this.paidPrincipal += toPrincipal;
    if (k > this.oldest && this.unpaidInterest[k]! + this.unpaidPrincipal[k]! === 0) {
      this.paidEarly[k] = 1;
      this.paidBeyond++;
    }
  }

  /** Moves `oldest` past installments that owe nothing (paid, or zero lines of a schedule). */
  private skipPaid(): void {
    while (this.oldest < this.count && this.owes(this.oldest) === 0) {
      if (this.oldest < this.loaded && this.paidEarly[this.oldest] === 1) this.paidBeyond--;
      this.oldest++;
    }
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
 * not). dpd grows by one a day and only drops when a payment moves the oldest unpaid installment
 * on, so it first reaches the threshold on due(k) + threshold of the installment k that is then
 * the oldest unpaid: checking those days in order with the cursor (which honours every
 * allocation a record names) finds it.
 */
export function firstDayAtOrBeyond(cursor: LoanCursor, loan: number, threshold: number): number {
  const book = cursor.book;
  cursor.start(loan);
  for (let installment = book.installmentStart[loan]!; installment < book.installmentStart[loan + 1]!; installment++) {
    const day = book.dueDay[installment]! + threshold;
    if (cursor.advanceTo(day).dpd >= threshold) return day;
  }
  return NEVER;
}
