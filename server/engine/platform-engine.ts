import { Engine, type RuleProperties } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';
import type { EngineSemantics, OperatorLike } from './compiled/rule-types';
import { registerOperators } from './operators';

/** json-rules-engine's options on this platform: an absent fact is undefined, never an error. */
export const ENGINE_OPTIONS = { allowUndefinedFacts: true } as const;

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
    // json-rules-engine's default path resolver.
    resolvePath: (value, path) => JSONPath({ path, json: value, wrap: false }),
  };
}
