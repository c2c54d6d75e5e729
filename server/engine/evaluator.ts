import type { ParameterOverlay } from './parameters';
import { evaluateWithEngine, type EvaluationOutcome, type Facts } from './evaluate';
import { prepareRuleSet, preparedCacheKey, type PreparableVersion, type PreparedRuleSet } from './prepare';

/**
 * The seam between the platform and whatever runs rules. Issue 5 adds a compiled
 * implementation behind the same two calls; callers never see which one ran.
 */
export interface RuleSetEvaluator {
  /** Cached per version hash (and overlays): preparing is paid once per published version. */
  prepare(version: PreparableVersion, overlays?: readonly ParameterOverlay[]): PreparedRuleSet;
  evaluate(prepared: PreparedRuleSet, facts: Facts, options?: { explain?: boolean }): Promise<EvaluationOutcome>;
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
}
