import type { LoanFacts, ObligorFacts, PortfolioMetrics, RollRateMatrix, VintageCurves } from '../generated/schema-types';
import { yuanFromCents } from '../ground/money';
import { monthText } from '../ground/calendar';
import type { ObligorFactFigures } from './obligor-facts';
import type { MonthFigures } from './portfolio-month';
import type { RollRow } from './roll-rates';
import type { VintageCurve } from './vintages';

// Internally cents; at the edge yuan with two decimals.
const FACT_MONEY = ['loanAmount', 'repaidAmount', 'overdueAmount', 'remainingPrincipal', 'm1Principal', 'm2Principal', 'm3Principal'] as const;
const MONTH_MONEY = [
  'loanAmount',
  'remainingPrincipal',
  'm0Principal',
  'm1Principal',
  'm2Principal',
  'm3Principal',
  'over180Principal',
  'claimsPaid',
  'recoveries',
  'premiumIncome',
  'premiumReceivable',
  'retainedLiability',
] as const;

function inYuan<T extends object>(figures: T, fields: readonly string[]): T {
  const converted = { ...figures } as Record<string, unknown>;
  for (const field of fields) converted[field] = yuanFromCents(converted[field] as number);
  return converted as T;
}

export function toObligorFactsView(obligorId: string, asOf: string, figures: ObligorFactFigures): ObligorFacts {
  return {
    obligorId,
    asOf,
    facts: inYuan(figures.facts, FACT_MONEY) as ObligorFacts['facts'],
    loans: figures.loans.map((loan) => ({ loanId: loan.loanId, facts: inYuan(loan.facts, FACT_MONEY) as LoanFacts })),
  };
}

export function toPortfolioMetricsView(figures: MonthFigures): PortfolioMetrics {
  return inYuan(figures, MONTH_MONEY) as PortfolioMetrics;
}

export function toVintageView(from: string, to: string, threshold: number, asOf: string, curves: VintageCurve[]): VintageCurves {
  return {
    from,
    to,
    threshold,
    asOf,
    vintages: curves.map((curve) => ({
      vintage: monthText(curve.vintageIndex),
      loanCount: curve.loanCount,
      disbursedPrincipal: yuanFromCents(curve.disbursedCents),
      curve: curve.shares.map((share, monthOnBook) => ({ monthOnBook, share })),
    })),
  };
}

export function toRollRateView(month: string, previousMonth: string, rows: RollRow[]): RollRateMatrix {
  return {
    month,
    previousMonth,
    buckets: ['M0', 'M1', 'M2', 'M3', 'over180', 'claimed', 'settled'],
    rows: rows.map((row) => ({ from: row.from, loanCount: row.loanCount, principal: yuanFromCents(row.principalCents), to: row.to })),
  };
}
