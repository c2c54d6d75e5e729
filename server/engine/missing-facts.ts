import type { RuleProperties } from 'json-rules-engine';
import type { DecisionEvent, Facts } from './evaluate';
import type { OperatorLike } from './compiled/rule-types';
import { resolveFactPath } from './fact-path';
import { platformSemantics } from './platform-engine';
import type { PreparedRuleSet } from './prepare';

/**
 * Which facts left a rule undecided (docs/rulesets.md#missing-facts).
 *
 * The contract stays: a condition on a fact the caller did not send is false. On top of it, each
 * rule that did not fire is evaluated once more in three-valued logic, where a comparison on an
 * absent fact is *unknown* instead of false (`exists` tests presence, so it is always decided).
 * A rule whose conditions come out unknown was not decided by the facts sent: had the absent facts
 * been there, it might have fired. Its missing facts are the absent ones in the unknown part of its
 * conditions. A rule that fired, or that the facts sent decide false whatever the absent ones would
 * be (`all` with a false comparison on a present fact), lists none.
 *
 * `not` keeps unknown unknown, so `not (debtorConsent equal true)` with no consent is unknown here
 * although the contract makes it true; a rule that fired because of it lists nothing (it fired).
 */

type Node = Record<string, unknown>;
/** true, false, or undefined for unknown. */
type Verdict = boolean | undefined;

/** A rule's conditions made ready for the three-valued walk: operators looked up once, fact names picked out. */
type Check =
  | { kind: 'all' | 'any'; children: Check[] }
  | { kind: 'not'; child: Check }
  | {
      kind: 'leaf';
      fact: string;
      path: unknown;
      value: unknown;
      valueFact?: { name: string; path: unknown };
      presence: boolean;
      operator: OperatorLike | null;
    };

interface RuleIndex {
  name: string;
  check: Check;
  /** Facts whose absence can leave the rule unknown: every leaf's fact but an `exists` test's, and facts compared with. */
  decisive: string[];
}

const indexes = new WeakMap<readonly RuleProperties[], RuleIndex[]>();
let semantics: ReturnType<typeof platformSemantics> | undefined;

const hasOwn = (value: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(value, key);
const isObject = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);
/** As both evaluation paths read facts: own properties only, undefined is absent (null is a value sent). */
const supplied = (facts: Facts, name: string): boolean => facts[name] !== undefined && hasOwn(facts, name);

/** Sorted names of the facts every rule's conditions read (leaf facts and facts compared with), `exists` tests included. */
export function referencedFacts(rules: readonly Pick<RuleProperties, 'conditions'>[]): string[] {
  const found = new Set<string>();
  for (const rule of rules) visitLeaves(rule.conditions as unknown as Node, (leaf) => leafFacts(leaf, true).forEach((name) => found.add(name)));
  return [...found].sort();
}

/**
 * The facts a rule set reads that were never supplied: its referenced facts minus `supplied`.
 * The daily jobs record it per run, so a rule that can never fire on their data shows.
 */
export function unsuppliedFacts(rules: readonly Pick<RuleProperties, 'conditions'>[], supplied: Iterable<string>): string[] {
  const given = new Set(supplied);
  return referencedFacts(rules).filter((name) => !given.has(name));
}

/** Per rule that was left undecided by absent facts, those facts (sorted); rules decided by the facts sent are not in the map. */
export function missingFactsByRule(prepared: Pick<PreparedRuleSet, 'rules'>, facts: Facts, fired: ReadonlySet<string>): Map<string, string[]> {
  const byRule = new Map<string, string[]>();
  for (const rule of indexOf(prepared.rules)) {
    if (fired.has(rule.name) || rule.decisive.every((name) => supplied(facts, name))) continue;
    const missing: string[] = [];
    if (verdict(rule.check, facts, missing) === undefined && missing.length > 0) byRule.set(rule.name, [...new Set(missing)].sort());
  }
  return byRule;
}

/** The facts that left some rule undecided (sorted, once each): what an evaluation reports as `missingFacts`. */
export function missingFacts(prepared: Pick<PreparedRuleSet, 'rules'>, facts: Facts, events: readonly DecisionEvent[]): string[] {
  const index = indexOf(prepared.rules);
  // Most calls send every fact the rules need: one pass over the names answers them.
  if (index.every((rule) => rule.decisive.every((name) => supplied(facts, name)))) return [];
  const fired = new Set<string>();
  for (const event of events) if (event.rule !== undefined) fired.add(event.rule);
  const found = new Set<string>();
  for (const names of missingFactsByRule(prepared, facts, fired).values()) names.forEach((name) => found.add(name));
  return [...found].sort();
}

/** The leaf's fact and the fact it is compared with, those not supplied. */
export function leafMissingFacts(leaf: Node, facts: Facts): string[] {
  return leafFacts(leaf, true).filter((name) => !supplied(facts, name));
}

/** Per prepared rule list, once: the quick check skips every rule whose decisive facts were all sent. */
function indexOf(rules: readonly RuleProperties[]): RuleIndex[] {
  let index = indexes.get(rules);
  if (!index) {
    index = rules.map((rule) => {
      const decisive = new Set<string>();
      visitLeaves(rule.conditions as unknown as Node, (leaf) => leafFacts(leaf, false).forEach((name) => decisive.add(name)));
      return { name: rule.name as string, check: checkOf(rule.conditions as unknown as Node), decisive: [...decisive] };
    });
    indexes.set(rules, index);
  }
  return index;
}

function checkOf(node: unknown): Check {
  if (!isObject(node)) return { kind: 'all', children: [{ kind: 'any', children: [] }] };
  if (hasOwn(node, 'all') || hasOwn(node, 'any')) {
    const kind = hasOwn(node, 'all') ? 'all' : 'any';
    const children = node[kind];
    return { kind, children: Array.isArray(children) ? children.map(checkOf) : [] };
  }
  if (hasOwn(node, 'not')) return { kind: 'not', child: checkOf(node.not) };
  semantics ??= platformSemantics();
  const value = node.value;
  return {
    kind: 'leaf',
    fact: String(node.fact),
    path: node.path,
    value,
    ...(isObject(value) && typeof value.fact === 'string' ? { valueFact: { name: value.fact, path: value.path } } : {}),
    presence: testsPresence(node.operator),
    operator: typeof node.operator === 'string' ? semantics.operator(node.operator) : null,
  };
}

function visitLeaves(node: unknown, visit: (leaf: Node) => void): void {
  if (!isObject(node)) return;
  if (hasOwn(node, 'all') || hasOwn(node, 'any')) {
    const children = node[hasOwn(node, 'all') ? 'all' : 'any'];
    if (Array.isArray(children)) children.forEach((child) => visitLeaves(child, visit));
  } else if (hasOwn(node, 'not')) visitLeaves(node.not, visit);
  else if (typeof node.fact === 'string') visit(node);
}

/** The fact a leaf tests (left out of an `exists` test unless asked) and a fact its value names. */
function leafFacts(leaf: Node, withExists: boolean): string[] {
  const names: string[] = [];
  if (typeof leaf.fact === 'string' && (withExists || !testsPresence(leaf.operator))) names.push(leaf.fact);
  const value = leaf.value;
  if (isObject(value) && typeof value.fact === 'string') names.push(value.fact);
  return names;
}

/** `exists` (and a decorated exists) decides on an absent fact: absence is what it tests. */
function testsPresence(operator: unknown): boolean {
  return typeof operator === 'string' && (operator === 'exists' || operator.endsWith(':exists'));
}

/**
 * Kleene's three-valued all / any / not. Absent facts met in an unknown part are pushed onto
 * `missing`; a node that turns out decided takes back what its children pushed.
 */
function verdict(check: Check, facts: Facts, missing: string[]): Verdict {
  switch (check.kind) {
    case 'all':
    case 'any': {
      // As json-rules-engine: an all or any without children passes.
      if (check.children.length === 0) return true;
      const all = check.kind === 'all';
      const mark = missing.length;
      let undecided = false;
      for (const child of check.children) {
        const result = verdict(child, facts, missing);
        // all: one false decides; any: one true decides. The unknown ones then do not matter.
        if (result === !all) {
          missing.length = mark;
          return result;
        }
        if (result === undefined) undecided = true;
      }
      return undecided ? undefined : all;
    }
    case 'not': {
      const inner = verdict(check.child, facts, missing);
      return inner === undefined ? undefined : !inner;
    }
    case 'leaf': {
      const factAbsent = !check.presence && !supplied(facts, check.fact);
      const valueAbsent = check.valueFact !== undefined && !supplied(facts, check.valueFact.name);
      if (factAbsent || valueAbsent) {
        if (factAbsent) missing.push(check.fact);
        if (valueAbsent) missing.push(check.valueFact!.name);
        return undefined;
      }
      if (!check.operator) return false;
      const value = check.valueFact ? read(facts, check.valueFact.name, check.valueFact.path) : check.value;
      return Boolean(check.operator.evaluate(read(facts, check.fact, check.path), value));
    }
  }
}

/** A fact's value, through its path as both evaluation paths read it (objects only). */
function read(facts: Facts, name: string, path: unknown): unknown {
  const value = supplied(facts, name) ? facts[name] : undefined;
  return typeof path === 'string' && value !== null && typeof value === 'object' ? resolveFactPath(value, path) : value;
}
