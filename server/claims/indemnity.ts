/**
 * The indemnity of a claim (Art. 16(3)), in integer cents, line by line:
 *   covered unpaid principal + interest (where the clause covers it) + penalty interest (where the
 *   clause covers it) - deductible - what the obligor repaid before the claim date.
 * Pure: the adjustment step stores these lines; the tests check them to the cent.
 */
export interface ClaimFigures {
  unpaidPrincipalCents: number;
  interestCents: number;
  penaltyInterestCents: number;
  repaidBeforeClaimCents: number;
}

export interface ClaimClause {
  coversInterest: boolean;
  coversPenaltyInterest: boolean;
  deductibleCents: number;
}

export type AdjustmentItem = 'unpaid-principal' | 'interest' | 'penalty-interest' | 'deductible' | 'repaid-before-claim';

export interface AdjustmentLine {
  item: AdjustmentItem;
  /** The figure the line starts from (accepted figure, or the clause's deductible). */
  baseCents: number;
  /** What the line adds to (+) or takes from (-) the indemnity; 0 where the clause does not cover it. */
  amountCents: number;
  note: string;
}

export interface Adjustment {
  lines: AdjustmentLine[];
  indemnityCents: number;
}

export function computeIndemnity(figures: ClaimFigures, clause: ClaimClause): Adjustment {
  const lines: AdjustmentLine[] = [
    { item: 'unpaid-principal', baseCents: figures.unpaidPrincipalCents, amountCents: figures.unpaidPrincipalCents, note: 'covered' },
    {
      item: 'interest',
      baseCents: figures.interestCents,
      amountCents: clause.coversInterest ? figures.interestCents : 0,
      note: clause.coversInterest ? 'covered' : 'not covered by the clause',
    },
    {
      item: 'penalty-interest',
      baseCents: figures.penaltyInterestCents,
      amountCents: clause.coversPenaltyInterest ? figures.penaltyInterestCents : 0,
      note: clause.coversPenaltyInterest ? 'covered' : 'not covered by the clause',
    },
    { item: 'deductible', baseCents: clause.deductibleCents, amountCents: -clause.deductibleCents, note: "the policy's deductible" },
    {
      item: 'repaid-before-claim',
      baseCents: figures.repaidBeforeClaimCents,
      amountCents: -figures.repaidBeforeClaimCents,
      note: 'Art. 16(3): repaid by the obligor before the claim date',
    },
  ];
  const total = lines.reduce((sum, line) => sum + line.amountCents, 0);
  // A deductible and repayments larger than the loss leave nothing to pay, never a negative indemnity.
  return { lines, indemnityCents: Math.max(0, total) };
}
