import { Engine, type RuleProperties } from 'json-rules-engine';
import type { Facts, Rule, RuleEvent } from './rule-types';

/**
 * Runs rules through json-rules-engine itself, the reference semantics, with a new Engine per
 * run (run state lives on the instance). Events are reported in the compiled path's order:
 * rule priority, then listed order — the engine's own order within one priority follows promise
 * completion, an accident of condition-tree depth.
 */
export async function runWithJsonRulesEngine(rules: readonly Rule[], facts: Facts, createEngine: () => Engine): Promise<RuleEvent[]> {
  return sequentialReferenceRunner(rules, createEngine)(facts);
}

/**
 * One engine for many runs, for callers that await each run before starting the next (tests
 * and benchmarks); concurrent runs on one engine lose events, so never share it otherwise.
 * A failed run keeps evaluating its remaining priority tiers after rejecting and then marks the
 * engine finished, which would cut a later run short: an engine that failed is replaced.
 */
export function sequentialReferenceRunner(rules: readonly Rule[], createEngine: () => Engine): (facts: Facts) => Promise<RuleEvent[]> {
  const build = () => {
    const engine = createEngine();
    rules.forEach((rule, index) => engine.addRule({ ...(structuredClone(rule) as unknown as RuleProperties), name: `rule-${index}` }));
    return engine;
  };
  let engine = build();
  return async (facts) => {
    try {
      return orderEvents((await engine.run(facts)).results);
    } catch (error) {
      engine = build();
      throw error;
    }
  };
}

function orderEvents(results: Awaited<ReturnType<Engine['run']>>['results']): RuleEvent[] {
  return results
    .map((result) => ({ index: Number(String(result.name).slice('rule-'.length)), priority: result.priority ?? 1, event: result.event as RuleEvent }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .map(({ event }) => event);
}
