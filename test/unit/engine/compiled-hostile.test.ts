import { Engine } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';
import { compileRules } from '../../../server/engine/compiled/compile-rules';
import { runWithJsonRulesEngine } from '../../../server/engine/compiled/reference-runner';
import type { EngineSemantics, Facts, Rule } from '../../../server/engine/compiled/rule-types';
import { seededRandom } from '../../support/random-rules';

const createEngine = () => new Engine([], { allowUndefinedFacts: true });
const lookup = createEngine() as unknown as { operators: { get(name: string): ReturnType<EngineSemantics['operator']> } };
const semantics: EngineSemantics = {
  operator: (name) => lookup.operators.get(name),
  allowUndefinedFacts: true,
  resolvePath: (value, path) => JSONPath({ path, json: value, wrap: false }),
};

const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'); process.exit(1); ('",
  '"; throw 1; "',
  '\\',
  '\\u0000',
  '`${process.exit(1)}`',
  '$.__proto__.polluted',
  '$.constructor.prototype',
  '$..constructor',
  "$['__proto__']",
  '$[?(@.constructor)]',
  'x\ny',
  '',
  ' ',
  '0',
  '-1',
  'NaN',
];

/** Rule JSON built from hostile strings in every position a string can go. */
function hostileRule(random: () => number, index: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const leaf = () => ({
    fact: pick(HOSTILE_STRINGS),
    operator: random() < 0.7 ? pick(['equal', 'notEqual', 'in', 'contains', 'greaterThan']) : pick(HOSTILE_STRINGS),
    value: pick([
      pick(HOSTILE_STRINGS),
      [pick(HOSTILE_STRINGS)],
      { fact: pick(HOSTILE_STRINGS), path: pick(HOSTILE_STRINGS) },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      null,
      1,
    ]),
    ...(random() < 0.5 ? { path: pick(HOSTILE_STRINGS) } : {}),
  });
  const conditions = random() < 0.5 ? { all: [leaf(), leaf()] } : { any: [leaf(), { not: leaf() }] };
  return JSON.parse(
    JSON.stringify({
      name: pick(HOSTILE_STRINGS),
      priority: 1 + (index % 3),
      conditions,
      event: { type: pick(HOSTILE_STRINGS), params: JSON.parse(`{"__proto__": {"polluted": true}, "${pick(['a', 'constructor'])}": 1}`) },
    }),
  );
}

test('hostile rule JSON neither injects code nor reaches prototypes, and decides as the engine does', async () => {
  const random = seededRandom(7);
  let agreed = 0;
  for (let round = 0; round < 400; round++) {
    const rules = Array.from({ length: 3 }, (_, index) => hostileRule(random, index)) as Rule[];
    const facts = JSON.parse(JSON.stringify({ constructor: 'c', toString: 't', __proto__: 'p', profile: { constructor: { prototype: 1 } } })) as Facts;
    let compiled: unknown;
    try {
      compiled = compileRules(structuredClone(rules), semantics).run(structuredClone(facts));
    } catch {
      compiled = 'error';
    }
    const reference = await runWithJsonRulesEngine(structuredClone(rules), structuredClone(facts), createEngine).catch(() => 'error');
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(reference));
    agreed++;
  }
  expect(agreed).toBe(400);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

test("malformed rules are refused at compile time with the engine's messages", () => {
  const cases: [unknown, RegExp][] = [
    [{ conditions: {}, event: { type: 'x' } }, /root must contain/],
    [{ conditions: { all: {} }, event: { type: 'x' } }, /"all" must be an array/],
    [{ conditions: { not: [] }, event: { type: 'x' } }, /"not" cannot be an array/],
    [{ conditions: { all: [{ fact: 'a', operator: 'equal' }] }, event: { type: 'x' } }, /"value" property required/],
    [{ conditions: { all: [] }, event: {} }, /requires event object with "type"/],
    [{ priority: -1, conditions: { all: [] }, event: { type: 'x' } }, /Priority must be greater than zero/],
  ];
  for (const [rule, message] of cases) {
    expect(() => compileRules([rule as Rule], semantics)).toThrow(message);
    expect(() => createEngine().addRule(rule as never)).toThrow(message);
  }
});

test('nesting deeper than 64 levels is refused rather than risking the stack', () => {
  let conditions: Record<string, unknown> = { fact: 'a', operator: 'equal', value: 1 };
  for (let depth = 0; depth < 80; depth++) conditions = { not: conditions };
  expect(() => compileRules([{ conditions: { all: [conditions] } as never, event: { type: 'x' } }], semantics)).toThrow(/64 levels/);
});
