import { compileRules, type CompiledRuleSet } from './compiled/compile-rules';
import type { Rule } from './compiled/rule-types';
import { decisionEvent, evaluateWithEngine, type DecisionEvent, type EvaluationOutcome, type Facts } from './evaluate';
import { JsonRulesEngineEvaluator, type RuleRunner, type RuleSetEvaluator } from './evaluator';
import { missingFacts } from './missing-facts';
import type { ParameterOverlay } from './parameters';
import { platformSemantics } from './platform-engine';
import type { PreparableVersion, PreparedRuleSet } from './prepare';

/**
 * Evaluates with rules compiled to plain closures (see compiled/compile-rules.ts): the same
 * decisions as json-rules-engine, hundreds of times faster. A prepared version is compiled once
 * and kept beside it; explanations still come from json-rules-engine, which records each
 * condition's fact value and result as it goes.
 */
export class CompiledEvaluator implements RuleSetEvaluator {
  private readonly preparer = new JsonRulesEngineEvaluator();
  private readonly compiled = new WeakMap<PreparedRuleSet, CompiledRuleSet<DecisionEvent>>();
  private readonly semantics = platformSemantics();

  /**
   * Throws RuleCompilationError for a version the compiler refuses: every path that stores a version (drafts, submission,
   * publication, rollback, the seed) refuses those first, and overlays change parameter values only, which the compiler
   * takes as data.
   */
  prepare(version: PreparableVersion, overlays: readonly ParameterOverlay[] = []): PreparedRuleSet {
    const prepared = this.preparer.prepare(version, overlays);
    this.compiledOf(prepared);
    return prepared;
  }

  evaluate(prepared: PreparedRuleSet, facts: Facts, options: { explain?: boolean } = {}): Promise<EvaluationOutcome> {
    if (options.explain) return evaluateWithEngine(prepared, facts, options);
    try {
      const events = this.compiledOf(prepared).run(facts);
      return Promise.resolve({ events, missingFacts: missingFacts(prepared, facts, events) });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The compiled function itself, for batch work over whole books: look it up once, call it per obligor, no promise in between. */
  runner(prepared: PreparedRuleSet): RuleRunner {
    return this.compiledOf(prepared).run;
  }

  /** Synchronous evaluation of one fact set (benchmarks). */
  evaluateNow(prepared: PreparedRuleSet, facts: Facts): DecisionEvent[] {
    return this.compiledRunner(prepared)(facts);
  }

  /** The compiled function, typed as synchronous (benchmarks). */
  compiledRunner(prepared: PreparedRuleSet): (facts: Facts) => DecisionEvent[] {
    return this.compiledOf(prepared).run;
  }

  private compiledOf(prepared: PreparedRuleSet): CompiledRuleSet<DecisionEvent> {
    let compiled = this.compiled.get(prepared);
    if (!compiled) {
      compiled = compileRules(prepared.rules as unknown as Rule[], this.semantics, (event, rule) => decisionEvent(event, rule.name));
      this.compiled.set(prepared, compiled);
    }
    return compiled;
  }
}
