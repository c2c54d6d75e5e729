import type { StressMetricFigures } from '../generated/schema-types';
import type { BookScope } from '../metrics/metric.service';
import type { PortfolioFacts } from '../generated/schema-types';
import { multiplyRounded } from './stress-arithmetic';
import type { StressPeriodInfo } from './stress-periods';

/** What the stress run reads of the metric module: a month's whole-book figures for a unit's share of the book. */
export interface MetricSource {
  portfolioFacts(month: string, groupBy: [], scope?: BookScope): Promise<PortfolioFacts>;
  dataCompleteThrough(): Promise<string | null>;
}

const cents = (yuan: number): number => Math.round(yuan * 100);

/**
 * The metric module's figures of a unit's book over the base period: each month-end retained liability (unpaid principal of
 * unclaimed loans x retention share) and their average, which the solvency scenarios apply the annualized loss rate to;
 * premium income, claims paid and recoveries summed, and the last month's annualized loss rate, shown beside the scenarios.
 */
export async function metricFigures(
  metrics: MetricSource,
  period: StressPeriodInfo,
  scope: BookScope | undefined,
): Promise<StressMetricFigures & { averageRetainedLiabilityCents: number }> {
  const months = [];
  for (const month of period.months) months.push((await metrics.portfolioFacts(month, [], scope)).total.metrics);
  const retainedLiabilityCents = months.map((figures) => cents(figures.retainedLiability));
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    months: period.months,
    retainedLiabilityCents,
    averageRetainedLiabilityCents: multiplyRounded(sum(retainedLiabilityCents), 1, retainedLiabilityCents.length),
    premiumIncomeCents: sum(months.map((figures) => cents(figures.premiumIncome))),
    claimsPaidCents: sum(months.map((figures) => cents(figures.claimsPaid))),
    recoveriesCents: sum(months.map((figures) => cents(figures.recoveries))),
    annualizedLossRate: months.at(-1)?.annualizedLossRate ?? null,
    dataCompleteThrough: await metrics.dataCompleteThrough(),
  };
}
