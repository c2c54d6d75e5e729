import type { StressResult } from '../generated/schema-types';
import type { StressScenario, StressThreshold } from './mandated-scenarios';
import { liquidityFigures, solvencyFigures, type SolvencyPosition, type StressInputs } from './stress-arithmetic';

/**
 * A run's figures: each liquidity scenario with its cash flow and each solvency scenario with its position, in the set's
 * order (the seven named first); how many thresholds the solvency scenarios breach and the lowest scenario cash flow.
 */
export function stressFigures(
  inputs: StressInputs,
  horizonMonths: number,
  set: { scenarios: StressScenario[]; thresholds: StressThreshold[] },
): Pick<StressResult, 'liquidity' | 'solvency' | 'breaches' | 'worstOperatingCashFlowCents'> {
  const liquidityScenarios = set.scenarios.filter((scenario) => scenario.kind === 'liquidity');
  const solvencyScenarios = set.scenarios.filter((scenario) => scenario.kind === 'solvency');
  const cash = liquidityFigures(inputs, liquidityScenarios);
  const positions = solvencyFigures(inputs, horizonMonths, solvencyScenarios, set.thresholds);
  const labels = new Map(set.thresholds.map((threshold) => [threshold.id, threshold.label]));
  const labelled = (position: SolvencyPosition) => ({
    ...position,
    thresholds: position.thresholds.map((threshold) => ({ ...threshold, label: labels.get(threshold.id) ?? threshold.id })),
  });
  const liquidity = liquidityScenarios.map((scenario, index) => ({ ...scenario, ...cash.scenarios[index]!, id: scenario.id }));
  const solvency = solvencyScenarios.map((scenario, index) => ({ ...scenario, ...labelled(positions.scenarios[index]!), id: scenario.id }));
  return {
    liquidity: { baseline: cash.baseline, scenarios: liquidity },
    solvency: { baseline: labelled(positions.baseline), scenarios: solvency },
    breaches: solvency.reduce((count, scenario) => count + scenario.thresholds.filter((threshold) => threshold.outcome === 'breach').length, 0),
    worstOperatingCashFlowCents: Math.min(cash.baseline.operatingCashFlowCents, ...liquidity.map((scenario) => scenario.operatingCashFlowCents)),
  };
}
