import { Engine } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';
import { compileRules } from '../../../server/engine/compiled/compile-rules';
import { runWithJsonRulesEngine } from '../../../server/engine/compiled/reference-runner';
import type { EngineSemantics, Facts, Rule } from '../../../server/engine/compiled/rule-types';

const createEngine = () => new Engine([], { allowUndefinedFacts: true });
const lookup = createEngine() as unknown as { operators: { get(name: string): ReturnType<EngineSemantics['operator']> } };
const semantics: EngineSemantics = {
  operator: (name) => lookup.operators.get(name),
  allowUndefinedFacts: true,
  resolvePath: (value, path) => JSONPath({ path, json: value, wrap: false }),
};

/** Both paths, each must give `expected` (event types in order, or 'error'). */
async function expectBoth(rules: Rule[], facts: Facts, expected: string[] | 'error'): Promise<void> {
  const compiled = (() => {
    try {
      return compileRules(rules, semantics)
        .run(facts)
        .map((event) => event.type);
    } catch {
      return 'error';
    }
  })();
  const reference = await runWithJsonRulesEngine(rules, facts, createEngine).then(
    (events) => events.map((event) => event.type),
    () => 'error' as const,
  );
  expect({ compiled, reference }).toEqual({ compiled: expected, reference: expected });
}

const rule = (type: string, conditions: Rule['conditions'], priority = 1): Rule => ({ priority, conditions, event: { type } });

test('an empty all and an empty any both pass', async () => {
  await expectBoth([rule('all', { all: [] }), rule('any', { any: [] })], {}, ['all', 'any']);
});

test('events come out by rule priority, then in listed order', async () => {
  const always = { all: [] };
  await expectBoth([rule('low', always, 1), rule('high-1', always, 5), rule('mid', always, 3), rule('high-2', always, 5)], {}, [
    'high-1',
    'high-2',
    'mid',
    'low',
  ]);
});

test('an absent fact makes its condition false, never an error', async () => {
  await expectBoth([rule('dpd', { all: [{ fact: 'dpd', operator: 'greaterThan', value: 30 }] })], {}, []);
  await expectBoth([rule('not-dpd', { not: { fact: 'dpd', operator: 'greaterThan', value: 30 } })], {}, ['not-dpd']);
});

test('numeric operators refuse non-numeric facts but accept numeric strings', async () => {
  const conditions = { all: [{ fact: 'dpd', operator: 'greaterThanInclusive', value: 90 }] };
  await expectBoth([rule('claim', conditions)], { dpd: 'ninety' }, []);
  await expectBoth([rule('claim', conditions)], { dpd: '95' }, ['claim']);
  await expectBoth([rule('claim', conditions)], { dpd: null }, []);
});

test('an error in any condition of an evaluated priority group fails the run, even beside a false one', async () => {
  const throwing = { fact: 'channel', operator: 'in', value: 5 }; // (5).indexOf is not a function
  await expectBoth([rule('x', { all: [{ fact: 'dpd', operator: 'equal', value: 1 }, throwing] })], { dpd: 0, channel: 'call' }, 'error');
  // ...but a later group is skipped once an earlier one decided the outcome.
  await expectBoth(
    [
      rule('x', {
        all: [
          { fact: 'dpd', operator: 'equal', value: 1, priority: 5 },
          { ...throwing, priority: 1 },
        ],
      }),
    ],
    { dpd: 0, channel: 'call' },
    [],
  );
});

test('fact paths read own properties only', async () => {
  const profile = { limit: 5, tags: ['a', 'b'] };
  await expectBoth([rule('tag', { all: [{ fact: 'profile', path: '$.tags[1]', operator: 'equal', value: 'b' }] })], { profile }, ['tag']);
  await expectBoth([rule('ctor', { all: [{ fact: 'profile', path: '$.constructor', operator: 'equal', value: undefined }] })], { profile }, ['ctor']);
  await expectBoth([rule('deep', { all: [{ fact: 'profile', path: '$..limit', operator: 'equal', value: 5 }] })], { profile }, ['deep']);
});

test('a fact named like an Object.prototype member is only found when it is really given', async () => {
  const conditions = { all: [{ fact: 'constructor', operator: 'notEqual', value: null }] };
  await expectBoth([rule('ctor', conditions)], {}, ['ctor']); // undefined !== null
  await expectBoth([rule('toString', { all: [{ fact: 'toString', operator: 'equal', value: undefined }] })], {}, ['toString']);
  await expectBoth([rule('proto', { all: [{ fact: '__proto__', operator: 'equal', value: 1 }] })], JSON.parse('{"__proto__": 1}') as Facts, ['proto']);
});

test('decorated operators behave as in the engine', async () => {
  await expectBoth([rule('some', { all: [{ fact: 'scores', operator: 'someFact:greaterThan', value: 7 }] })], { scores: [1, 9] }, ['some']);
  await expectBoth([rule('every', { all: [{ fact: 'scores', operator: 'everyFact:greaterThan', value: 7 }] })], { scores: [1, 9] }, []);
  await expectBoth([rule('not', { all: [{ fact: 'grade', operator: 'not:in', value: ['A', 'B'] }] })], { grade: 'C' }, ['not']);
  await expectBoth([rule('unknown', { all: [{ fact: 'grade', operator: 'sometimes:in', value: ['A'] }] })], { grade: 'A' }, 'error');
});

test('only type and params of an event are reported, and they cannot be changed by a caller', () => {
  const compiled = compileRules([{ conditions: { all: [] }, event: { type: 'warning', params: { level: 'red' }, extra: 1 } as never }], semantics);
  const [event] = compiled.run({});
  expect(event).toEqual({ type: 'warning', params: { level: 'red' } });
  expect(() => {
    (event!.params as Record<string, unknown>).level = 'none';
  }).toThrow();
  expect(compiled.run({})[0]!.params).toEqual({ level: 'red' });
});
