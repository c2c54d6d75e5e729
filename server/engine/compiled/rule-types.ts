/** The json-rules-engine rule format, as plain data (what a rule-set version stores). */
export interface RuleEvent {
  type: string;
  params?: Record<string, unknown>;
}

export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  priority?: number;
  name?: string;
}

export interface ConditionReference {
  condition: string;
  priority?: number;
}

export type BooleanCondition =
  | { all: Condition[]; priority?: number; name?: string }
  | { any: Condition[]; priority?: number; name?: string }
  | { not: Condition; priority?: number; name?: string };

export type Condition = LeafCondition | BooleanCondition | ConditionReference;

export interface Rule {
  name?: string;
  priority?: number;
  conditions: BooleanCondition | ConditionReference;
  event: RuleEvent;
}

export type Facts = Record<string, unknown>;

/** What json-rules-engine's operators (built-in, decorated and custom) look like from outside. */
export interface OperatorLike {
  evaluate(factValue: unknown, jsonValue: unknown): unknown;
}

export interface EngineSemantics {
  /** The engine's own operator lookup, so both paths share one implementation of every operator. */
  operator(name: string): OperatorLike | null;
  allowUndefinedFacts: boolean;
  allowUndefinedConditions?: boolean;
  replaceFactsInEventParams?: boolean;
  /** The engine's path resolver (jsonpath-plus by default) for paths the compiler does not inline. */
  resolvePath(value: object, path: string): unknown;
  /** Shared conditions that `{ "condition": name }` references resolve to. */
  sharedConditions?: Record<string, Condition>;
}
