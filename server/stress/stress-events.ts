import type { PlatformEvent, PlatformEventType } from '../events/platform-events';
import type { StressResultRecord } from './stress-result.store';

/**
 * A stress-test.* event (schemas/webhooks/webhook-stress-test-data.json): the result's id, unit, periods, scenario set
 * version and outcome; no person (not even who ran or approved it), no obligor. The id names the result and the type, so
 * each is delivered once.
 */
export function stressEvent(type: PlatformEventType, record: StressResultRecord, at: Date): PlatformEvent {
  return {
    id: `${type}:${record._id}`,
    type,
    orgUnit: record.orgUnit,
    occurredAt: at,
    data: {
      resultId: record._id,
      orgUnit: record.orgUnit,
      period: record.period,
      horizon: record.horizon,
      horizonPeriod: record.horizonPeriod,
      status: record.status,
      scenarioSet: { key: record.scenarioSet.key, version: record.scenarioSet.version },
      scenarios: record.liquidity.scenarios.length + record.solvency.scenarios.length,
      breaches: record.breaches,
      worstOperatingCashFlow: record.worstOperatingCashFlowCents / 100,
    },
  };
}
