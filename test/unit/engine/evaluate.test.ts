import { JsonRulesEngineEvaluator } from '../../../server/engine/evaluator';
import { canonicalJson, ruleSetHash } from '../../../server/engine/hash';
import { prepareRuleSet } from '../../../server/engine/prepare';
import { checkTestCase } from '../../../server/engine/testing';
import type { Rule } from '../../../server/generated/schema-types';

const rules: Rule[] = [
  {
    name: 'low',
    basis: 'test',
    priority: 1,
    conditions: { all: [{ fact: 'x', operator: 'greaterThan', value: 0 }] },
    event: { type: 'warning', params: { level: 'yellow' } },
  },
  {
    name: 'slow-high',
    basis: 'test',
    priority: 5,
    conditions: {
      all: [
        { fact: 'x', operator: 'greaterThan', value: 0 },
        {
          not: {
            any: [
              { fact: 'y', operator: 'equal', value: 1 },
              { fact: 'y', operator: 'equal', value: 2 },
            ],
          },
        },
      ],
    },
    event: { type: 'warning', params: { level: 'orange' } },
  },
  {
    name: 'fast-high',
    basis: 'test',
    priority: 5,
    conditions: { all: [{ fact: 'x', operator: 'greaterThan', value: { param: 'limit' } }] },
    event: { type: 'warning', params: { level: 'red', threshold: { param: 'limit' } } },
  },
];
const content = { family: 'warning.obligor' as const, parameters: { limit: { value: 10, description: 'limit' } }, rules };
const prepared = prepareRuleSet({ key: 'k', version: 1, hash: ruleSetHash(content), content });
const evaluator = new JsonRulesEngineEvaluator();

test('events come out by priority, then by rule position, whatever finishes first inside a tier', async () => {
  const { events } = await evaluator.evaluate(prepared, { x: 20 });
  expect(events.map((event) => event.rule)).toEqual(['slow-high', 'fast-high', 'low']);
  expect(events[1]).toEqual({ type: 'warning', params: { level: 'red', threshold: 10 }, rule: 'fast-high' });
});

test('concurrent evaluations on separate engines keep their own events', async () => {
  const inputs = Array.from({ length: 200 }, (_, index) => ({ x: index % 3 === 0 ? 0 : index % 3 === 1 ? 5 : 20 }));
  const outcomes = await Promise.all(inputs.map((facts) => evaluator.evaluate(prepared, facts)));
  outcomes.forEach((outcome, index) => {
    const expected = inputs[index]!.x === 0 ? [] : inputs[index]!.x === 5 ? ['slow-high', 'low'] : ['slow-high', 'fast-high', 'low'];
    expect(outcome.events.map((event) => event.rule)).toEqual(expected);
  });
});

test('the explanation marks absent facts and names the parameters behind expected values', async () => {
  const { explanation } = await evaluator.evaluate(prepared, { y: 1 }, { explain: true });
  const fast = explanation!.rules.find((rule) => rule.name === 'fast-high')!;
  expect(fast).toMatchObject({
    result: false,
    priority: 5,
    conditions: { all: [{ fact: 'x', operator: 'greaterThan', expected: 10, params: ['limit'], result: false }], result: false },
  });
  expect(fast.conditions).not.toHaveProperty('all.0.factValue');
  const slow = explanation!.rules.find((rule) => rule.name === 'slow-high')!;
  expect(slow.conditions).toMatchObject({
    all: [
      { result: false },
      {
        not: {
          any: [
            { factValue: 1, result: true },
            { factValue: 1, result: false },
          ],
          result: true,
        },
        result: false,
      },
    ],
  });
});

test('preparing caches per version and hash, and the hash ignores descriptions and tests', () => {
  const first = evaluator.prepare({ key: 'k', version: 1, hash: prepared.hash, content });
  expect(evaluator.prepare({ key: 'k', version: 1, hash: prepared.hash, content })).toBe(first);
  expect(ruleSetHash({ ...content, description: 'x', tests: [] } as never)).toBe(ruleSetHash(content));
  expect(ruleSetHash({ ...content, parameters: { limit: { value: 11, description: 'limit' } } })).not.toBe(ruleSetHash(content));
  expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
});

test('a test case matches events by type and listed params, and by default allows nothing else', () => {
  const events = [
    { type: 'warning', params: { level: 'red', basis: 'Art. 7' } },
    { type: 'warning', params: { level: 'orange' } },
  ];
  expect(checkTestCase({ name: 't', facts: {}, expect: { events: [{ type: 'warning', params: { level: 'red' } }, { type: 'warning' }] } }, events).passed).toBe(
    true,
  );
  const extra = checkTestCase({ name: 't', facts: {}, expect: { events: [{ type: 'warning', params: { level: 'red' } }] } }, events);
  expect(extra.problems).toEqual([expect.stringMatching(/^unexpected warning/)]);
  expect(checkTestCase({ name: 't', facts: {}, expect: { events: [{ type: 'warning', params: { level: 'red' } }], only: false } }, events).passed).toBe(true);
  expect(
    checkTestCase(
      {
        name: 't',
        facts: {},
        expect: {
          events: [
            { type: 'warning', params: { level: 'red' } },
            { type: 'warning', params: { level: 'red' } },
          ],
        },
      },
      events,
    ).passed,
  ).toBe(false);
});
