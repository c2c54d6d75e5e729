import type { SyntheticRecord } from './synthetic-portfolio';

/** The company's national hotlines, printed on every policy (Art. 14). */
export const DEMO_HOTLINES = { complaintHotline: '95500', claimReportHotline: '400-820-5500' } as const;

/**
 * A number in [0, 1) from the loan number and the seed alone (a small integer hash), so the
 * policies take nothing from the book's random stream: adding them left every other record
 * of a seed as it was.
 */
function draw(seed: number, loanNumber: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(loanNumber, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * The policy of one generated loan (each loan has its own policyId): about 85% guarantee
 * insurance and 15% credit insurance; about 95% of obligors authorised credit reporting; a
 * deductible on about a quarter; penalty interest covered on about a third; the loan's claim point.
 */
export function syntheticPolicy(
  seed: number,
  loanNumber: number,
  loan: { policyId: string; orgUnit: string; claimPointDays: number; funderId?: string; principalCents: number },
): SyntheticRecord {
  const deductible = draw(seed, loanNumber, 3) < 0.25;
  return {
    kind: 'policies',
    policyId: loan.policyId,
    orgUnit: loan.orgUnit,
    insuranceType: draw(seed, loanNumber, 1) < 0.85 ? 'guarantee' : 'credit',
    // The online platforms' funders insure their own loans; the other loans are the bank's, insured per unit.
    insuredId: loan.funderId ?? `FUNDER-BANK-${loan.orgUnit}`,
    claimPointDays: loan.claimPointDays,
    coversInterest: true,
    coversPenaltyInterest: draw(seed, loanNumber, 4) < 0.33,
    // 1% of the principal, in whole yuan, where the clause has one.
    deductible: deductible ? Math.max(100, Math.round(loan.principalCents / 10_000)) : 0,
    ...DEMO_HOTLINES,
    creditReportingAuthorised: draw(seed, loanNumber, 2) < 0.95,
  };
}
