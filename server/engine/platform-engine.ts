import { Engine, type RuleProperties } from 'json-rules-engine';
import type { EngineSemantics, OperatorLike } from './compiled/rule-types';
import { resolveFactPath } from './fact-path';
import { registerOperators } from './operators';

/**
 * json-rules-engine's options on this platform: an absent fact is undefined, never an error, and
 * fact paths are walked by `resolveFactPath` (simple paths only), never by jsonpath-plus, whose
 * filter expressions would run text from a rule (fact-path.ts).
 */
export const ENGINE_OPTIONS = { allowUndefinedFacts: true, pathResolver: resolveFactPath } as const;

/** The one way this platform configures json-rules-engine (its operators included). */
export function createPlatformEngine(rules: RuleProperties[] = []): Engine {
  const engine = new Engine(rules, ENGINE_OPTIONS);
  registerOperators(engine);
  return engine;
}

/**
 * The same semantics for the compiled path: operators are looked up in a configured engine,
 * so both paths share one implementation of every operator and decorator.
 */
export function platformSemantics(): EngineSemantics {
  const operators = (createPlatformEngine() as unknown as { operators: { get(name: string): OperatorLike | null } }).operators;
  return {
    operator: (name) => operators.get(name),
    allowUndefinedFacts: ENGINE_OPTIONS.allowUndefinedFacts,
    // The interpreted path's resolver; the compiler inlines simple paths and this answers undefined for any other.
    resolvePath: resolveFactPath,
  };
}
