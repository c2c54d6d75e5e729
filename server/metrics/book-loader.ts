import { dayFromDate } from '../ground/calendar';
import { NEVER, LoanBookBuilder, type LoanBook, type RepaymentOverride } from './loan-book';
import type { FinancialsInput } from './financial-ratios';
import type { PremiumInput } from './portfolio-month';
import { claimDays } from '../portfolio/claim-days';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import { FINANCIAL_FIELDS, type FinancialsDocument, type LoanDocument, type RepaymentDocument } from '../portfolio/portfolio.model';

export interface LoadedBook {
  book: LoanBook;
  indexOf: (loanId: string) => number | undefined;
}

/**
 * Streams the stored portfolio into the columnar book: documents pass through in cursor
 * batches and only their numbers are kept, so memory is the per-loan state, not the documents.
 */
export async function loadLoanBook(store: PortfolioStore, loanFilter: Record<string, unknown> = {}): Promise<LoadedBook> {
  const builder = new LoanBookBuilder();
  const loanIds: string[] = [];
  const scoped = Object.keys(loanFilter).length > 0;
  for await (const loan of store.loans(loanFilter)) {
    builder.addLoan(loanInput(loan));
    if (scoped) loanIds.push(loan.loanId);
  }
  const paymentFilter = scoped ? { loanId: { $in: loanIds } } : {};
  // One obligor's payments are few: sorted by id, same-day payments allocate in a reproducible order.
  for await (const repayment of store.repayments(paymentFilter, scoped))
    builder.addRepayment(repayment.loanId, dayFromDate(repayment.paidAt), repayment.amountCents, repaymentOverride(repayment));
  for await (const claim of store.claims(paymentFilter)) {
    const { paidDay, approvedDay } = claimDays(claim);
    builder.addClaim(claim.loanId, paidDay, approvedDay, claim.amountCents);
  }
  for await (const recovery of store.recoveries(paymentFilter)) builder.addRecovery(recovery.loanId, dayFromDate(recovery.receivedAt), recovery.amountCents);
  return { book: builder.build(), indexOf: (loanId) => builder.indexOf(loanId) };
}

export function repaymentOverride(repayment: Pick<RepaymentDocument, 'allocation' | 'allocationOrder'>): RepaymentOverride | undefined {
  if (repayment.allocation) return { allocation: repayment.allocation };
  return repayment.allocationOrder === 'principal-first' ? { order: 'principal-first' } : undefined;
}

export function loanInput(loan: LoanDocument) {
  return {
    loanId: loan.loanId,
    obligorId: loan.obligorId,
    policyId: loan.policyId,
    orgUnit: loan.orgUnit,
    product: loan.product,
    channel: loan.channel,
    customerTier: loan.customerTier,
    principalCents: loan.principalCents,
    disbursedDay: dayFromDate(loan.disbursedAt),
    retentionShare: loan.retentionShare,
    installments: loan.installments.map((installment) => ({
      seq: installment.seq,
      dueDay: dayFromDate(installment.dueDate),
      principalCents: installment.principalCents,
      interestCents: installment.interestCents,
    })),
  };
}

export async function loadPremiums(store: PortfolioStore, indexOf: (loanId: string) => number | undefined): Promise<PremiumInput[]> {
  const premiums: PremiumInput[] = [];
  for await (const premium of store.premiums()) {
    premiums.push({
      loan: premium.loanId ? (indexOf(premium.loanId) ?? -1) : -1,
      orgUnit: premium.orgUnit,
      dueDay: dayFromDate(premium.dueDate),
      amountCents: premium.amountCents,
      receivedCents: premium.receivedAmountCents,
      receivedDay: premium.receivedAt ? dayFromDate(premium.receivedAt) : NEVER,
    });
  }
  return premiums;
}

export function financialsInput(document: FinancialsDocument): FinancialsInput {
  const figures = Object.fromEntries(FINANCIAL_FIELDS.map((field) => [field, document[`${field}Cents`]])) as Omit<FinancialsInput, 'month' | 'orgUnit'>;
  return { month: document.month, ...(document.orgUnit ? { orgUnit: document.orgUnit } : {}), ...figures };
}
