import type { ParameterOverlay } from './parameters';
import { evaluateWithEngine, type DecisionEvent, type EvaluationOutcome, type Facts } from './evaluate';
import { prepareRuleSet, preparedCacheKey, type PreparableVersion, type PreparedRuleSet } from './prepare';

/**
 * A prepared version as a function of the facts, for loops over many subjects (jobs). Compiled
 * rules answer at once, json-rules-engine with a promise; callers `await` either the same way.
 * Answering an array rather than a promise spares the compiled path a promise per subject.
 */
export type RuleRunner = (facts: Facts) => DecisionEvent[] | Promise<DecisionEvent[]>;

/** A prepared version with its runner: what a job resolves once per unit and business, then runs per subject. */
export interface PreparedRunner {
  prepared: PreparedRuleSet;
  run: RuleRunner;
}

/**
 * The seam between the platform and whatever runs rules: json-rules-engine, or rules compiled
 * to closures (compiled-evaluator.ts); callers never see which one ran.
 */
export interface RuleSetEvaluator {
  /** Cached per version hash (and overlays): preparing is paid once per published version. */
  prepare(version: PreparableVersion, overlays?: readonly ParameterOverlay[]): PreparedRuleSet;
  evaluate(prepared: PreparedRuleSet, facts: Facts, options?: { explain?: boolean }): Promise<EvaluationOutcome>;
  /** The events only (no missing facts, no explanation), looked up once and called per subject. */
  runner(prepared: PreparedRuleSet): RuleRunner;
}

const CACHE_LIMIT = 256;

export class JsonRulesEngineEvaluator implements RuleSetEvaluator {
  private readonly cache = new Map<string, PreparedRuleSet>();

  prepare(version: PreparableVersion, overlays: readonly ParameterOverlay[] = []): PreparedRuleSet {
    // The same hash can belong to several versions (a rollback); the key and number vary.
    const cacheKey = `${version.key}@${version.version}|${preparedCacheKey(version.hash, overlays)}`;
    let prepared = this.cache.get(cacheKey);
    if (!prepared) {
      prepared = prepareRuleSet(version, overlays);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(cacheKey, prepared);
    }
    return prepared;
  }

  evaluate(prepared: PreparedRuleSet, facts: Facts, options: { explain?: boolean } = {}): Promise<EvaluationOutcome> {
    return evaluateWithEngine(prepared, facts, options);
  }

  runner(prepared: PreparedRuleSet): RuleRunner {
    return async (facts) => (await evaluateWithEngine(prepared, facts)).events;
  }
}
