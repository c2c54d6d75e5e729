import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { RuleRunner, RuleSetEvaluator } from '../engine/evaluator';
import { referencedFacts } from '../engine/missing-facts';
import type { PreparedRuleSet } from '../engine/prepare';
import type { Business, RunRules } from '../monitoring/effective-rule-sets';

/** The rank of a warning level, as the grid stores it: 0 none, 1 yellow, 2 orange, 3 red. */
const RANK: Readonly<Record<string, number>> = { yellow: 1, orange: 2, red: 3 };

/** The most severe warning among the events, as a rank. */
export function warningRank(events: readonly DecisionEvent[]): number {
  let rank = 0;
  for (const event of events) {
    if (event.type !== 'warning') continue;
    const here = RANK[event.params?.level as string] ?? 0;
    if (here > rank) rank = here;
  }
  return rank;
}

/**
 * What a unit evaluates under every version compared. A warning level is the most severe of the rules that fire, and rules
 * do not see each other, so the rules every version has alike are evaluated once per subject and month-end (`shared`) and
 * only each version's own rules apart: a draft that changes one threshold costs one rule more, not a second evaluation.
 */
export interface UnitRunners {
  shared: RuleRunner | null;
  own: (RuleRunner | null)[];
  /** Per version, the facts its whole rule set references (for the missing facts count). */
  referenced: string[][];
}

/** The compiled rule sets of each unit and business under each version, resolved once per run and then looked up in place. */
export class BacktestEvaluation {
  private readonly units = new Map<string, UnitRunners>();
  /** Per version, how many evaluations lacked each referenced fact. */
  readonly missing: Map<string, number>[];
  readonly evaluations: number[];

  constructor(
    private readonly rules: readonly RunRules[],
    private readonly evaluator: RuleSetEvaluator,
    /** The family evaluated: obligor warnings, or portfolio warnings per segment. */
    private readonly key: 'warning.obligor' | 'warning.portfolio' = 'warning.obligor',
  ) {
    this.missing = rules.map(() => new Map<string, number>());
    this.evaluations = rules.map(() => 0);
  }

  /** The unit's runners when already resolved (no promise per subject on the hot path). */
  cached(orgUnit: string, business: Business): UnitRunners | undefined {
    return this.units.get(unitKey(orgUnit, business));
  }

  async resolve(orgUnit: string, business: Business): Promise<UnitRunners> {
    const key = unitKey(orgUnit, business);
    const known = this.units.get(key);
    if (known) return known;
    const prepared = await Promise.all(this.rules.map(async (rules) => (await rules.forUnit(this.key, orgUnit, business)).prepared));
    const runners = this.split(prepared);
    this.units.set(key, runners);
    return runners;
  }

  /**
   * Each version's rank for one subject's facts into `ranks`; a promise only when a runner answers with one (json-rules-engine),
   * so the compiled evaluator's loop stays synchronous.
   */
  levels(runners: UnitRunners, facts: Facts, ranks: Int8Array): void | Promise<void> {
    const shared = runners.shared ? runners.shared(facts) : [];
    if (shared instanceof Promise) return shared.then((events) => this.ownLevels(runners, facts, ranks, warningRank(events)));
    return this.ownLevels(runners, facts, ranks, warningRank(shared));
  }

  private ownLevels(runners: UnitRunners, facts: Facts, ranks: Int8Array, sharedRank: number): void | Promise<void> {
    let pending: Promise<void> | undefined;
    for (let version = 0; version < runners.own.length; version++) {
      this.count(version, runners.referenced[version]!, facts);
      const run = runners.own[version];
      const events = run ? run(facts) : [];
      if (events instanceof Promise) {
        const set = events.then((list) => {
          ranks[version] = Math.max(sharedRank, warningRank(list));
        });
        pending = pending ? pending.then(() => set) : set;
      } else ranks[version] = Math.max(sharedRank, warningRank(events));
    }
    return pending;
  }

  private count(version: number, names: readonly string[], facts: Facts): void {
    this.evaluations[version]!++;
    const counts = this.missing[version]!;
    for (const name of names) if (facts[name] === undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  private split(prepared: PreparedRuleSet[]): UnitRunners {
    const keysOf = prepared.map((entry) => entry.rules.map((rule) => JSON.stringify(rule)));
    const sharedKeys = new Set(keysOf[0]!.filter((key) => keysOf.every((keys) => keys.includes(key))));
    const runner = (entry: PreparedRuleSet, pick: (key: string) => boolean, keys: string[]): RuleRunner | null => {
      const rules = entry.rules.filter((_, index) => pick(keys[index]!));
      // A prepared rule set of the chosen rules only; the evaluator compiles it once (kept by this object).
      return rules.length === 0 ? null : this.evaluator.runner({ ...entry, rules });
    };
    return {
      shared: runner(prepared[0]!, (key) => sharedKeys.has(key), keysOf[0]!),
      own: prepared.map((entry, version) => runner(entry, (key) => !sharedKeys.has(key), keysOf[version]!)),
      referenced: prepared.map((entry) => referencedFacts(entry.rules)),
    };
  }
}

function unitKey(orgUnit: string, business: Business): string {
  return `${orgUnit}|${business.product ?? ''}|${business.channel ?? ''}`;
}
