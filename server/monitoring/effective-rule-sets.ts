import { CompiledEvaluator } from '../engine/compiled-evaluator';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { ParameterOverlay } from '../engine/parameters';
import type { PreparedRuleSet } from '../engine/prepare';
import type { ActiveVersions } from '../rulesets/active-versions';

/**
 * The rule set a unit evaluates: HQ's published version plus the overlays of the unit's path
 * (delegated authority). The authority module provides the real one; this is the seam.
 */
export interface EffectiveRuleSets {
  prepared(key: string, orgUnit: string): Promise<{ prepared: PreparedRuleSet; overlays: readonly ParameterOverlay[] }>;
}

/** Until delegated authority is merged: every unit evaluates HQ's version in force, without overlays. */
export class HeadOfficeRuleSets implements EffectiveRuleSets {
  constructor(private readonly active: ActiveVersions) {}

  async prepared(key: string): Promise<{ prepared: PreparedRuleSet; overlays: readonly ParameterOverlay[] }> {
    return { prepared: (await this.active.prepared(key)).prepared, overlays: [] };
  }
}

export type RuleRunner = (facts: Facts) => DecisionEvent[] | Promise<DecisionEvent[]>;

/**
 * The effective rule set of each unit, resolved once per job run (a run evaluates one
 * consistent set of versions even if a publication lands meanwhile), as the compiled function
 * itself for batch loops when the compiled path is on.
 */
export class RunRules {
  private readonly cache = new Map<string, Promise<{ prepared: PreparedRuleSet; run: RuleRunner }>>();

  constructor(
    private readonly ruleSets: EffectiveRuleSets,
    private readonly evaluator: RuleSetEvaluator,
  ) {}

  forUnit(key: string, orgUnit: string): Promise<{ prepared: PreparedRuleSet; run: RuleRunner }> {
    const cacheKey = `${key}|${orgUnit}`;
    let entry = this.cache.get(cacheKey);
    if (!entry) {
      entry = this.ruleSets.prepared(key, orgUnit).then(({ prepared }) => ({
        prepared,
        run: this.evaluator instanceof CompiledEvaluator ? this.evaluator.runner(prepared) : async (facts: Facts) => (await this.evaluator.evaluate(prepared, facts)).events,
      }));
      this.cache.set(cacheKey, entry);
    }
    return entry;
  }
}
