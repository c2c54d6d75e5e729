import fs from 'node:fs';
import path from 'node:path';
import { CompiledEvaluator } from '../../../server/engine/compiled-evaluator';
import { JsonRulesEngineEvaluator } from '../../../server/engine/evaluator';
import { ruleSetHash } from '../../../server/engine/hash';
import { missingFacts, missingFactsByRule, referencedFacts, unsuppliedFacts } from '../../../server/engine/missing-facts';
import { prepareRuleSet } from '../../../server/engine/prepare';
import type { Rule, RuleSetVersion } from '../../../server/generated/schema-types';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function standard(key: string) {
  const content = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', `${key}.json`), 'utf8')) as RuleSetVersion;
  return prepareRuleSet({ key, version: 1, hash: ruleSetHash(content), content });
}

function ruleSet(rules: Rule[]) {
  const content = { family: 'warning.obligor' as const, parameters: { limit: { value: 10, description: 'limit' } }, rules };
  return prepareRuleSet({ key: 'k', version: 1, hash: ruleSetHash(content), content });
}

const rule = (name: string, conditions: Rule['conditions']): Rule => ({
  name,
  basis: 'test',
  conditions,
  event: { type: 'warning', params: { level: 'yellow' } },
});

test("the integrator's call: claim.trigger with dpd 0 and a requested claim misses overdueAmount", async () => {
  const prepared = standard('claim.trigger');
  const facts = { dpd: 0, claimStatus: 'requested' };
  for (const evaluator of [new JsonRulesEngineEvaluator(), new CompiledEvaluator()]) {
    const outcome = await evaluator.evaluate(prepared, facts);
    expect(outcome.events).toEqual([]);
    expect(outcome.missingFacts).toContain('overdueAmount');
    expect(outcome.missingFacts).toEqual(['claimPointDays', 'overdueAmount', 'repaymentResumed']);
  }
  // The open-claim rules are decided false by the facts sent (the claim is already requested): they list nothing.
  const byRule = missingFactsByRule(prepared, facts, new Set());
  expect([...byRule.keys()].sort()).toEqual(['advise-withdrawal', 'suspend-claim']);
  expect(byRule.get('advise-withdrawal')).toEqual(['overdueAmount']);
});

test('a rule that fired, or that present facts decide false, lists no missing facts', () => {
  const prepared = ruleSet([
    rule('both', {
      all: [
        { fact: 'dpd', operator: 'greaterThanInclusive', value: 30 },
        { fact: 'overdueAmount', operator: 'greaterThan', value: 1000 },
      ],
    }),
    rule('either', {
      any: [
        { fact: 'dpd', operator: 'greaterThanInclusive', value: 30 },
        { fact: 'scoreDrop', operator: 'greaterThan', value: 50 },
      ],
    }),
  ]);
  // dpd 0 decides `both` false whatever overdueAmount is; `either` could still fire on scoreDrop.
  expect(missingFacts(prepared, { dpd: 0 }, [])).toEqual(['scoreDrop']);
  // dpd 45: `either` fired; `both` waits for overdueAmount.
  expect(missingFacts(prepared, { dpd: 45 }, [{ type: 'warning', rule: 'either' }])).toEqual(['overdueAmount']);
  // Nothing sent: every rule is undecided.
  expect(missingFacts(prepared, {}, [])).toEqual(['dpd', 'overdueAmount', 'scoreDrop']);
  // Everything sent: nothing is missing.
  expect(missingFacts(prepared, { dpd: 0, overdueAmount: 0, scoreDrop: 0 }, [])).toEqual([]);
});

test('exists decides on an absent fact, null is a value sent, not keeps unknown unknown, and facts compared with count', () => {
  const prepared = ruleSet([
    rule('no-claim-point', {
      all: [
        { fact: 'claimPointDays', operator: 'exists', value: true },
        { fact: 'dpd', operator: 'greaterThan', value: 0 },
      ],
    }),
    rule('ratio', { all: [{ fact: 'grade', operator: 'equal', value: null }] }),
    rule('negated', {
      all: [{ not: { fact: 'claimed', operator: 'equal', value: true } }, { fact: 'dpd', operator: 'lessThan', value: { fact: 'monthsOnBook' } }],
    }),
  ]);
  // no-claim-point: exists false decides it; ratio: grade sent as null is decided; negated: not(unknown) and dpd < absent monthsOnBook.
  expect(Object.fromEntries(missingFactsByRule(prepared, { grade: null, dpd: 5 }, new Set()))).toEqual({ negated: ['claimed', 'monthsOnBook'] });
  // With claimed sent true, `not` is false: decided.
  expect(missingFactsByRule(prepared, { grade: null, dpd: 5, claimed: true }, new Set()).size).toBe(0);
});

test('referenced facts include exists tests and facts compared with; unsupplied facts are the referenced ones never supplied', () => {
  const prepared = standard('claim.trigger');
  expect(referencedFacts(prepared.rules)).toEqual(['claimPointDays', 'claimStatus', 'contractClaimConditionMet', 'dpd', 'overdueAmount', 'repaymentResumed']);
  expect(unsuppliedFacts(prepared.rules, ['dpd', 'claimPointDays', 'claimStatus', 'overdueAmount', 'remainingPrincipal'])).toEqual([
    'contractClaimConditionMet',
    'repaymentResumed',
  ]);
  expect(unsuppliedFacts(prepared.rules, new Set(referencedFacts(prepared.rules)))).toEqual([]);
});

test("the explanation lists each undecided rule's missing facts and marks the leaves whose fact was not sent", async () => {
  const prepared = standard('claim.trigger');
  const { explanation, missingFacts: missing } = await new JsonRulesEngineEvaluator().evaluate(
    prepared,
    { dpd: 0, claimStatus: 'requested' },
    { explain: true },
  );
  expect(explanation!.missingFacts).toEqual(missing);
  const advise = explanation!.rules.find((entry) => entry.name === 'advise-withdrawal')!;
  expect(advise.missingFacts).toEqual(['overdueAmount']);
  expect(advise.conditions).toMatchObject({
    all: [
      { fact: 'claimStatus', factValue: 'requested', result: true },
      { fact: 'overdueAmount', missing: ['overdueAmount'] },
    ],
  });
  expect(advise.conditions).not.toHaveProperty('all.0.missing');
  // dpd was sent, the claim point it is compared with was not.
  const suspend = explanation!.rules.find((entry) => entry.name === 'suspend-claim')!;
  expect(suspend.conditions).toMatchObject({ all: [{}, {}, {}, { fact: 'dpd', factValue: 0, missing: ['claimPointDays'] }] });
  expect(explanation!.rules.find((entry) => entry.name === 'open-claim-at-claim-point')!.missingFacts).toEqual([]);
});
