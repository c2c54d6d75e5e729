import { CompiledEvaluator } from '../../../server/engine/compiled-evaluator';
import type { PreparableVersion } from '../../../server/engine/prepare';
import { RunRules, type UnitRuleSets } from '../../../server/monitoring/effective-rule-sets';

/** Conditions nested `levels` deep around one leaf. */
function nested(levels: number): Record<string, unknown> {
  let condition: Record<string, unknown> = { fact: 'daysPastDue', operator: 'greaterThan', value: 30 };
  for (let level = 1; level < levels; level++) condition = { all: [condition] };
  return condition;
}

// A version published before saving refused what the compiler refuses (70 levels deep): the daily
// run must still evaluate it, as the evaluation API does, instead of failing the whole run.
test('a batch runner of a version the compiler refuses evaluates it on json-rules-engine', async () => {
  const evaluator = new CompiledEvaluator();
  const version = {
    key: 'warning.obligor',
    version: 7,
    hash: 'deep-70',
    content: {
      family: 'warning',
      parameters: {},
      rules: [{ name: 'deep', priority: 1, conditions: { all: [nested(70)] }, event: { type: 'warning', params: { level: 'red' } } }],
    },
  } as unknown as PreparableVersion;
  const ruleSets: UnitRuleSets = { prepared: async () => ({ prepared: evaluator.prepare(version) }) };
  const { run } = await new RunRules(ruleSets, evaluator).forUnit('warning.obligor', 'HQ');
  expect((await run({ daysPastDue: 45 })).map((event) => event.type)).toEqual(['warning']);
  expect(await run({ daysPastDue: 10 })).toEqual([]);
});
