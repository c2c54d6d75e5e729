import { compileRules, RuleCompilationError, type CompiledRuleSet } from './compiled/compile-rules';
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
  /** null: the compiler refused the version (stored before saving checked that); json-rules-engine runs it. */
  private readonly compiled = new WeakMap<PreparedRuleSet, CompiledRuleSet<DecisionEvent> | null>();
  private readonly semantics = platformSemantics();

  prepare(version: PreparableVersion, overlays: readonly ParameterOverlay[] = []): PreparedRuleSet {
    const prepared = this.preparer.prepare(version, overlays);
    if (!this.compiled.has(prepared)) this.compiled.set(prepared, this.compile(prepared));
    return prepared;
  }

  evaluate(prepared: PreparedRuleSet, facts: Facts, options: { explain?: boolean } = {}): Promise<EvaluationOutcome> {
    if (options.explain) return evaluateWithEngine(prepared, facts, options);
    const compiled = this.compiledOf(prepared);
    // A version the compiler refuses (stored before saving checked that) runs on json-rules-engine, with the same decisions.
    if (!compiled) return evaluateWithEngine(prepared, facts);
    try {
      const events = compiled.run(facts);
      return Promise.resolve({ events, missingFacts: missingFacts(prepared, facts, events) });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The compiled function itself, for batch work over whole books: look it up once, call it per
   * obligor, no promise in between. A version the compiler refuses runs on json-rules-engine, as in `evaluate`.
   */
  runner(prepared: PreparedRuleSet): RuleRunner {
    return this.compiledOf(prepared)?.run ?? this.preparer.runner(prepared);
  }

  /** Synchronous evaluation of one fact set (benchmarks); throws for a version the compiler refuses. */
  evaluateNow(prepared: PreparedRuleSet, facts: Facts): DecisionEvent[] {
    return this.compiledRunner(prepared)(facts);
  }

  /** The compiled function, typed as synchronous (benchmarks); throws for a version the compiler refuses. */
  compiledRunner(prepared: PreparedRuleSet): (facts: Facts) => DecisionEvent[] {
    const compiled = this.compiledOf(prepared);
    if (!compiled) throw new RuleCompilationError(`Version ${prepared.version} of ${prepared.key} cannot be compiled`);
    return compiled.run;
  }

  private compiledOf(prepared: PreparedRuleSet): CompiledRuleSet<DecisionEvent> | null {
    let compiled = this.compiled.get(prepared);
    if (compiled === undefined) {
      compiled = this.compile(prepared);
      this.compiled.set(prepared, compiled);
    }
    return compiled;
  }

  private compile(prepared: PreparedRuleSet): CompiledRuleSet<DecisionEvent> | null {
    try {
      return compileRules(prepared.rules as unknown as Rule[], this.semantics, (event, rule) => decisionEvent(event, rule.name));
    } catch (error) {
      // Saving, submitting and publishing refuse such versions now; one stored before still evaluates (see evaluate).
      if (error instanceof RuleCompilationError) return null;
      throw error;
    }
  }
}
