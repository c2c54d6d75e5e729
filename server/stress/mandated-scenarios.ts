import type { DecisionEvent } from '../engine/evaluate';
import { resolveParameters, substituteParameters } from '../engine/parameters';
import type { RuleSetVersion } from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import type { CapitalMeasure } from './stress-arithmetic';

/** A scenario as the stress.scenario rules raise it (schemas/rulesets/events/stress-scenario-event.json). */
interface ScenarioParams {
  id: string;
  label: string;
  kind: 'liquidity' | 'solvency';
  premiumIncomeChangePercent?: number;
  combinedLossRatioChangePoints?: number;
  annualizedLossRatePercent?: number;
}

/** A scenario of a run, rates in basis points; `mandated` names the guideline's scenario it is, if any. */
export interface StressScenario {
  id: string;
  label: string;
  kind: 'liquidity' | 'solvency';
  premiumIncomeChangeBp: number;
  combinedLossRatioChangeBp: number;
  annualizedLossRateBp: number;
  mandated: string | null;
}

export interface StressThreshold {
  id: string;
  label: string;
  capital: CapitalMeasure;
  minimumRatioBp: number;
}

/**
 * The seven scenarios Art. 33 names. A scenario of the set is one of them when its kind and figures are the same
 * (whatever its id or label), so changing a figure removes the named scenario rather than quietly redefining it.
 */
export const MANDATED_SCENARIOS: readonly (ScenarioParams & { id: string })[] = [
  { id: 'premium-25', label: '保费收入下降25% Premium income -25 %', kind: 'liquidity', premiumIncomeChangePercent: -25 },
  { id: 'premium-50', label: '保费收入下降50% Premium income -50 %', kind: 'liquidity', premiumIncomeChangePercent: -50 },
  { id: 'loss-ratio-10', label: '综合赔付率上升10个百分点 Combined loss ratio +10 points', kind: 'liquidity', combinedLossRatioChangePoints: 10 },
  { id: 'loss-ratio-20', label: '综合赔付率上升20个百分点 Combined loss ratio +20 points', kind: 'liquidity', combinedLossRatioChangePoints: 20 },
  { id: 'loss-rate-10', label: '年化损失率10% Annualized loss rate 10 %', kind: 'solvency', annualizedLossRatePercent: 10 },
  { id: 'loss-rate-15', label: '年化损失率15% Annualized loss rate 15 %', kind: 'solvency', annualizedLossRatePercent: 15 },
  { id: 'loss-rate-20', label: '年化损失率20% Annualized loss rate 20 %', kind: 'solvency', annualizedLossRatePercent: 20 },
];

const bp = (percent: number | undefined): number => Math.round((percent ?? 0) * 100);

function toScenario(params: ScenarioParams): StressScenario {
  const scenario = {
    id: params.id,
    label: params.label,
    kind: params.kind,
    premiumIncomeChangeBp: bp(params.premiumIncomeChangePercent),
    combinedLossRatioChangeBp: bp(params.combinedLossRatioChangePoints),
    annualizedLossRateBp: bp(params.annualizedLossRatePercent),
  };
  const named = MANDATED_SCENARIOS.find((candidate) => sameShock(toShock(candidate), scenario));
  return { ...scenario, mandated: named?.id ?? null };
}

type Shock = Pick<StressScenario, 'kind' | 'premiumIncomeChangeBp' | 'combinedLossRatioChangeBp' | 'annualizedLossRateBp'>;

function toShock(params: ScenarioParams): Shock {
  return {
    kind: params.kind,
    premiumIncomeChangeBp: bp(params.premiumIncomeChangePercent),
    combinedLossRatioChangeBp: bp(params.combinedLossRatioChangePoints),
    annualizedLossRateBp: bp(params.annualizedLossRatePercent),
  };
}

function sameShock(left: Shock, right: Shock): boolean {
  return (
    left.kind === right.kind &&
    left.premiumIncomeChangeBp === right.premiumIncomeChangeBp &&
    left.combinedLossRatioChangeBp === right.combinedLossRatioChangeBp &&
    left.annualizedLossRateBp === right.annualizedLossRateBp
  );
}

/**
 * A run's scenarios and thresholds from the events the set raised: the named ones first in the guideline's order, then
 * the others as raised; `missing` lists named scenarios no rule raised (the run is refused then).
 */
export function scenarioSetOf(events: readonly DecisionEvent[]): {
  scenarios: StressScenario[];
  thresholds: StressThreshold[];
  missing: typeof MANDATED_SCENARIOS;
} {
  const raised = events.filter((event) => event.type === 'scenario').map((event) => toScenario(event.params as unknown as ScenarioParams));
  const named = MANDATED_SCENARIOS.map((mandated) => raised.find((scenario) => scenario.mandated === mandated.id));
  const scenarios = [...named.filter((scenario) => scenario !== undefined), ...raised.filter((scenario) => !named.includes(scenario))];
  const thresholds = events
    .filter((event) => event.type === 'threshold')
    .map((event) => {
      const params = event.params as { id: string; label: string; capital: CapitalMeasure; minimumRatioPercent: number };
      return { id: params.id, label: params.label, capital: params.capital, minimumRatioBp: bp(params.minimumRatioPercent) };
    });
  return { scenarios, thresholds, missing: MANDATED_SCENARIOS.filter((_mandated, index) => named[index] === undefined) };
}

/**
 * What validation adds for stress.scenario (server/rulesets/family-content.ts): every named scenario present, scenario
 * ids unique, at least one threshold. Field-level, at `<where>/rules`, each missing scenario named in `scenario`.
 */
export function scenarioSetProblems(ruleSet: RuleSetVersion, where: string): ErrorDetail[] {
  const parameters = resolveParameters(ruleSet.parameters);
  const events = ruleSet.rules.map((rule) => ({
    type: rule.event.type,
    params: substituteParameters(rule.event.params ?? {}, parameters) as Record<string, unknown>,
  }));
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  events.forEach((event, index) => {
    if (event.type !== 'scenario') return;
    const id = String(event.params.id);
    if (seen.has(id)) problems.push({ path: `${where}/rules/${index}/event/params/id`, message: `duplicate scenario id "${id}"` });
    seen.add(id);
    const params = event.params as unknown as ScenarioParams;
    const liquidity = params.premiumIncomeChangePercent !== undefined || params.combinedLossRatioChangePoints !== undefined;
    const solvency = params.annualizedLossRatePercent !== undefined;
    if (params.kind === 'liquidity' ? !liquidity || solvency : !solvency || liquidity)
      problems.push({
        path: `${where}/rules/${index}/event/params`,
        message:
          params.kind === 'liquidity'
            ? 'a liquidity scenario changes premiumIncomeChangePercent and/or combinedLossRatioChangePoints, not annualizedLossRatePercent'
            : 'a solvency scenario sets annualizedLossRatePercent only',
      });
  });
  for (const missing of scenarioSetOf(events).missing)
    problems.push({
      path: `${where}/rules`,
      message: `the scenario ${missing.id} (${missing.label}) that Art. 33 names is missing; it must stay in the set`,
      scenario: missing.id,
    });
  if (!events.some((event) => event.type === 'threshold'))
    problems.push({ path: `${where}/rules`, message: 'at least one solvency threshold (event threshold) is needed to judge the solvency scenarios' });
  return problems;
}
