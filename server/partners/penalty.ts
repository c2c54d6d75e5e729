import type { PartnerAgreement, PartnerPenaltyClause, PartnerViolationType } from '../generated/schema-types';

/** What a violation costs under the agreement, and how it adds up (every figure integer cents). */
export interface PenaltyComputation {
  clause: PartnerPenaltyClause | null;
  loans: number;
  feesCents: number;
  fixedCents: number;
  perLoanTotalCents: number;
  feeShareCents: number;
  uncappedCents: number;
  amountCents: number;
}

const BASIS_POINTS = 10_000;

/** numerator / denominator rounded half up, for non-negative integers (exact while numerator < 2^53). */
export function halfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** The partner's fee on one loan: its principal x the agreement's rate, rounded half up to the cent. */
export function loanFeeCents(principalCents: number, feeRateBp: number): number {
  return halfUp(principalCents * feeRateBp, BASIS_POINTS);
}

/**
 * The penalty the agreement calls for (Art. 5: 按照合作协议约定): the clause of the violation's type,
 * fixed + per loan x loans concerned + the fees on those loans x feeShareBp (rounded half up), capped.
 * No clause for the type: 0, and the clause is null so the file says why. Pure.
 */
export function penaltyOf(agreement: PartnerAgreement, type: PartnerViolationType, loanPrincipalsCents: readonly number[]): PenaltyComputation {
  const clause = agreement.penalties.find((candidate) => candidate.violationType === type) ?? null;
  const loans = loanPrincipalsCents.length;
  const feesCents = loanPrincipalsCents.reduce((sum, principal) => sum + loanFeeCents(principal, agreement.feeRateBp), 0);
  const fixedCents = clause?.fixedCents ?? 0;
  const perLoanTotalCents = (clause?.perLoanCents ?? 0) * loans;
  const feeShareCents = halfUp(feesCents * (clause?.feeShareBp ?? 0), BASIS_POINTS);
  const uncappedCents = fixedCents + perLoanTotalCents + feeShareCents;
  const amountCents = clause?.capCents === undefined ? uncappedCents : Math.min(uncappedCents, clause.capCents);
  return { clause, loans, feesCents, fixedCents, perLoanTotalCents, feeShareCents, uncappedCents, amountCents };
}

/** Problems with an agreement's dates and clauses (JSON Schema cannot say these): empty when it holds together. */
export function agreementProblems(agreement: PartnerAgreement): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (agreement.endsOn < agreement.startsOn) problems.push({ path: '/body/agreement/endsOn', message: 'is before startsOn' });
  const seen = new Set<string>();
  agreement.penalties.forEach((clause, index) => {
    if (seen.has(clause.violationType)) problems.push({ path: `/body/agreement/penalties/${index}/violationType`, message: 'has a clause already' });
    seen.add(clause.violationType);
  });
  return problems;
}
