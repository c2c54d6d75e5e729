import type { RuleCondition, RuleSetVersion } from '../api/types';
import { operatorWords } from './operator-words';

/**
 * The structured "threshold table" view of a rule set, derived from (and written back to) the
 * same JSON the Monaco editor shows. Pure functions over plain data: the JSON stays the one
 * source of truth, the table is recomputed from it after every edit, so the two cannot drift.
 */

/** Facts that describe who a rule applies to rather than what crossed a threshold (Art. 7 segments). */
export const SEGMENT_FACTS = new Set(['customerTier', 'channel', 'monthsOnBook', 'vintage', 'product', 'orgUnit', 'segment', 'target']);

export interface ThresholdRow {
  /** Index into ruleSet.rules. */
  ruleIndex: number;
  ruleName: string;
  /** Path of the leaf inside the rule's conditions, as child indexes / 'not' steps. */
  conditionPath: (number | 'not')[];
  /** Human text of the segment conditions of the same rule, e.g. "customerTier not in [subprime]". */
  segment: string;
  fact: string;
  operator: string;
  /**
   * What the fact is compared with: one operand, or one per item when the value is a list that
   * references parameters (e.g. inRange [orangeDpd, redDpd]). An operand that comes from a
   * parameter shows the parameter's current value.
   */
  operands: Operand[];
  /** The operands are the items of a list value. */
  list: boolean;
  /** event.params.level (warnings) or the event's main verdict, for reading. */
  level: string;
  /**
   * The OR branches the condition sits in, outermost first, e.g. ["或 OR 2/2"]: a rule's
   * alternatives stay visible rather than reading as if all had to hold.
   */
  branches: string[];
}

export interface Operand {
  param?: string;
  value: unknown;
}

interface Leaf {
  fact: string;
  operator: string;
  value: unknown;
}

type Step = number | 'not';

function isLeaf(condition: RuleCondition): condition is RuleCondition & Leaf {
  return typeof condition === 'object' && condition !== null && 'fact' in condition;
}

function* leaves(
  condition: RuleCondition,
  path: Step[] = [],
  negated = false,
  branches: string[] = [],
): Generator<{ leaf: Leaf; path: Step[]; negated: boolean; branches: string[] }> {
  if (isLeaf(condition)) {
    yield { leaf: condition, path, negated, branches };
    return;
  }
  const record = condition as Record<string, unknown>;
  if (Array.isArray(record.all))
    for (const [index, child] of (record.all as RuleCondition[]).entries()) yield* leaves(child, [...path, index], negated, branches);
  else if (Array.isArray(record.any)) {
    const children = record.any as RuleCondition[];
    // Under a not, "any" means none may hold: still alternatives, named so.
    for (const [index, child] of children.entries())
      yield* leaves(child, [...path, index], negated, [...branches, `${negated ? '非 NOT ' : ''}或 OR ${index + 1}/${children.length}`]);
  } else if (record.not) yield* leaves(record.not as RuleCondition, [...path, 'not'], !negated, branches);
}

/**
 * The segment conditions of a rule as text, keeping its all / any / not structure (so "tier A or
 * early vintage" does not read as "tier A and early vintage"); undefined when it has none.
 */
function segmentText(condition: RuleCondition, describe: (leaf: Leaf) => string): string | undefined {
  if (isLeaf(condition)) return SEGMENT_FACTS.has(condition.fact) ? describe(condition) : undefined;
  const record = condition as Record<string, unknown>;
  if (record.not) {
    const inner = segmentText(record.not as RuleCondition, describe);
    if (inner === undefined) return undefined;
    return isLeaf(record.not as RuleCondition) ? `not ${inner}` : `非 NOT (${inner})`;
  }
  const key = Array.isArray(record.all) ? 'all' : Array.isArray(record.any) ? 'any' : undefined;
  if (!key) return undefined;
  const children = record[key] as RuleCondition[];
  const parts = children.map((child) => segmentText(child, describe)).filter((part): part is string => part !== undefined);
  if (parts.length === 0) return undefined;
  if (key === 'all') return parts.join('; ');
  // An alternative that is a threshold (a row of its own) still makes the segment optional: say so.
  if (parts.length < children.length) parts.push('其他条件 another condition');
  return parts.length === 1 ? parts[0] : `(${parts.join(' 或 OR ')})`;
}

export function paramName(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { param?: unknown }).param === 'string')
    return (value as { param: string }).param;
  return undefined;
}

export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function levelOf(event: { type: string; params?: Record<string, unknown> }): string {
  const params = event.params ?? {};
  for (const field of ['level', 'action', 'decision', 'verdict']) if (typeof params[field] === 'string') return params[field] as string;
  return event.type;
}

/** One row per threshold condition (a leaf on a non-segment fact) of every rule. */
export function thresholdRows(ruleSet: Pick<RuleSetVersion, 'rules' | 'parameters'>): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  ruleSet.rules.forEach((rule, ruleIndex) => {
    const all = [...leaves(rule.conditions)];
    const describe = (leaf: Leaf) => {
      const param = paramName(leaf.value);
      const shown = param ? `${param}=${formatValue(ruleSet.parameters[param]?.value)}` : formatValue(leaf.value);
      return `${leaf.fact} ${operatorWords(leaf.operator)} ${shown}`;
    };
    const segment = segmentText(rule.conditions, describe) ?? '(all)';
    const thresholds = all.filter((entry) => !SEGMENT_FACTS.has(entry.leaf.fact));
    for (const entry of thresholds.length > 0 ? thresholds : all) {
      const operand = (value: unknown): Operand => {
        const param = paramName(value);
        return param ? { param, value: ruleSet.parameters[param]?.value } : { value };
      };
      const value = entry.leaf.value;
      const list = Array.isArray(value) && value.some((item) => paramName(item) !== undefined);
      rows.push({
        ruleIndex,
        ruleName: rule.name,
        conditionPath: entry.path,
        segment,
        fact: entry.leaf.fact,
        operator: entry.negated ? `not ${entry.leaf.operator}` : entry.leaf.operator,
        operands: list ? (value as unknown[]).map(operand) : [operand(value)],
        list,
        level: levelOf(rule.event),
        branches: entry.branches,
      });
    }
  });
  return rows;
}

export type TableEdit =
  | { kind: 'value'; row: Pick<ThresholdRow, 'ruleIndex' | 'conditionPath' | 'operands' | 'list'>; operand: number; value: unknown }
  | { kind: 'operator'; row: Pick<ThresholdRow, 'ruleIndex' | 'conditionPath'>; operator: string }
  | { kind: 'level'; ruleIndex: number; level: string };

function leafAt(condition: RuleCondition, path: Step[]): Leaf {
  let current = condition as Record<string, unknown>;
  for (const step of path) {
    if (step === 'not') current = current.not as Record<string, unknown>;
    else current = ((current.all ?? current.any) as Record<string, unknown>[])[step]!;
    if (!current) throw new Error('The condition path no longer exists');
  }
  if (!('fact' in current)) throw new Error('The condition path does not end at a comparison');
  return current as unknown as Leaf;
}

/**
 * Applies a table edit to a copy of the rule set. Editing a value that comes from a parameter
 * changes the parameter (every rule using it follows), which is how policy owners think of a
 * threshold; a literal value is changed in place.
 */
export function applyTableEdit<T extends Pick<RuleSetVersion, 'rules' | 'parameters'>>(ruleSet: T, edit: TableEdit): T {
  const next = structuredClone(ruleSet);
  if (edit.kind === 'level') {
    const event = next.rules[edit.ruleIndex]!.event;
    event.params = { ...(event.params ?? {}), level: edit.level };
    return next;
  }
  const rule = next.rules[edit.row.ruleIndex];
  if (!rule) throw new Error(`No rule ${edit.row.ruleIndex}`);
  const leaf = leafAt(rule.conditions, edit.row.conditionPath);
  if (edit.kind === 'operator') {
    leaf.operator = edit.operator.replace(/^not /, '');
    return next;
  }
  const operand = edit.row.operands[edit.operand];
  if (!operand) throw new Error(`No operand ${edit.operand}`);
  if (operand.param) {
    const parameter = next.parameters[operand.param];
    if (!parameter) throw new Error(`No parameter ${operand.param}`);
    parameter.value = edit.value as typeof parameter.value;
  } else if (edit.row.list) {
    (leaf.value as unknown[])[edit.operand] = edit.value;
  } else {
    leaf.value = edit.value;
  }
  return next;
}

/** Reads what a person typed into a value cell: numbers, booleans, JSON lists, else text. */
export function parseCellValue(text: string, previous: unknown): unknown {
  const trimmed = text.trim();
  if (typeof previous === 'number' || /^-?\d+(\.\d+)?$/.test(trimmed)) {
    const number = Number(trimmed);
    if (trimmed !== '' && Number.isFinite(number)) return number;
  }
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}
