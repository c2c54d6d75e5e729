import { Operator, type Engine } from 'json-rules-engine';

/**
 * Every operator a rule may name, in one place: the validator refuses any other name, the
 * engine registers exactly these, and the compiled path (engine/compiled/) must implement the same list.
 *
 * Absent facts: json-rules-engine runs with `allowUndefinedFacts`, so a missing fact arrives as
 * `undefined`. The contract is that a condition on an absent fact is false, so every
 * operator here refuses `undefined` through its fact validator, including the negations
 * (`notEqual`, `notIn`) whose built-in versions would answer true. Use `exists` to test presence.
 */
export interface OperatorSpec {
  name: string;
  description: string;
  /** What `value` must look like, checked when a rule set is validated. */
  value: 'any' | 'array' | 'scalar' | 'number-pair' | 'time-pair' | 'boolean';
}

const present = (fact: unknown): boolean => fact !== undefined;
const isNumber = (fact: unknown): boolean => typeof fact === 'number' && Number.isFinite(fact);

/** Minutes since midnight for "HH:MM", or undefined when the text is not a valid time. */
export function minutesOfDay(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * Half-open window [start, end) of the local clock. When start > end the window crosses
 * midnight (22:00-08:00 holds 22:00 and 07:59 but not 08:00); start == end means all day.
 */
export function timeWithin(time: unknown, window: unknown): boolean {
  const t = minutesOfDay(time);
  if (t === undefined || !Array.isArray(window) || window.length !== 2) return false;
  const start = minutesOfDay(window[0]);
  const end = minutesOfDay(window[1]);
  if (start === undefined || end === undefined) return false;
  if (start === end) return true;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

function pair(value: unknown): [number, number] | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !isNumber(value[0]) || !isNumber(value[1])) return undefined;
  return [value[0] as number, value[1] as number];
}

export function between(fact: unknown, value: unknown): boolean {
  const bounds = pair(value);
  return isNumber(fact) && bounds !== undefined && (fact as number) >= bounds[0] && (fact as number) <= bounds[1];
}

/** [min, max): adjacent bands (yellow below orange below red) never overlap. */
export function inRange(fact: unknown, value: unknown): boolean {
  const bounds = pair(value);
  return isNumber(fact) && bounds !== undefined && (fact as number) >= bounds[0] && (fact as number) < bounds[1];
}

export function containsAny(fact: unknown, value: unknown): boolean {
  return Array.isArray(fact) && Array.isArray(value) && fact.some((item) => value.includes(item));
}

type Evaluate = (fact: unknown, value: unknown) => boolean;
interface Definition extends OperatorSpec {
  evaluate: Evaluate;
  accepts: (fact: unknown) => boolean;
}

const DEFINITIONS: Definition[] = [
  // json-rules-engine's built-ins, restated so absent facts are false for all of them.
  { name: 'equal', value: 'any', description: 'fact === value', accepts: present, evaluate: (a, b) => a === b },
  { name: 'notEqual', value: 'any', description: 'fact !== value (false when the fact is absent)', accepts: present, evaluate: (a, b) => a !== b },
  { name: 'in', value: 'array', description: 'fact is one of the listed values', accepts: present, evaluate: (a, b) => Array.isArray(b) && b.includes(a) },
  {
    name: 'notIn',
    value: 'array',
    description: 'fact is none of the listed values (false when absent)',
    accepts: present,
    evaluate: (a, b) => Array.isArray(b) && !b.includes(a),
  },
  { name: 'contains', value: 'scalar', description: 'the array fact holds value', accepts: Array.isArray, evaluate: (a, b) => (a as unknown[]).includes(b) },
  {
    name: 'doesNotContain',
    value: 'scalar',
    description: 'the array fact does not hold value',
    accepts: Array.isArray,
    evaluate: (a, b) => !(a as unknown[]).includes(b),
  },
  { name: 'lessThan', value: 'scalar', description: 'fact < value', accepts: isNumber, evaluate: (a, b) => (a as number) < (b as number) },
  { name: 'lessThanInclusive', value: 'scalar', description: 'fact <= value', accepts: isNumber, evaluate: (a, b) => (a as number) <= (b as number) },
  { name: 'greaterThan', value: 'scalar', description: 'fact > value', accepts: isNumber, evaluate: (a, b) => (a as number) > (b as number) },
  { name: 'greaterThanInclusive', value: 'scalar', description: 'fact >= value', accepts: isNumber, evaluate: (a, b) => (a as number) >= (b as number) },
  // This project's operators.
  { name: 'between', value: 'number-pair', description: 'min <= fact <= max, value [min, max]', accepts: isNumber, evaluate: between },
  {
    name: 'notBetween',
    value: 'number-pair',
    description: 'fact < min or fact > max, value [min, max]',
    accepts: isNumber,
    evaluate: (a, b) => pair(b) !== undefined && !between(a, b),
  },
  { name: 'inRange', value: 'number-pair', description: 'min <= fact < max (half-open band), value [min, max]', accepts: isNumber, evaluate: inRange },
  {
    name: 'timeWithin',
    value: 'time-pair',
    description: 'local time "HH:MM" in [start, end); start > end crosses midnight',
    accepts: (fact) => minutesOfDay(fact) !== undefined,
    evaluate: timeWithin,
  },
  {
    name: 'timeOutside',
    value: 'time-pair',
    description: 'local time "HH:MM" not in [start, end)',
    accepts: (fact) => minutesOfDay(fact) !== undefined,
    evaluate: (a, b) => !timeWithin(a, b) && Array.isArray(b) && minutesOfDay(b[0]) !== undefined && minutesOfDay(b[1]) !== undefined,
  },
  { name: 'containsAny', value: 'array', description: 'the array fact shares at least one item with value', accepts: Array.isArray, evaluate: containsAny },
  {
    name: 'containsNone',
    value: 'array',
    description: 'the array fact shares no item with value',
    accepts: Array.isArray,
    evaluate: (a, b) => Array.isArray(b) && !containsAny(a, b),
  },
  // The one operator that looks at absence itself.
  {
    name: 'exists',
    value: 'boolean',
    description: 'value true: the fact is present and not null; value false: it is absent or null',
    accepts: () => true,
    evaluate: (a, b) => (a !== undefined && a !== null) === b,
  },
];

/** json-rules-engine's operator decorators (`not:equal`, `someFact:in`, ...), which stay available. */
export const OPERATOR_DECORATORS = ['someFact', 'everyFact', 'someValue', 'everyValue', 'not', 'swap'] as const;

export const OPERATORS: readonly OperatorSpec[] = DEFINITIONS.map(({ name, description, value }) => ({ name, description, value }));
const BY_NAME = new Map(DEFINITIONS.map((definition) => [definition.name, definition]));

/** The operator an operator name finally applies, after any decorators, or undefined if unknown. */
export function operatorSpec(name: string): OperatorSpec | undefined {
  const parts = name.split(':');
  const base = parts.pop()!;
  if (!parts.every((decorator) => (OPERATOR_DECORATORS as readonly string[]).includes(decorator))) return undefined;
  return BY_NAME.get(base);
}

/** Plain evaluation, for unit tests and for the compiled path of a later issue. */
export function applyOperator(name: string, fact: unknown, value: unknown): boolean {
  const definition = BY_NAME.get(name);
  if (!definition) throw new Error(`Unknown operator ${name}`);
  return definition.accepts(fact) && definition.evaluate(fact, value);
}

const ENGINE_OPERATORS = DEFINITIONS.map((definition) => new Operator(definition.name, definition.evaluate as never, definition.accepts as never));

/** Registers (and for built-ins, replaces) every operator on a fresh engine. */
export function registerOperators(engine: Engine): void {
  for (const operator of ENGINE_OPERATORS) engine.addOperator(operator);
}
