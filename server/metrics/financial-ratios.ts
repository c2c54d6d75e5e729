import { monthText } from '../ground/calendar';
import type { GroupDimension } from './segments';

/** Monthly financial figures in cents; orgUnit absent means the company as a whole. */
export interface FinancialsInput {
  month: string;
  orgUnit?: string;
  earnedPremium: number;
  claimsPaid: number;
  recoveries: number;
  cededClaimsRecovered: number;
  assumedClaimsPaid: number;
  outstandingClaimReserveProvision: number;
  cededReserveRecovered: number;
  operatingExpenses: number;
  cededExpensesRecovered: number;
  commissions: number;
  reinsuranceExpenses: number;
  taxesAndSurcharges: number;
}

export interface CombinedRatios {
  combinedLossRatio: number | null;
  combinedExpenseRatio: number | null;
}

const NONE: CombinedRatios = { combinedLossRatio: null, combinedExpenseRatio: null };

/**
 * Combined ratios come from the accounts, which exist per org unit and for the company, so a
 * segment gets them only when grouped by org unit alone. The total uses the company row, or the
 * sum of the org-unit rows when there is no company row.
 */
export function combinedRatios(
  financials: readonly FinancialsInput[],
  monthIndex: number,
  groupBy: readonly GroupDimension[],
  segment: Record<string, string> | undefined,
): CombinedRatios {
  const month = monthText(monthIndex);
  const ofMonth = financials.filter((row) => row.month === month);
  if (segment !== undefined) {
    if (groupBy.length !== 1 || groupBy[0] !== 'orgUnit') return NONE;
    const row = ofMonth.find((candidate) => candidate.orgUnit === segment.orgUnit);
    return row ? ratiosOf(row) : NONE;
  }
  const company = ofMonth.find((row) => row.orgUnit === undefined);
  if (company) return ratiosOf(company);
  if (ofMonth.length === 0) return NONE;
  const summed = { ...ofMonth[0]! };
  for (const row of ofMonth.slice(1))
    for (const key of Object.keys(summed) as (keyof FinancialsInput)[]) if (typeof row[key] === 'number') (summed[key] as number) += row[key] as number;
  return ratiosOf(summed);
}

export function ratiosOf(row: FinancialsInput): CombinedRatios {
  if (row.earnedPremium === 0) return NONE;
  const losses =
    row.claimsPaid - row.recoveries - row.cededClaimsRecovered + row.assumedClaimsPaid + row.outstandingClaimReserveProvision - row.cededReserveRecovered;
  const expenses = row.operatingExpenses - row.cededExpensesRecovered + row.commissions + row.reinsuranceExpenses + row.taxesAndSurcharges;
  return { combinedLossRatio: losses / row.earnedPremium, combinedExpenseRatio: expenses / row.earnedPremium };
}
