import { CompiledEvaluator } from '../../../server/engine/compiled-evaluator';
import { RuleCompilationError } from '../../../server/engine/compiled/compile-rules';
import { JsonRulesEngineEvaluator, type RuleSetEvaluator } from '../../../server/engine/evaluator';
import type { PreparableVersion } from '../../../server/engine/prepare';
import type { Rule } from '../../../server/generated/schema-types';

/**
 * `runner()` is the one way loops over many subjects evaluate: either evaluator gives the same
 * events as `evaluate`, and callers await its answer the same way whichever path ran.
 */
const rules: Rule[] = [
  {
    name: 'red',
    basis: 'test',
    priority: 5,
    conditions: { all: [{ fact: 'dpd', operator: 'greaterThan', value: { param: 'redDpd' } }] },
    event: { type: 'warning', params: { level: 'red' } },
  },
  {
    name: 'yellow',
    basis: 'test',
    priority: 1,
    conditions: { all: [{ fact: 'dpd', operator: 'greaterThan', value: 0 }] },
    event: { type: 'warning', params: { level: 'yellow' } },
  },
];
const version: PreparableVersion = {
  key: 'warning.obligor',
  version: 1,
  hash: 'runner-test',
  content: { family: 'warning.obligor', parameters: { redDpd: { value: 90, description: 'red' } }, rules },
};

/** Conditions nested `levels` deep around one leaf: more than the compiler takes. */
function nested(levels: number): Record<string, unknown> {
  let condition: Record<string, unknown> = { fact: 'dpd', operator: 'greaterThan', value: 30 };
  for (let level = 1; level < levels; level++) condition = { all: [condition] };
  return condition;
}

const evaluators: [string, () => RuleSetEvaluator][] = [
  ['json-rules-engine', () => new JsonRulesEngineEvaluator()],
  ['compiled', () => new CompiledEvaluator()],
];

test.each(evaluators)('the %s runner decides as evaluate does', async (_name, make) => {
  const evaluator = make();
  const prepared = evaluator.prepare(version);
  const run = evaluator.runner(prepared);
  for (const facts of [{ dpd: 120 }, { dpd: 10 }, { dpd: 0 }, {}]) {
    expect(await run(facts)).toEqual((await evaluator.evaluate(prepared, facts)).events);
  }
  expect((await run({ dpd: 120 })).map((event) => event.rule)).toEqual(['red', 'yellow']);
});

test('the compiled runner answers at once, without a promise per subject', () => {
  const evaluator = new CompiledEvaluator();
  const answer = evaluator.runner(evaluator.prepare(version))({ dpd: 10 });
  expect(answer).toEqual([{ type: 'warning', params: { level: 'yellow' }, rule: 'yellow' }]);
});

// Saving, submitting, publishing, rolling back and the seed all refuse what the compiler refuses: such a version is a defect, not a case to run.
test('the compiled evaluator refuses to prepare a version the compiler refuses', () => {
  const evaluator = new CompiledEvaluator();
  const deep = { ...version, hash: 'deep-70', content: { ...version.content, rules: [{ ...rules[1]!, conditions: { all: [nested(70)] } }] as Rule[] } };
  expect(() => evaluator.prepare(deep)).toThrow(RuleCompilationError);
});
