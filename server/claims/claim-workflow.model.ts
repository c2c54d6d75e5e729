import type { ClaimAction, ClaimCaseStatus, ClaimDocumentKind } from './claim-workflow';
import type { AdjustmentLine, ClaimFigures } from './indemnity';
import type { CheckedFigure } from './platform-figures';

/** The insured's own figures as reported (each may still be missing: the report is complete when every one is there). */
export type InsuredFigures = Partial<ClaimFigures> & { claimedAmountCents?: number };

export interface FigureDifferenceRecord {
  field: CheckedFigure;
  insuredCents: number;
  platformCents: number;
  /** Who settled it, at which figure and why; null while open (approval is refused until none is). */
  reconciled: { acceptedCents: number; note: string; by: string; on: string } | null;
}

/**
 * What the workflow adds to a claim case (all optional: a case the trigger opened has none yet).
 * The dates at the top are the facts the `claim.handling` rules read for the deadlines, under these names.
 */
export interface ClaimWorkflowFields {
  reportedOn?: string;
  /** The day the report had every required item (all the insured's figures). */
  reportCompleteOn?: string | null;
  complexity?: 'simple' | 'complex';
  registeredOn?: string;
  /** The approval day (核赔通过). */
  agreedOn?: string;
  paidOn?: string;
  /** The policy's own limits, where it sets them. */
  decisionLimitDays?: number | null;
  paymentLimitDays?: number | null;

  /** Where a case the trigger suspended or advised for withdrawal returns when the claim holds again. */
  resumeTo?: ClaimCaseStatus | null;
  claimDate?: string;
  report?: { channel: 'paper' | 'electronic'; receivedOn: string; figures: InsuredFigures; by: string };
  platformFigures?: Omit<ClaimFigures, 'penaltyInterestCents'>;
  differences?: FigureDifferenceRecord[];
  estimatedLossCents?: number | null;
  rejection?: { reasons: string[]; by: string; on: string };
  adjustment?: { lines: AdjustmentLine[]; indemnityCents: number; figures: ClaimFigures; by: string; on: string };
  approval?: { by: string; on: string; indemnityCents: number };
  payment?: { paidOn: string; amountCents: number; reference: string; by: string };
  subrogation?: { basis: 'statutory' | 'assignment'; extent: 'full' | 'partial'; confirmationRef: string; amountCents: number | null; by: string; on: string };
  documents?: { kind: ClaimDocumentKind | 'other'; reference: string; by: string; on: string }[];
  earlyPayment?: { reason: string; requestedBy: string; requestedOn: string; approvedBy: string | null; approvedOn: string | null };
  withdrawal?: { by: string; on: string; note: string | null };

  /**
   * Set with a step in the same write, cleared once its consequences (the book's claim record, audit, event,
   * listeners) are done: a step whose consequences failed half-way keeps it, and the next request on the case
   * or the daily claim-deadlines run carries them out again (each is idempotent). `effectsPending` is the
   * indexed flag the daily run reads.
   */
  effectsPending?: boolean;
  pendingEffects?: { action: ClaimAction; from: ClaimCaseStatus | null; on: string; actor: string; revision: number };
}
