import { compileRules, RuleCompilationError } from '../engine/compiled/compile-rules';
import type { Rule as CompiledRule } from '../engine/compiled/rule-types';
import { isSimplePath } from '../engine/fact-path';
import { platformSemantics } from '../engine/platform-engine';
import type { ErrorDetail } from '../http/errors';

/**
 * What one rule-set version may hold, so that saving, trying and testing a draft stay well below
 * 100 ms of work at a time whoever wrote it (the largest version allowed: about 50 ms on the
 * 2-core development machine). The standard pack uses at most 5 levels, 80 conditions, 16 rules
 * and 20 tests per rule set; schemas/ caps rules (100), tests (100), lists and strings.
 */
export const RULE_SET_LIMITS = {
  /** Levels of all / any / not, the top-level one included. The compiled path refuses more than 64. */
  conditionDepth: 32,
  /** Conditions (all / any / not and comparisons) in all rules together. */
  conditions: 500,
  /** Items in condition values (lists, nested lists) in all rules together. */
  valueItems: 10_000,
} as const;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Depth, size and path grammar of every rule's conditions, as field-level problems with JSON
 * pointers under `where` (the too-deep node, the first condition over the budget, the bad path).
 * Iterative and bounded by the limits, so it is safe on anything, stored content included, and
 * runs before anything recursive looks at the content.
 */
export function structureProblems(content: unknown, where: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const rules = isObject(content) && Array.isArray(content.rules) ? content.rules : [];
  let conditions = 0;
  let valueItems = 0;
  rules.forEach((rule: unknown, index) => {
    if (!isObject(rule)) return;
    const stack: { node: unknown; depth: number; path: string }[] = [{ node: rule.conditions, depth: 1, path: `${where}/rules/${index}/conditions` }];
    while (stack.length > 0) {
      const { node, depth, path } = stack.pop()!;
      if (!isObject(node)) continue;
      if (depth > RULE_SET_LIMITS.conditionDepth) {
        problems.push({ path, message: `conditions are nested more than ${RULE_SET_LIMITS.conditionDepth} levels deep` });
        return;
      }
      conditions += 1;
      if (conditions === RULE_SET_LIMITS.conditions + 1) problems.push({ path, message: `a rule set holds at most ${RULE_SET_LIMITS.conditions} conditions` });
      if (conditions > RULE_SET_LIMITS.conditions) return;
      for (const operator of ['all', 'any'] as const) {
        const children = node[operator];
        if (Array.isArray(children))
          children.forEach((child, position) => stack.push({ node: child, depth: depth + 1, path: `${path}/${operator}/${position}` }));
      }
      if ('not' in node) stack.push({ node: node.not, depth: depth + 1, path: `${path}/not` });
      if ('fact' in node) {
        if ('path' in node && !isSimplePath(node.path)) problems.push({ path: `${path}/path`, message: PATH_MESSAGE });
        const value = node.value;
        if (isObject(value) && 'fact' in value && 'path' in value && !isSimplePath(value.path))
          problems.push({ path: `${path}/value/path`, message: PATH_MESSAGE });
        const before = valueItems;
        valueItems += countItems(value, RULE_SET_LIMITS.valueItems - valueItems + 1);
        if (before <= RULE_SET_LIMITS.valueItems && valueItems > RULE_SET_LIMITS.valueItems) {
          problems.push({ path: `${path}/value`, message: `condition values hold at most ${RULE_SET_LIMITS.valueItems} list items in a rule set` });
        }
      }
    }
  });
  return problems;
}

const PATH_MESSAGE = 'must be $ followed by property names and indices, like $.amount or $.items[0] (JSONPath filters, scripts and wildcards are not accepted)';

/** List items in a value, counted without recursion and no further than `cap`. */
function countItems(value: unknown, cap: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count < cap) {
    const node = stack.pop();
    if (!Array.isArray(node)) continue;
    count += node.length;
    for (const item of node) if (Array.isArray(item)) stack.push(item);
  }
  return count;
}

const semantics = platformSemantics();
/** Rules compiled per turn of the event loop when checking: a few milliseconds each. */
const COMPILE_CHUNK = 20;

/** Lets other requests and timers run before the next piece of work. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Whether the compiled evaluation path takes the rules, as every evaluation will ask it to:
 * problems name the rule the compiler refused. The compiler judges each rule on its own, so the
 * rules are checked a few at a time, each batch in a turn of its own. `rules` may still hold
 * `{ param }` references; values are data to the compiler, so the answer does not depend on them.
 */
export async function compileProblems(rules: readonly unknown[], where: string): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (let start = 0; start < rules.length; start += COMPILE_CHUNK) {
    if (start > 0) await nextTurn();
    const chunk = rules.slice(start, start + COMPILE_CHUNK) as CompiledRule[];
    if (compiles(chunk) === true) continue;
    chunk.forEach((rule, offset) => {
      const refused = compiles([rule]);
      if (refused !== true) problems.push({ path: `${where}/rules/${start + offset}`, message: `the rule cannot be compiled for evaluation: ${refused}` });
    });
  }
  return problems;
}

/** true, or the compiler's reason for refusing. */
function compiles(rules: CompiledRule[]): true | string {
  try {
    compileRules(rules, semantics);
    return true;
  } catch (error) {
    if (error instanceof RuleCompilationError) return error.message;
    throw error;
  }
}
