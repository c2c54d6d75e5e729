import { centsFromYuan } from '../ground/money';
import { UnprocessableError, ValidationError } from '../http/errors';
import type { PolicyDocument } from '../portfolio/portfolio.model';
import type { ClaimCaseRecord } from './claim-case.model';
import type { FigureDifferenceRecord, InsuredFigures } from './claim-workflow.model';
import { computeIndemnity, type ClaimFigures } from './indemnity';
import { CHECKED_FIGURES, differencesOf, type CheckedFigure } from './platform-figures';

/** The API names of the figures (yuan) and their stored names (cents). */
export const FIGURE_FIELDS = {
  unpaidPrincipal: 'unpaidPrincipalCents',
  interest: 'interestCents',
  penaltyInterest: 'penaltyInterestCents',
  repaidBeforeClaim: 'repaidBeforeClaimCents',
  claimedAmount: 'claimedAmountCents',
} as const;
export type FigureName = keyof typeof FIGURE_FIELDS;
export const API_NAME_OF: Record<CheckedFigure, FigureName> = {
  unpaidPrincipalCents: 'unpaidPrincipal',
  interestCents: 'interest',
  repaidBeforeClaimCents: 'repaidBeforeClaim',
};

/** Yuan from the API into cents, refusing a third decimal with the field named. */
export function cents(yuan: number, path: string): number {
  const value = centsFromYuan(yuan);
  if (value === undefined) throw new ValidationError('An amount has more than two decimals', [{ path, message: 'at most two decimals (fen)' }]);
  return value;
}

/** The insured's figures of a report, merged over an earlier report's (an amended report completes it). */
export function insuredFigures(body: Partial<Record<FigureName, number>>, earlier: InsuredFigures = {}): InsuredFigures {
  const figures: InsuredFigures = { ...earlier };
  for (const [name, field] of Object.entries(FIGURE_FIELDS) as [FigureName, keyof InsuredFigures][])
    if (body[name] !== undefined) figures[field] = cents(body[name], `/body/${name}`);
  return figures;
}

/** Complete when every figure the insured owes is there (penalty interest included: 0 where none is claimed). */
export function reportComplete(figures: InsuredFigures): boolean {
  return Object.values(FIGURE_FIELDS).every((field) => figures[field] !== undefined);
}

/**
 * The differences of a report against the platform's figures: every checked figure the insured
 * gave that disagrees. A reconciliation already made stands while both figures stay the same.
 */
export function reportDifferences(
  figures: InsuredFigures,
  platform: Omit<ClaimFigures, 'penaltyInterestCents'>,
  earlier: readonly FigureDifferenceRecord[] = [],
): FigureDifferenceRecord[] {
  const given = Object.fromEntries(CHECKED_FIGURES.map((field) => [field, figures[field] ?? platform[field]])) as Omit<ClaimFigures, 'penaltyInterestCents'>;
  return differencesOf(given, platform).map((difference) => {
    const kept = earlier.find(
      (candidate) =>
        candidate.field === difference.field && candidate.insuredCents === difference.insuredCents && candidate.platformCents === difference.platformCents,
    );
    return { ...difference, reconciled: kept?.reconciled ?? null };
  });
}

/** The figures the adjustment uses: the reconciled figure where the two sides differed, else the figure both agree on. */
export function acceptedFigures(record: ClaimCaseRecord): ClaimFigures {
  const platform = record.platformFigures!;
  const insured = record.report?.figures ?? {};
  const accepted = {} as Omit<ClaimFigures, 'penaltyInterestCents'>;
  for (const field of CHECKED_FIGURES) {
    const difference = record.differences?.find((candidate) => candidate.field === field);
    // An unreconciled difference adjusts on the platform's figure; approval waits for the reconciliation anyway.
    accepted[field] = difference ? (difference.reconciled?.acceptedCents ?? difference.platformCents) : (insured[field] ?? platform[field]);
  }
  return { ...accepted, penaltyInterestCents: insured.penaltyInterestCents ?? 0 };
}

/** The adjustment of a case under its policy's clause, line by line; 422 when the policy is not on the book. */
export function adjustmentOf(record: ClaimCaseRecord, policy: PolicyDocument | undefined, by: string, on: string): NonNullable<ClaimCaseRecord['adjustment']> {
  if (!policy)
    throw new UnprocessableError('claim_incomplete', `The policy ${record.policyId} is not on the book: its clause decides the indemnity`, [
      { path: '/policy', message: 'import the policy first' },
    ]);
  const figures = acceptedFigures(record);
  const { lines, indemnityCents } = computeIndemnity(figures, policy);
  return { lines, indemnityCents, figures, by, on };
}
