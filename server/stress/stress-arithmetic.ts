/**
 * The stress-test arithmetic of Art. 33, pure: integer cents in and out, rates in basis points (1 % = 100 bp; 10 points of
 * the combined loss ratio = 1,000 bp). Every product is rounded half away from zero to the cent, with BigInt in between so
 * no intermediate loses precision; solvency ratios are rounded down (prudence). The worked example is in
 * docs/stress-tests.md and test/unit/stress/stress-arithmetic.test.ts.
 */

/** One org unit's base period: the imported financials and capital figures, and the metric module's average retained liability. */
export interface StressInputs {
  premiumCollectedCents: number;
  recoveriesCents: number;
  reinsuranceRecoveriesCents: number;
  claimsPaidCents: number;
  expensesCents: number;
  cededPremiumCents: number;
  /** Tax on a positive operating flow, and the tax relief on a loss. */
  taxRateBp: number;
  actualCapitalCents: number;
  coreCapitalCents: number;
  minimumCapitalCents: number;
  averageRetainedLiabilityCents: number;
}

export interface LiquidityShock {
  id: string;
  /** -2,500 = premium income down 25 %. */
  premiumIncomeChangeBp: number;
  /** 1,000 = the combined loss ratio up 10 points, i.e. claims paid up by 10 % of the premium collected. */
  combinedLossRatioChangeBp: number;
}

export interface SolvencyShock {
  id: string;
  annualizedLossRateBp: number;
}

export type CapitalMeasure = 'core' | 'comprehensive';

export interface Threshold {
  id: string;
  /** core: core capital / minimum capital; comprehensive: actual capital / minimum capital. */
  capital: CapitalMeasure;
  minimumRatioBp: number;
}

export interface CashFlow {
  premiumCollectedCents: number;
  cededPremiumCents: number;
  claimsPaidCents: number;
  inflowCents: number;
  outflowCents: number;
  beforeTaxCents: number;
  taxCents: number;
  operatingCashFlowCents: number;
  /** Against the baseline. */
  changeCents: number;
}

export interface ThresholdOutcome extends Threshold {
  ratioBp: number;
  outcome: 'pass' | 'breach';
}

export interface SolvencyPosition {
  lossCents: number;
  taxReliefCents: number;
  lossAfterTaxCents: number;
  actualCapitalCents: number;
  coreCapitalCents: number;
  comprehensiveRatioBp: number;
  coreRatioBp: number;
  thresholds: ThresholdOutcome[];
}

const BP = 10_000;

/** value x numerator / denominator, rounded half away from zero; exact for any safe integers. */
export function multiplyRounded(value: number, numerator: number, denominator: number): number {
  const product = BigInt(value) * BigInt(numerator);
  const divisor = BigInt(denominator);
  const negative = product < 0n !== divisor < 0n;
  const magnitude = (abs(product) * 2n + abs(divisor)) / (abs(divisor) * 2n);
  return Number(negative ? -magnitude : magnitude);
}

/** value x numerator / denominator, rounded towards minus infinity. */
function multiplyFloor(value: number, numerator: number, denominator: number): number {
  const product = BigInt(value) * BigInt(numerator);
  const divisor = BigInt(denominator);
  const quotient = product / divisor;
  const inexact = quotient * divisor !== product;
  return Number(inexact && product < 0n !== divisor < 0n ? quotient - 1n : quotient);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/**
 * Operating cash flow of the horizon (the base period's flows repeated), under no shock and under each liquidity shock:
 * a premium change scales premium collected and ceded premium alike (the ceded share stays); loss-ratio points add that
 * share of the premium collected to claims paid, with no extra reinsurance recovery (prudence); tax at the rate on a
 * positive flow before tax, none on a negative one.
 */
export function liquidityFigures(inputs: StressInputs, shocks: readonly LiquidityShock[]): { baseline: CashFlow; scenarios: (CashFlow & { id: string })[] } {
  const flow = (shock: Omit<LiquidityShock, 'id'>, baselineCents: number): CashFlow => {
    const premiumCollectedCents = inputs.premiumCollectedCents + multiplyRounded(inputs.premiumCollectedCents, shock.premiumIncomeChangeBp, BP);
    const cededPremiumCents = inputs.cededPremiumCents + multiplyRounded(inputs.cededPremiumCents, shock.premiumIncomeChangeBp, BP);
    const claimsPaidCents = inputs.claimsPaidCents + multiplyRounded(inputs.premiumCollectedCents, shock.combinedLossRatioChangeBp, BP);
    const inflowCents = premiumCollectedCents + inputs.recoveriesCents + inputs.reinsuranceRecoveriesCents;
    const outflowCents = claimsPaidCents + inputs.expensesCents + cededPremiumCents;
    const beforeTaxCents = inflowCents - outflowCents;
    const taxCents = beforeTaxCents > 0 ? multiplyRounded(beforeTaxCents, inputs.taxRateBp, BP) : 0;
    const operatingCashFlowCents = beforeTaxCents - taxCents;
    return {
      premiumCollectedCents,
      cededPremiumCents,
      claimsPaidCents,
      inflowCents,
      outflowCents,
      beforeTaxCents,
      taxCents,
      operatingCashFlowCents,
      changeCents: operatingCashFlowCents - baselineCents,
    };
  };
  const unshocked = flow({ premiumIncomeChangeBp: 0, combinedLossRatioChangeBp: 0 }, 0);
  const baseline = { ...unshocked, changeCents: 0 };
  return { baseline, scenarios: shocks.map((shock) => ({ id: shock.id, ...flow(shock, baseline.operatingCashFlowCents) })) };
}

/**
 * The solvency position after a loss at each annualized loss rate: rate x average retained liability x horizon months / 12,
 * less the tax relief at the rate, taken off actual and core capital; minimum capital unchanged. Ratios in basis points,
 * rounded down; a threshold passes when the ratio is at least its minimum.
 */
export function solvencyFigures(
  inputs: StressInputs,
  horizonMonths: number,
  shocks: readonly SolvencyShock[],
  thresholds: readonly Threshold[],
): { baseline: SolvencyPosition; scenarios: (SolvencyPosition & { id: string })[] } {
  if (inputs.minimumCapitalCents <= 0) throw new RangeError('The minimum capital must be above zero for a solvency ratio');
  const position = (rateBp: number): SolvencyPosition => {
    const lossCents = multiplyRounded(inputs.averageRetainedLiabilityCents, rateBp * horizonMonths, BP * 12);
    const taxReliefCents = multiplyRounded(lossCents, inputs.taxRateBp, BP);
    const lossAfterTaxCents = lossCents - taxReliefCents;
    const actualCapitalCents = inputs.actualCapitalCents - lossAfterTaxCents;
    const coreCapitalCents = inputs.coreCapitalCents - lossAfterTaxCents;
    const comprehensiveRatioBp = multiplyFloor(actualCapitalCents, BP, inputs.minimumCapitalCents);
    const coreRatioBp = multiplyFloor(coreCapitalCents, BP, inputs.minimumCapitalCents);
    return {
      lossCents,
      taxReliefCents,
      lossAfterTaxCents,
      actualCapitalCents,
      coreCapitalCents,
      comprehensiveRatioBp,
      coreRatioBp,
      thresholds: thresholds.map((threshold) => {
        const ratioBp = threshold.capital === 'core' ? coreRatioBp : comprehensiveRatioBp;
        return { ...threshold, ratioBp, outcome: ratioBp >= threshold.minimumRatioBp ? 'pass' : 'breach' };
      }),
    };
  };
  return { baseline: position(0), scenarios: shocks.map((shock) => ({ id: shock.id, ...position(shock.annualizedLossRateBp) })) };
}
