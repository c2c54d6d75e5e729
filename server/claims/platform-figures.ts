import type { InstallmentDocument } from '../portfolio/portfolio.model';
import type { ClaimFigures } from './indemnity';

/** The figures of a report that the platform checks against its book; penalty interest is the insured's alone (the book has none). */
export const CHECKED_FIGURES = ['unpaidPrincipalCents', 'interestCents', 'repaidBeforeClaimCents'] as const;
export type CheckedFigure = (typeof CHECKED_FIGURES)[number];

/**
 * The platform's claim figures from the book (pure): repayments made on or before the claim date
 * settle installments oldest first; the installments left unsettled are the claim. Their full
 * principal (the whole remaining loan, due or not) and the interest of those due by the claim date
 * are the unpaid figures; what was paid towards them is "repaid before the claim date", deducted
 * again at adjustment (Art. 16(3)), so gross and repaid stay visible apart.
 */
export function platformFigures(
  schedule: readonly InstallmentDocument[],
  repayments: readonly { paidAt: string; amountCents: number }[],
  claimDate: string,
): Omit<ClaimFigures, 'penaltyInterestCents'> {
  let pool = repayments.filter((payment) => payment.paidAt <= claimDate).reduce((sum, payment) => sum + payment.amountCents, 0);
  let unpaidPrincipalCents = 0;
  let interestCents = 0;
  let repaidBeforeClaimCents = 0;
  for (const installment of [...schedule].sort((a, b) => a.seq - b.seq)) {
    const interestDue = installment.dueDate <= claimDate ? installment.interestCents : 0;
    const owed = installment.principalCents + interestDue;
    if (pool >= owed) {
      pool -= owed;
      continue;
    }
    repaidBeforeClaimCents += pool;
    pool = 0;
    unpaidPrincipalCents += installment.principalCents;
    interestCents += interestDue;
  }
  return { unpaidPrincipalCents, interestCents, repaidBeforeClaimCents };
}

export interface FigureDifference {
  field: CheckedFigure;
  insuredCents: number;
  platformCents: number;
}

/** Every checked figure where the insured's report and the platform disagree. */
export function differencesOf(insured: Omit<ClaimFigures, 'penaltyInterestCents'>, platform: Omit<ClaimFigures, 'penaltyInterestCents'>): FigureDifference[] {
  return CHECKED_FIGURES.filter((field) => insured[field] !== platform[field]).map((field) => ({
    field,
    insuredCents: insured[field],
    platformCents: platform[field],
  }));
}
