import fs from 'node:fs';
import path from 'node:path';
import { JsonRulesEngineEvaluator } from '../../../server/engine/evaluator';
import { ruleSetHash } from '../../../server/engine/hash';
import { prepareRuleSet } from '../../../server/engine/prepare';
import { checkTestCase } from '../../../server/engine/testing';
import type { RuleCondition, RuleSetVersion, RuleTestCase } from '../../../server/generated/schema-types';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { FAMILY_NAMES } from '../../../server/rulesets/families';
import { validationContext } from '../../../server/rulesets/ruleset.catalog';
import { readStandardPack } from '../../../server/rulesets/ruleset.seed';
import { validateRuleSet } from '../../../server/rulesets/ruleset.validation';

/**
 * The golden cases: every embedded test of every standard rule set, plus the tables in
 * rules/<key>.cases.json, each run as its own jest test, and the pack's own promises
 * (every family present, every rule cited and exercised, thresholds as parameters).
 */
const rulesDirectory = path.resolve(__dirname, '../../../rules');
const pack = readStandardPack(rulesDirectory);
const context = validationContext(new SchemaRegistry(path.resolve(__dirname, '../../../schemas')));
const evaluator = new JsonRulesEngineEvaluator();
const prepare = (content: RuleSetVersion) => prepareRuleSet({ key: content.key, version: 1, hash: ruleSetHash(content), content });

interface CaseTable {
  key: string;
  cases: RuleTestCase[];
}
const tables: CaseTable[] = fs
  .readdirSync(rulesDirectory)
  .filter((name) => name.endsWith('.cases.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(rulesDirectory, name), 'utf8')) as CaseTable);

test('the pack has one rule set per family, keyed by the family name, owned by HQ', () => {
  expect(pack.map((content) => content.key).sort()).toEqual([...FAMILY_NAMES].sort());
  for (const content of pack) expect([content.key, content.orgUnit]).toEqual([content.family, 'HQ']);
  expect(tables.length).toBeGreaterThan(0);
});

describe.each(pack.map((content) => [content.key, content] as const))('%s', (_key, content) => {
  const prepared = prepare(content);

  test('is valid', () => {
    expect(validateRuleSet(content, context)).toEqual([]);
  });

  test.each(content.tests.map((testCase) => [testCase.name, testCase] as const))('embedded: %s', async (_name, testCase) => {
    const { events } = await evaluator.evaluate(prepared, testCase.facts);
    expect(checkTestCase(testCase, events).problems).toEqual([]);
  });

  test('every rule cites an article or industry practice, and fires in at least one embedded test', async () => {
    const fired = new Set<string>();
    for (const testCase of content.tests) for (const event of (await evaluator.evaluate(prepared, testCase.facts)).events) fired.add(event.rule!);
    for (const rule of content.rules) {
      expect([rule.name, /Art\. \d+|industry practice/.test(rule.basis)]).toEqual([rule.name, true]);
      expect([rule.name, fired.has(rule.name)]).toEqual([rule.name, true]);
    }
  });

  test('thresholds are parameters: no numeric literal other than 0 or 1 in any condition', () => {
    const literals: unknown[] = [];
    const walk = (condition: RuleCondition): void => {
      if ('all' in condition) condition.all.forEach(walk);
      else if ('any' in condition) condition.any.forEach(walk);
      else if ('not' in condition) walk(condition.not);
      else {
        const values = Array.isArray(condition.value) ? condition.value : [condition.value];
        for (const value of values) if (typeof value === 'number' && value !== 0 && value !== 1) literals.push([condition.fact, value]);
      }
    };
    content.rules.forEach((rule) => walk(rule.conditions));
    expect(literals).toEqual([]);
  });
});

describe.each(tables.map((table) => [table.key, table] as const))('%s.cases.json', (key, table) => {
  const content = pack.find((candidate) => candidate.key === key)!;
  const prepared = prepare(content);
  test.each(table.cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    expect(context.checkSchema(`rulesets/facts/${key.replace('.', '-')}-facts`, testCase.facts, '/facts')).toEqual([]);
    const { events } = await evaluator.evaluate(prepared, testCase.facts);
    expect(checkTestCase(testCase, events).problems).toEqual([]);
  });
});

/** A small seeded generator, so a failing combination can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('decisions are complete and exclusive on random inputs', () => {
  const next = random(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const maybe = <T>(value: T): T | undefined => (next() < 0.15 ? undefined : value);
  const strip = (facts: Record<string, unknown>) => Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));

  test('collection.action: "allow" fires exactly when no block or require-consent does', async () => {
    const prepared = prepare(pack.find((content) => content.key === 'collection.action')!);
    const times = ['00:00', '07:59', '08:00', '12:30', '21:59', '22:00', '22:01', '23:59'];
    for (let index = 0; index < 1500; index++) {
      const facts = strip({
        channel: maybe(pick(['call', 'sms', 'visit', 'letter', 'ai-call', 'legal'])),
        localTime: maybe(pick(times)),
        debtorConsent: maybe(pick([true, false])),
        target: maybe(pick(['obligor', 'guarantor', 'third-party'])),
        debtorReachable: maybe(pick([true, false])),
        consecutiveFailedAttempts: maybe(Math.floor(next() * 6)),
        disclosesDebt: maybe(pick([true, false])),
        payeeAccountType: maybe(pick(['company', 'funder', 'personal'])),
        attemptsToNumberToday: maybe(Math.floor(next() * 9)),
        effectiveCallsToday: maybe(Math.floor(next() * 5)),
        contentFlags: maybe(next() < 0.8 ? [] : [pick(['insult', 'harassment', 'impersonating-authority'])]),
        vendorStatus: maybe(pick(['none', 'active', 'suspended', 'terminated'])),
      });
      const decisions = (await evaluator.evaluate(prepared, facts)).events.map((event) => event.params!.decision);
      const allowed = decisions.filter((decision) => decision === 'allow').length;
      expect([facts, allowed, decisions.length > allowed]).toEqual([facts, allowed === 1 ? 1 : 0, allowed === 0]);
    }
  });

  test('vendor.admission: a vendor is admitted or rejected, never both, never neither', async () => {
    const prepared = prepare(pack.find((content) => content.key === 'vendor.admission')!);
    for (let index = 0; index < 1500; index++) {
      const flag = () => maybe(next() < 0.8);
      const adverse = () => maybe(next() < 0.1);
      const facts = strip({
        isLawFirm: maybe(next() < 0.3),
        businessRegistered: flag(),
        ownSecureSystem: flag(),
        phoneTeamSize: maybe(Math.floor(next() * 30)),
        monthsInBusiness: maybe(Math.floor(next() * 60)),
        bankCollectionExperienceMonths: maybe(Math.floor(next() * 36)),
        illegalOrCriminalRecord: adverse(),
        legalRepresentativeIllegalOrCriminalRecord: adverse(),
        blacklisted: adverse(),
        legalRepresentativeBlacklisted: adverse(),
        otherAdverseRecord: adverse(),
        legalRepresentativeOtherAdverseRecord: adverse(),
      });
      const decisions = new Set((await evaluator.evaluate(prepared, facts)).events.map((event) => event.params!.decision));
      expect([facts, decisions.size]).toEqual([facts, 1]);
    }
  });
});
