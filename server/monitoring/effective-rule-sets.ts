import { HEAD_OFFICE } from '../authority/responsibility';
import type { PreparedRunner, RuleSetEvaluator } from '../engine/evaluator';
import type { PreparedRuleSet } from '../engine/prepare';
import { AppError } from '../http/errors';
import { trackFactSupply } from '../jobs/fact-supply';
import type { Logger } from '../logger';

/** The product and sales channel of the business: grants may be limited to some, and internet business is HQ's. */
export interface Business {
  product?: string;
  channel?: string;
}

/**
 * What monitoring needs of delegated authority: the rule set a unit evaluates (HQ's published
 * version plus the overlays on the unit's path). The authority module's EffectiveRuleSets is it.
 */
export interface UnitRuleSets {
  prepared(key: string, orgUnit: string, options?: { business?: Business }): Promise<{ prepared: PreparedRuleSet }>;
}

/**
 * The effective rule set of each unit (and business, where grants are limited to products or
 * channels), resolved once per job run so a run evaluates one consistent set of versions even if
 * a publication lands meanwhile, as the compiled function itself for batch loops. A unit the
 * org tree does not know (a branch named in imported data but never set up) evaluates HQ's
 * version: its business is still watched, and the run says how often that happened.
 */
export class RunRules {
  private readonly cache = new Map<string, Promise<PreparedRunner>>();
  readonly unknownUnits = new Set<string>();

  constructor(
    private readonly ruleSets: UnitRuleSets,
    private readonly evaluator: RuleSetEvaluator,
    private readonly logger?: Logger,
  ) {}

  forUnit(key: string, orgUnit: string, business: Business = {}): Promise<PreparedRunner> {
    const cacheKey = `${key}|${orgUnit}|${business.product ?? ''}|${business.channel ?? ''}`;
    let entry = this.cache.get(cacheKey);
    if (!entry) {
      entry = this.resolve(key, orgUnit, business).then((prepared) => ({
        prepared,
        // Within a job run, the run records which facts its rule sets read but never get (server/jobs/fact-supply.ts).
        run: trackFactSupply(prepared, this.evaluator.runner(prepared)),
      }));
      this.cache.set(cacheKey, entry);
    }
    return entry;
  }

  private async resolve(key: string, orgUnit: string, business: Business): Promise<PreparedRuleSet> {
    try {
      return (await this.ruleSets.prepared(key, orgUnit, { business })).prepared;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'unknown_org_unit') || orgUnit === HEAD_OFFICE) throw error;
      if (!this.unknownUnits.has(orgUnit)) this.logger?.warn({ orgUnit, key }, "org unit not in the org tree: evaluating with HQ's rule set");
      this.unknownUnits.add(orgUnit);
      return (await this.ruleSets.prepared(key, HEAD_OFFICE, { business })).prepared;
    }
  }
}

/** The business a monitored subject stands for. */
export function business(subject: { product: string | null; channel: string | null }): Business {
  return { ...(subject.product ? { product: subject.product } : {}), ...(subject.channel ? { channel: subject.channel } : {}) };
}
