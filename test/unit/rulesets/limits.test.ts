import path from 'node:path';
import type { RuleSetEvaluator } from '../../../server/engine/evaluator';
import { AppError } from '../../../server/http/errors';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { runEmbeddedTests, validationContext } from '../../../server/rulesets/ruleset.catalog';
import { compileProblems, RULE_SET_LIMITS, structureProblems } from '../../../server/rulesets/ruleset.limits';
import { validateRuleSet } from '../../../server/rulesets/ruleset.validation';

/** The limits of a version, pure, with the pointers a 400 or 422 names. */
const context = validationContext(new SchemaRegistry(path.resolve(__dirname, '../../../schemas')));
const leaf = { fact: 'dpd', operator: 'greaterThanInclusive', value: 90 };

function ruleSet(conditions: unknown, tests: unknown[] = []): Record<string, unknown> {
  return {
    key: 'claim.trigger',
    family: 'claim.trigger',
    orgUnit: 'HQ',
    description: 'test',
    parameters: {},
    rules: [{ name: 'open', basis: 'Art. 15', conditions, event: { type: 'claim', params: { action: 'open-claim', basis: 'Art. 15' } } }],
    tests,
  };
}

function nested(levels: number): unknown {
  let condition: unknown = leaf;
  for (let level = 1; level < levels; level++) condition = { all: [condition] };
  return condition;
}

test('nesting: 32 levels pass, the 33rd is named', () => {
  expect(structureProblems(ruleSet(nested(32)), '/ruleSet')).toEqual([]);
  expect(structureProblems(ruleSet(nested(RULE_SET_LIMITS.conditionDepth + 2)), '/ruleSet')).toEqual([
    { path: `/ruleSet/rules/0/conditions${'/all/0'.repeat(32)}`, message: 'conditions are nested more than 32 levels deep' },
  ]);
  // Validation reports it first, before anything recursive runs.
  expect(validateRuleSet(ruleSet(nested(100_000)), context).map((problem) => problem.message)).toEqual(['conditions are nested more than 32 levels deep']);
});

test('paths: the simple grammar in conditions and fact references, anything else named', () => {
  const conditions = {
    all: [
      { fact: 'dpd', path: '$.a[0]', operator: 'equal', value: { fact: 'dpd', path: '$.b.c' } },
      { fact: 'dpd', path: '$..a', operator: 'equal', value: 1 },
      { fact: 'dpd', operator: 'equal', value: { fact: 'dpd', path: "$[?(@.a=='x')]" } },
    ],
  };
  expect(structureProblems(ruleSet(conditions), '/ruleSet').map((problem) => problem.path)).toEqual([
    '/ruleSet/rules/0/conditions/all/2/value/path',
    '/ruleSet/rules/0/conditions/all/1/path',
  ]);
});

test('sizes: conditions and value items in all rules together', () => {
  const many = { any: Array.from({ length: RULE_SET_LIMITS.conditions }, () => leaf) };
  expect(structureProblems(ruleSet(many), '')).toEqual([
    { path: expect.stringMatching(/^\/rules\/0\/conditions\/any\/\d+$/), message: 'a rule set holds at most 500 conditions' },
  ]);
  const lists = { any: Array.from({ length: 11 }, () => ({ fact: 'dpd', operator: 'in', value: Array.from({ length: 1000 }, (_, index) => index) })) };
  expect(structureProblems(ruleSet(lists), '')).toEqual([
    { path: expect.stringMatching(/^\/rules\/0\/conditions\/any\/\d+\/value$/), message: expect.stringContaining('at most 10000 list items') },
  ]);
});

test('compilation: what the compiled path refuses is named by rule', async () => {
  const rules = [
    { name: 'ok', conditions: { all: [leaf] }, event: { type: 'claim' } },
    { name: 'deep', conditions: nested(70), event: { type: 'claim' } },
  ];
  expect(await compileProblems(rules, '/ruleSet')).toEqual([{ path: '/ruleSet/rules/1', message: expect.stringContaining('more than 64 levels') }]);
});

test('embedded tests stop with 422 test_budget_exceeded once their time is used up', async () => {
  const content = ruleSet(
    { all: [leaf] },
    Array.from({ length: 10 }, (_, index) => ({ name: `t${index}`, facts: { dpd: 95 }, expect: { events: [] } })),
  );
  const slow: RuleSetEvaluator = {
    prepare: () => {
      throw new Error('not used');
    },
    runner: () => {
      throw new Error('not used');
    },
    evaluate: () => new Promise((resolve) => setTimeout(() => resolve({ events: [], missingFacts: [] }), 20)),
  };
  const run = runEmbeddedTests(content as never, slow, '/ruleSet', undefined, 50);
  await expect(run).rejects.toBeInstanceOf(AppError);
  await expect(run).rejects.toMatchObject({
    status: 422,
    code: 'test_budget_exceeded',
    details: [{ path: expect.stringMatching(/^\/ruleSet\/tests\/[1-9]$/) }],
  });
});
