import type { Condition, Facts, Rule } from '../../server/engine/compiled/rule-types';

/** mulberry32: small, fast and deterministic for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BUILT_IN_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
];
const DECORATORS = ['not', 'someFact', 'everyFact', 'someValue', 'everyValue', 'swap'];

const NUMERIC_FACTS = ['dpd', 'amount', 'score'];
const STRING_FACTS = ['grade', 'channel', 'localTime'];
const TIMES = ['00:00', '07:59', '08:00', '12:30', '21:59', '22:00', '22:01', '23:59', '24:00', '7:5'];
const BOOLEAN_FACTS = ['consent', 'claimed'];
const ARRAY_FACTS = ['flags', 'scores'];
const OBJECT_FACTS = ['profile'];
const ALL_FACTS = [...NUMERIC_FACTS, ...STRING_FACTS, ...BOOLEAN_FACTS, ...ARRAY_FACTS, ...OBJECT_FACTS, 'absent'];
const WORDS = ['A', 'B', 'C', 'online', 'branch', ''];
const PATHS = ['$.limit', '$.tags[0]', '$.tags.1', '$.tags.length', '$.nested.level', '$..level', '$.constructor', '$.__proto__', '$.missing.deeper'];

export interface GeneratorOptions {
  /** Extra operators (the platform's custom ones) with a generator of sensible right-hand values. */
  customOperators?: Record<string, (random: () => number) => unknown>;
}

/** Right-hand values for the platform's own operators (server/engine/operators.ts). */
export const PLATFORM_OPERATOR_VALUES: Record<string, (random: () => number) => unknown> = {
  between: (random) => numberPair(random),
  notBetween: (random) => numberPair(random),
  inRange: (random) => numberPair(random),
  timeWithin: (random) => [TIMES[Math.floor(random() * TIMES.length)], TIMES[Math.floor(random() * TIMES.length)]],
  timeOutside: (random) => [TIMES[Math.floor(random() * TIMES.length)], TIMES[Math.floor(random() * TIMES.length)]],
  containsAny: (random) => Array.from({ length: Math.floor(random() * 3) }, () => Math.floor(random() * 10)),
  containsNone: (random) => Array.from({ length: Math.floor(random() * 3) }, () => Math.floor(random() * 10)),
  exists: (random) => random() < 0.5,
};

function numberPair(random: () => number): unknown {
  const low = Math.floor(random() * 12) - 2;
  return random() < 0.95 ? [low, low + Math.floor(random() * 8)] : [low, 'x'];
}

export function makeGenerator(random: () => number, options: GeneratorOptions = {}) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const custom = Object.keys(options.customOperators ?? {});

  const number = () => (chance(0.8) ? int(-2, 12) : pick([0.5, 7.25, -0.0, 1e3]));
  const scalar = (): unknown => pick([number, () => pick(WORDS), () => chance(0.5), () => null, () => String(int(0, 12)), () => 'abc'])();
  const array = (): unknown[] => Array.from({ length: int(0, 4) }, () => (chance(0.6) ? int(0, 10) : pick(WORDS)));

  // swap:in, swap:someValue and friends call array methods on the fact, which throws for
  // scalars and fails the whole run in both paths; keep them to about one leaf in a hundred.
  const throwsOnScalarFacts = (name: string) => /swap:(.*:)?(in|notIn|someValue|everyValue)|(someValue|everyValue):(.*:)?swap/.test(name);
  const operator = (): string => {
    if (custom.length > 0 && chance(0.3)) return pick(custom);
    const base = pick(BUILT_IN_OPERATORS);
    if (!chance(0.25)) return base;
    const decorated = chance(0.2) ? `${pick(DECORATORS)}:${pick(DECORATORS)}:${base}` : `${pick(DECORATORS)}:${base}`;
    return throwsOnScalarFacts(decorated) && !chance(0.05) ? base : decorated;
  };

  const rightHandSide = (operatorName: string): unknown => {
    const base = operatorName.split(':').pop()!;
    if (options.customOperators?.[base] && chance(0.9)) return options.customOperators[base]!(random);
    if (chance(0.04)) return { fact: pick(ARRAY_FACTS), ...(chance(0.3) ? { path: pick(PATHS) } : {}) };
    // These throw inside the engine unless the value is an array (or a string): keep that rare.
    if (['in', 'notIn'].includes(base) || operatorName.includes('Value')) return chance(0.99) ? array() : scalar();
    return chance(0.8) ? (chance(0.6) ? number() : scalar()) : array();
  };

  const leaf = (): Condition => {
    const operatorName = operator();
    const fact = pick(ALL_FACTS);
    return {
      fact,
      operator: operatorName,
      value: rightHandSide(operatorName),
      ...(fact === 'profile' || chance(0.05) ? { path: pick(PATHS) } : {}),
      ...(chance(0.15) ? { priority: int(1, 3) } : {}),
    };
  };

  const condition = (depth: number): Condition => {
    if (depth >= 3 || chance(0.45)) return leaf();
    const kind = pick(['all', 'any', 'any', 'all', 'not']);
    const priority = chance(0.2) ? { priority: int(1, 3) } : {};
    if (kind === 'not') return { not: condition(depth + 1), ...priority };
    const children = Array.from({ length: int(0, 4) }, () => condition(depth + 1));
    return kind === 'all' ? { all: children, ...priority } : { any: children, ...priority };
  };

  const rule = (index: number): Rule => {
    const root = pick(['all', 'any', 'not']);
    const conditions =
      root === 'not'
        ? { not: condition(1) }
        : root === 'all'
          ? { all: Array.from({ length: int(1, 4) }, () => condition(1)) }
          : { any: Array.from({ length: int(1, 4) }, () => condition(1)) };
    return {
      name: `r${index}`,
      priority: int(1, 3),
      conditions,
      event: { type: pick(['warning', 'measure', 'claim']), params: { rule: index, level: pick(['red', 'orange', 'yellow']) } },
    };
  };

  const ruleSet = (): Rule[] => Array.from({ length: int(1, 6) }, (_, index) => rule(index));

  const facts = (): Facts => {
    const result: Facts = {};
    for (const name of NUMERIC_FACTS) if (chance(0.85)) result[name] = chance(0.9) ? number() : scalar();
    for (const name of STRING_FACTS) if (chance(0.85)) result[name] = chance(0.9) ? pick(name === 'localTime' ? TIMES : WORDS) : scalar();
    for (const name of BOOLEAN_FACTS) if (chance(0.85)) result[name] = chance(0.9) ? chance(0.5) : null;
    for (const name of ARRAY_FACTS) if (chance(0.8)) result[name] = chance(0.9) ? array() : scalar();
    if (chance(0.85)) {
      result.profile = chance(0.9) ? { limit: number(), tags: array(), nested: chance(0.7) ? { level: int(0, 3) } : null } : scalar();
    }
    return result;
  };

  return { ruleSet, facts, leaf, condition };
}
