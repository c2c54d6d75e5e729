import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { validationContext } from '../../../server/rulesets/ruleset.catalog';
import { validateRuleSet } from '../../../server/rulesets/ruleset.validation';
import { readStandardPack } from '../../../server/rulesets/ruleset.seed';
import { MANDATED_SCENARIOS, scenarioSetOf } from '../../../server/stress/mandated-scenarios';
import { standardRules } from '../families/standard-pack';

/** stress.scenario: the seven scenarios Art. 33 names are always in the set; a draft without one is refused, field by field. */
const context = validationContext(new SchemaRegistry(path.resolve(__dirname, '../../../schemas')));
const pack = readStandardPack(path.resolve(__dirname, '../../../rules')).find((content) => content.key === 'stress.scenario')!;
const evaluate = standardRules('stress.scenario');

test('the standard pack is valid and raises the seven named scenarios and two thresholds for both horizons', async () => {
  expect(validateRuleSet(pack, context)).toEqual([]);
  for (const horizon of ['quarter', 'year']) {
    const set = scenarioSetOf(await evaluate({ horizon, orgUnit: 'HQ' }));
    expect(set.scenarios.map((scenario) => scenario.id)).toEqual(MANDATED_SCENARIOS.map((scenario) => scenario.id));
    expect(set.thresholds.map((threshold) => [threshold.capital, threshold.minimumRatioBp])).toEqual([
      ['core', 5_000],
      ['comprehensive', 10_000],
    ]);
    expect(set.missing).toEqual([]);
  }
});

test('a set without a named scenario is refused with a field-level error naming it', () => {
  const without = { ...pack, rules: pack.rules.filter((rule) => rule.name !== 'scenario-loss-rate-15') };
  expect(validateRuleSet(without, context)).toEqual([{ path: '/ruleSet/rules', message: expect.stringContaining('loss-rate-15'), scenario: 'loss-rate-15' }]);
});

test("changing a named scenario's figure removes it: the set must still hold -50 % somewhere", () => {
  const changed = structuredClone(pack);
  (changed.rules[1]!.event.params as Record<string, unknown>).premiumIncomeChangePercent = -40;
  const problems = validateRuleSet(changed, context);
  expect(problems.map((problem) => problem.scenario)).toEqual(['premium-50']);
});

test('extra scenarios are allowed; duplicate scenario ids and a set without thresholds are not', () => {
  const extra = structuredClone(pack);
  extra.rules.push({ ...structuredClone(extra.rules[0]!), name: 'scenario-premium-30' });
  (extra.rules.at(-1)!.event.params as Record<string, unknown>).premiumIncomeChangePercent = -30;
  expect(validateRuleSet(extra, context).map((problem) => problem.message)).toEqual([expect.stringContaining('duplicate scenario id "premium-25"')]);
  (extra.rules.at(-1)!.event.params as Record<string, unknown>).id = 'premium-30';
  expect(validateRuleSet(extra, context)).toEqual([]);
  const bare = { ...pack, rules: pack.rules.filter((rule) => rule.event.type !== 'threshold') };
  expect(validateRuleSet(bare, context).map((problem) => problem.path)).toEqual(['/ruleSet/rules']);
});

test('a fired set missing a named scenario reports it (a rule whose conditions leave out a horizon)', () => {
  const set = scenarioSetOf([]);
  expect(set.missing.map((scenario) => scenario.id)).toEqual(MANDATED_SCENARIOS.map((scenario) => scenario.id));
});

test('a liquidity scenario changes premium or loss ratio, a solvency scenario only the loss rate', () => {
  const mixed = structuredClone(pack);
  (mixed.rules[4]!.event.params as Record<string, unknown>).premiumIncomeChangePercent = -10;
  expect(validateRuleSet(mixed, context).map((problem) => [problem.path, problem.message])).toEqual([
    ['/ruleSet/rules/4/event/params', 'a solvency scenario sets annualizedLossRatePercent only'],
    // No longer the named loss-rate-10: its figures changed.
    ['/ruleSet/rules', expect.stringContaining('loss-rate-10')],
  ]);
});
