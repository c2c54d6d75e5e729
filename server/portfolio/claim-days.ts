import { dayFromDate } from '../ground/calendar';
import { NEVER } from '../metrics/loan-book';
import type { ClaimDocument } from './portfolio.model';

/**
 * The days a claim record gives the loan book: paid on its payment day (NEVER until paid), approved
 * on its approval day (undefined: the payment day stands in). A requested or rejected claim gives
 * neither, so it changes no figure: only a paid claim is a claim paid (loss rates), and a loan is
 * claimed from payment, or from approval when the claimedBy setting says so.
 */
export function claimDays(claim: Pick<ClaimDocument, 'status' | 'approvedAt' | 'paidAt'>): { paidDay: number; approvedDay: number | undefined } {
  const status = claim.status ?? 'paid';
  if (status === 'requested' || status === 'rejected') return { paidDay: NEVER, approvedDay: undefined };
  return { paidDay: claim.paidAt ? dayFromDate(claim.paidAt) : NEVER, approvedDay: claim.approvedAt ? dayFromDate(claim.approvedAt) : undefined };
}
