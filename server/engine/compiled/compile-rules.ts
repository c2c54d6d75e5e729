import type { Condition, EngineSemantics, Facts, Rule, RuleEvent } from './rule-types';

/**
 * Compiles json-rules-engine rules into plain synchronous closures with the engine's decisions.
 *
 * Closures, not generated source: no string from a rule ever becomes code, so quotes,
 * backslashes, `__proto__` or `constructor` in a rule are only ever data. Facts are read as own
 * properties only, as the engine's fact map does.
 *
 * Semantics reproduced from json-rules-engine 7 (rule.js, condition.js, almanac.js):
 * - an `all`/`any` with no children passes; with one child it passes that child's raw result up;
 * - children are grouped by condition priority (highest first); every child in a group is
 *   evaluated (so an error in any of them fails the run, as Promise.all does), and later groups
 *   are skipped once the outcome is known; group results count only when `=== true`;
 * - a rule fires when its result is truthy; only `type` and `params` of its event are reported;
 * - any error in any rule fails the whole run.
 * Events come out by rule priority (highest first), then in the order the rules are listed.
 * (The engine itself orders events within one priority by promise completion, which depends on
 * the depth of each condition tree; the reference runner sorts its events the same way.)
 */
export interface CompiledRuleSet<Output = RuleEvent> {
  run(facts: Facts): Output[];
  ruleCount: number;
}

/** Shapes what `run` reports for a fired rule; called once per rule at compile time. */
export type Present<Output> = (event: RuleEvent, rule: { name?: string; index: number }) => Output;

type Evaluate = (facts: Facts) => unknown;
interface CompiledCondition {
  evaluate: Evaluate;
  priority: number;
}

const hasOwn = (value: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(value, key);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';
/** `$.a.b`, `$.a[0]`, `$.a.0`: inlined as own-property walks, exactly what jsonpath-plus does for them. */
const SIMPLE_PATH = /^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\.\d+)|(\[\d+\]))+$/;

export class RuleCompilationError extends Error {
  override name = 'RuleCompilationError';
}

export function compileRules(rules: readonly Rule[], semantics: EngineSemantics): CompiledRuleSet;
export function compileRules<Output>(rules: readonly Rule[], semantics: EngineSemantics, present: Present<Output>): CompiledRuleSet<Output>;
export function compileRules<Output>(rules: readonly Rule[], semantics: EngineSemantics, present?: Present<Output>): CompiledRuleSet<Output | RuleEvent> {
  const shape: Present<Output | RuleEvent> = present ?? ((event) => event);
  const compiled = rules.map((rule, index) => {
    const parts = compileRule(rule, semantics);
    const name = isObject(rule) && typeof rule.name === 'string' ? rule.name : undefined;
    return { index, name, ...parts, output: deepFreeze(shape(parts.event, { name, index })) };
  });
  // Stable sort: equal priorities keep their listed order.
  compiled.sort((a, b) => b.priority - a.priority || a.index - b.index);
  const evaluators = compiled.map((rule) => rule.evaluate);
  const outputs = compiled.map((rule) => rule.output);
  const resolveParams = compiled.map((rule) => rule.resolveParams && ((facts: Facts) => shape(rule.resolveParams!(facts), { name: rule.name, index: rule.index })));
  const count = compiled.length;

  return {
    ruleCount: count,
    run(facts: Facts): (Output | RuleEvent)[] {
      if (hasOwn(facts, '')) throw new Error('factId required');
      const fired: (Output | RuleEvent)[] = [];
      for (let i = 0; i < count; i++) {
        const passed = evaluators[i]!(facts);
        const resolve = resolveParams[i];
        const output = resolve ? resolve(facts) : outputs[i]!;
        if (passed) fired.push(output);
      }
      return fired;
    },
  };
}

function compileRule(rule: Rule, semantics: EngineSemantics) {
  if (!isObject(rule)) throw new RuleCompilationError('a rule must be an object');
  const priority = parseInt(String(hasOwn(rule, 'priority') && rule.priority ? rule.priority : 1), 10);
  if (!(priority > 0)) throw new RuleCompilationError('Priority must be greater than zero');
  const conditions = rule.conditions as unknown;
  if (!isObject(conditions) || !['all', 'any', 'not', 'condition'].some((key) => hasOwn(conditions, key))) {
    throw new RuleCompilationError('"conditions" root must contain a single instance of "all", "any", "not", or "condition"');
  }
  const event = rule.event as unknown;
  if (!isObject(event) || !hasOwn(event, 'type')) throw new RuleCompilationError('Rule: setEvent() requires event object with "type" property');
  const reported: RuleEvent = { type: event.type as string };
  if (event.params) reported.params = copyLikeTheEngine(event.params);
  deepFreeze(reported);

  return {
    priority,
    evaluate: compileCondition(conditions as Condition, semantics, 0).evaluate,
    event: reported,
    resolveParams: semantics.replaceFactsInEventParams ? compileParamResolution(reported, semantics) : undefined,
  };
}

function compileCondition(condition: Condition, semantics: EngineSemantics, depth: number): CompiledCondition {
  if (depth > 64) throw new RuleCompilationError('conditions are nested more than 64 levels deep');
  if (!isObject(condition)) throw new RuleCompilationError('Condition: constructor options required');
  const operator = hasOwn(condition, 'any') ? 'any' : hasOwn(condition, 'all') ? 'all' : hasOwn(condition, 'not') ? 'not' : undefined;
  if (operator) {
    const children = (condition as Record<string, unknown>)[operator];
    if (operator !== 'not' && !Array.isArray(children)) throw new RuleCompilationError(`"${operator}" must be an array`);
    if (operator === 'not' && Array.isArray(children)) throw new RuleCompilationError(`"${operator}" cannot be an array`);
    const priority = parseInt(String((condition as { priority?: unknown }).priority), 10) || 1;
    if (operator === 'not') {
      const inner = compileCondition(children as Condition, semantics, depth + 1).evaluate;
      return { priority, evaluate: (facts) => !inner(facts) };
    }
    const combined = combine((children as Condition[]).map((child) => compileCondition(child, semantics, depth + 1)), operator);
    // A nested boolean passes only on a strict true; the root passes its raw result to the rule.
    return { priority, evaluate: depth === 0 ? combined : (facts) => combined(facts) === true };
  }
  if (hasOwn(condition, 'condition')) return compileReference(condition as unknown as { condition: string; priority?: unknown }, semantics, depth);
  return compileLeaf(condition as unknown as Record<string, unknown>, semantics);
}

function combine(children: CompiledCondition[], operator: 'all' | 'any'): Evaluate {
  if (children.length === 0) return () => true;
  if (children.length === 1) return children[0]!.evaluate;
  const groups = new Map<number, Evaluate[]>();
  for (const child of children) {
    const group = groups.get(child.priority) ?? [];
    group.push(child.evaluate);
    groups.set(child.priority, group);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => b - a).map(([, group]) => group);
  if (operator === 'all') {
    return (facts) => {
      for (const group of ordered) {
        let every = true;
        for (const evaluate of group) if (evaluate(facts) !== true) every = false;
        if (!every) return false;
      }
      return true;
    };
  }
  return (facts) => {
    for (const group of ordered) {
      let some = false;
      for (const evaluate of group) if (evaluate(facts) === true) some = true;
      if (some) return true;
    }
    return false;
  };
}

function compileLeaf(condition: Record<string, unknown>, semantics: EngineSemantics): CompiledCondition {
  for (const required of ['fact', 'operator', 'value']) {
    if (!hasOwn(condition, required)) throw new RuleCompilationError(`Condition: constructor "${required}" property required`);
  }
  const explicit = hasOwn(condition, 'priority') ? parseInt(String(condition.priority), 10) : undefined;
  const priority = explicit || 1;
  const operatorName = condition.operator as string;
  const operator = semantics.operator(operatorName);
  const readFact = compileFactRead(condition.fact, condition.path, semantics);
  const value = condition.value;
  const readValue: Evaluate = isObject(value) && hasOwn(value, 'fact') ? compileFactRead(value.fact, value.path, semantics) : () => value;
  if (!operator) {
    return { priority, evaluate: () => { throw new Error(`Unknown operator: ${operatorName}`); } };
  }
  return {
    priority,
    evaluate: (facts) => {
      const right = readValue(facts);
      return operator.evaluate(readFact(facts), right);
    },
  };
}

function compileReference(reference: { condition: string; priority?: unknown }, semantics: EngineSemantics, depth: number): CompiledCondition {
  const shared = semantics.sharedConditions ?? {};
  const name = reference.condition;
  // The engine groups a reference by its own, unparsed priority.
  const priority = Number(reference.priority) || 1;
  if (typeof name !== 'string' || !hasOwn(shared, name)) {
    if (semantics.allowUndefinedConditions) return { priority, evaluate: () => false };
    return { priority, evaluate: () => { throw new Error(`No condition ${String(name)} exists`); } };
  }
  // The engine projects the shared condition onto the reference: the shared keys win.
  const { condition: _name, ...rest } = reference;
  const projected = compileCondition({ ...rest, ...structuredClone(shared[name]!) } as Condition, semantics, depth + 1);
  return { priority, evaluate: projected.evaluate };
}

export function compileFactRead(factId: unknown, path: unknown, semantics: EngineSemantics): Evaluate {
  const found = (facts: Facts): unknown => {
    if (typeof factId === 'string' && hasOwn(facts, factId)) return facts[factId];
    if (semantics.allowUndefinedFacts) return undefined;
    throw Object.assign(new Error(`Undefined fact: ${String(factId)}`), { code: 'UNDEFINED_FACT' });
  };
  if (!path) return found;
  const pathText = path as string;
  if (typeof pathText === 'string' && SIMPLE_PATH.test(pathText)) {
    const segments = pathText.slice(1).match(/[A-Za-z_][A-Za-z0-9_]*|\d+/g)!;
    return (facts) => {
      let current = found(facts);
      if (!isObject(current)) return current;
      for (const segment of segments) {
        if (current === null || current === undefined || !hasOwn(Object(current), segment)) return undefined;
        current = (current as Record<string, unknown>)[segment];
      }
      return current;
    };
  }
  return (facts) => {
    const current = found(facts);
    return isObject(current) ? semantics.resolvePath(current, pathText) : current;
  };
}

/** With replaceFactsInEventParams the engine resolves `{ fact }` params for every rule, fired or not. */
function compileParamResolution(event: RuleEvent, semantics: EngineSemantics): ((facts: Facts) => RuleEvent) | undefined {
  const params = event.params;
  if (!isObject(params)) return undefined;
  const readers = Object.keys(params).map((key) => {
    const value = params[key];
    return [key, isObject(value) && hasOwn(value, 'fact') ? compileFactRead(value.fact, value.path, semantics) : () => value] as const;
  });
  return (facts) => {
    const resolved: Record<string, unknown> = {};
    for (const [key, read] of readers) resolved[key] = read(facts);
    return { type: event.type, params: resolved };
  };
}

/**
 * The engine deep-copies event params with the `clone` package, which turns an own `__proto__`
 * key into the copy's prototype and skips keys named like other Object.prototype members
 * (`constructor`, `toString`, ...). Dropping all of them gives the same JSON and hands nobody a
 * prototype.
 */
function copyLikeTheEngine(params: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(params), (key, value: unknown) => (key !== '' && hasOwn(Object.prototype, key) ? undefined : value)) as Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (isObject(value)) {
    for (const key of Object.keys(value)) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}
