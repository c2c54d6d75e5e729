import { DEFAULT_SCORE_WEIGHTS, type ScoreWeights } from './compliance-score';

/**
 * The compliance score's weights from COLLECTION_QA_SCORE_WEIGHTS, JSON with any of the defaults'
 * fields, e.g. `{"severity":{"critical":40},"coverage":30}`; absent: the defaults. A bad value
 * stops the start with the reason (a score computed with weights nobody chose is worse than none).
 */
export function scoreWeightsFrom(env: Record<string, string | undefined>): ScoreWeights {
  const raw = env.COLLECTION_QA_SCORE_WEIGHTS;
  if (!raw) return DEFAULT_SCORE_WEIGHTS;
  let parsed: Partial<ScoreWeights>;
  try {
    parsed = JSON.parse(raw) as Partial<ScoreWeights>;
  } catch {
    throw new Error('COLLECTION_QA_SCORE_WEIGHTS must be JSON, e.g. {"coverage":30}');
  }
  const weights: ScoreWeights = {
    severity: { ...DEFAULT_SCORE_WEIGHTS.severity, ...(parsed.severity ?? {}) },
    findings: parsed.findings ?? DEFAULT_SCORE_WEIGHTS.findings,
    coverage: parsed.coverage ?? DEFAULT_SCORE_WEIGHTS.coverage,
    gateBlocksPer100: parsed.gateBlocksPer100 ?? DEFAULT_SCORE_WEIGHTS.gateBlocksPer100,
  };
  const values = [...Object.values(weights.severity), weights.findings, weights.coverage, weights.gateBlocksPer100];
  if (values.some((value) => typeof value !== 'number' || !Number.isFinite(value) || value < 0))
    throw new Error('COLLECTION_QA_SCORE_WEIGHTS: every weight must be a number of 0 or more');
  return weights;
}
