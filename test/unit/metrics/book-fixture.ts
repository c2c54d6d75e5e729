import { dayFromDate } from '../../../server/ground/calendar';
import { LoanBookBuilder, type LoanBook, type RepaymentOverride } from '../../../server/metrics/loan-book';
import { claimDays } from '../../../server/portfolio/claim-days';
import type { ClaimRecordStatus } from '../../../server/portfolio/portfolio.model';

/** A loan written the way the tests reason about it: yuan, ISO dates, [dueDate, principal, interest] installments. */
export interface LoanSpec {
  loanId: string;
  obligorId?: string;
  orgUnit?: string;
  product?: string;
  channel?: string;
  customerTier?: string;
  principal: number;
  disbursedAt: string;
  retentionShare?: number;
  installments: [string, number, number][];
  /** [paidAt, amount] or [paidAt, amount, override] with the override's allocation in yuan. */
  repayments?: ([string, number] | [string, number, FixtureOverride])[];
  claims?: { status?: ClaimRecordStatus; approvedAt?: string; paidAt?: string; amount: number }[];
  recoveries?: [string, number][];
}

export type FixtureOverride = { order: 'principal-first' } | { allocation: { seq: number; principal: number; interest: number }[] };

export const cents = (yuan: number) => Math.round(yuan * 100);

function override(spec: FixtureOverride | undefined): RepaymentOverride | undefined {
  if (!spec) return undefined;
  if ('order' in spec) return { order: spec.order };
  return { allocation: spec.allocation.map((part) => ({ seq: part.seq, principalCents: cents(part.principal), interestCents: cents(part.interest) })) };
}

export function buildBook(specs: readonly LoanSpec[]): LoanBook {
  const builder = new LoanBookBuilder();
  for (const spec of specs) {
    builder.addLoan({
      loanId: spec.loanId,
      obligorId: spec.obligorId ?? `OB-${spec.loanId}`,
      policyId: `P-${spec.loanId}`,
      orgUnit: spec.orgUnit ?? 'BR-SH',
      product: spec.product ?? 'consumer',
      channel: spec.channel ?? 'online',
      customerTier: spec.customerTier ?? 'prime',
      principalCents: cents(spec.principal),
      disbursedDay: dayFromDate(spec.disbursedAt),
      retentionShare: spec.retentionShare ?? 1,
      installments: spec.installments.map(([dueDate, principal, interest]) => ({
        dueDay: dayFromDate(dueDate),
        principalCents: cents(principal),
        interestCents: cents(interest),
      })),
    });
  }
  for (const spec of specs) {
    for (const [paidAt, amount, rule] of spec.repayments ?? []) builder.addRepayment(spec.loanId, dayFromDate(paidAt), cents(amount), override(rule));
    for (const claim of spec.claims ?? []) {
      const { paidDay, approvedDay } = claimDays(claim);
      builder.addClaim(spec.loanId, paidDay, approvedDay, cents(claim.amount));
    }
    for (const [receivedAt, amount] of spec.recoveries ?? []) builder.addRecovery(spec.loanId, dayFromDate(receivedAt), cents(amount));
  }
  return builder.build();
}

/** n monthly installments of `each` yuan principal (no interest) due on `day` of each month from `firstMonth` (YYYY-MM). */
export function monthly(firstMonth: string, day: number, count: number, each: number, interest = 0): [string, number, number][] {
  const [year, month] = firstMonth.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, position) => {
    const date = new Date(Date.UTC(year, month - 1 + position, day));
    return [date.toISOString().slice(0, 10), each, interest];
  });
}
