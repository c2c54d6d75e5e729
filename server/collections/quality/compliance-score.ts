import type { FindingSeverity } from '../../generated/schema-types';

/** What the score is computed from, per team, agent or agency over a period (the KPI counters). */
export interface ComplianceCounts {
  /** Activities recorded by the actor in the period (seen by the sampling job). */
  activities: number;
  /** Of them, sampled for review. */
  sampled: number;
  /** Of the sampled, reviewed (clean or with a finding). */
  reviewed: number;
  /** QA-review findings by severity. */
  findings: Record<FindingSeverity, number>;
  /** Contacts the gate blocked for the actor. */
  gateBlocks: number;
}

/**
 * The weights of the compliance score (settings: COLLECTION_QA_SCORE_WEIGHTS). A finding costs
 * `severity[s] x findings` points per 100 reviewed samples; unreviewed samples cost `coverage`
 * times the share unreviewed; gate blocks cost `gateBlocksPer100` per block per 100 activities.
 */
export interface ScoreWeights {
  severity: Record<FindingSeverity, number>;
  findings: number;
  coverage: number;
  gateBlocksPer100: number;
}

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  severity: { low: 1, medium: 3, high: 10, critical: 25 },
  findings: 1,
  coverage: 20,
  gateBlocksPer100: 5,
};

export interface ComplianceScore {
  /** 0-100, one decimal; null when nothing was sampled (an actor is never ranked on nothing). */
  score: number | null;
  /** The parts, so a reader sees why: points lost to findings, to unreviewed samples, to gate blocks. */
  penalties: { findings: number; coverage: number; gateBlocks: number };
  coverage: number | null;
}

/**
 * The compliance score: 100 less the weighted findings per 100 reviews, less the share of samples
 * not reviewed, less the gate blocks per 100 activities; never below 0. Amount recovered is not an
 * input: a ranking of collectors shows this score beside whatever it ranks by.
 */
export function complianceScore(counts: ComplianceCounts, weights: ScoreWeights): ComplianceScore {
  if (counts.sampled <= 0) return { score: null, penalties: { findings: 0, coverage: 0, gateBlocks: 0 }, coverage: null };
  const points = (Object.keys(weights.severity) as FindingSeverity[]).reduce(
    (sum, severity) => sum + (counts.findings[severity] ?? 0) * weights.severity[severity],
    0,
  );
  const coverage = Math.min(1, counts.reviewed / counts.sampled);
  const penalties = {
    findings: counts.reviewed > 0 ? (weights.findings * 100 * points) / counts.reviewed : 0,
    coverage: weights.coverage * (1 - coverage),
    gateBlocks: counts.activities > 0 ? (weights.gateBlocksPer100 * 100 * counts.gateBlocks) / counts.activities : 0,
  };
  const score = Math.max(0, 100 - penalties.findings - penalties.coverage - penalties.gateBlocks);
  return { score: Math.round(score * 10) / 10, penalties: roundAll(penalties), coverage: Math.round(coverage * 1000) / 1000 };
}

function roundAll<T extends Record<string, number>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.round(value * 10) / 10])) as T;
}
