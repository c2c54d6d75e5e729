import type { DecisionEvent } from '../../engine/evaluate';
import type { AgencyKind } from '../../generated/schema-types';
import type { KindRank, ScorecardComponents } from './scorecard-arithmetic';

export type AssessmentLevel = 'A' | 'B' | 'C' | 'D' | 'unrated';
export type AssessmentMeasure = 'reduce-placements' | 'suspend' | 'terminate';
const MEASURE_ORDER: AssessmentMeasure[] = ['reduce-placements', 'suspend', 'terminate'];

/**
 * The one mapping from a scorecard to vendor.assessment facts (schemas/rulesets/facts/vendor-assessment-facts.json).
 * An unknown component or rate is left out, so the rules see it as missing (a condition on it is false), never as 0.
 */
export function assessmentFacts(input: {
  agencyId: string;
  agencyKind: AgencyKind;
  month: string;
  card: ScorecardComponents;
  rank: KindRank | null;
}): Record<string, unknown> {
  const { card, rank } = input;
  const facts: Record<string, unknown> = { agencyId: input.agencyId, agencyKind: input.agencyKind, month: input.month };
  const put = (name: string, value: number | boolean | null | undefined) => {
    if (value !== null && value !== undefined) facts[name] = value;
  };
  put('score', card.score);
  put('complianceScore', card.compliance.score);
  put('complaintsScore', card.complaints.score);
  put('recoveryScore', card.recovery.score);
  put('cooperationScore', card.cooperation.score);
  put('findingsPerThousandActivities', card.compliance.findingsPerThousandActivities);
  put('gateBlocksPerThousandChecks', card.compliance.gateBlocksPerThousandChecks);
  put('highSeverityFindings', card.compliance.highSeverityFindings);
  put('complaintsPerThousandCases', card.complaints.complaintsPerThousandCases);
  put('recoveryRate', card.recovery.recoveryRate);
  put('averageResponseHours', card.cooperation.averageResponseHours);
  put('dataCompleteness', card.cooperation.dataCompleteness);
  put('cooperationRating', card.cooperation.rating);
  if (rank) {
    put('activeAgenciesOfKind', rank.activeOfKind);
    put('rankWithinKind', rank.rank);
    put('worstOfKind', rank.worst);
  }
  return facts;
}

/** The level (the one level rule that fired; unrated when none did) and the measures of the events, in a fixed order. */
export function assessmentOutcome(events: readonly Pick<DecisionEvent, 'type' | 'params'>[]): {
  level: AssessmentLevel;
  measures: AssessmentMeasure[];
  reasons: string[];
} {
  let level: AssessmentLevel = 'unrated';
  const measures = new Set<AssessmentMeasure>();
  const reasons: string[] = [];
  for (const event of events) {
    if (event.type !== 'assessment') continue;
    const params = (event.params ?? {}) as { level?: AssessmentLevel; measure?: string; reasons?: string[] };
    if (params.level) level = params.level;
    if (params.measure && params.measure !== 'none') measures.add(params.measure as AssessmentMeasure);
    reasons.push(...(params.reasons ?? []));
  }
  return { level, measures: MEASURE_ORDER.filter((measure) => measures.has(measure)), reasons };
}
