import fs from 'node:fs';
import path from 'node:path';
import { compileRules } from '../../../server/engine/compiled/compile-rules';
import { sequentialReferenceRunner } from '../../../server/engine/compiled/reference-runner';
import type { Facts, Rule, RuleEvent } from '../../../server/engine/compiled/rule-types';
import { createPlatformEngine, platformSemantics } from '../../../server/engine/platform-engine';
import { prepareRuleSet } from '../../../server/engine/prepare';
import { FAMILIES } from '../../../server/rulesets/families';
import { factGenerator } from '../../support/random-facts';
import { makeGenerator, PLATFORM_OPERATOR_VALUES, seededRandom } from '../../support/random-rules';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../../..');
const semantics = platformSemantics();
type Outcome = { events: RuleEvent[] } | { error: string };

async function agree(
  rules: Rule[],
  reference: (facts: Facts) => Promise<RuleEvent[]>,
  run: (facts: Facts) => RuleEvent[],
  facts: Facts,
): Promise<RuleEvent[] | undefined> {
  const expected: Outcome = await reference(structuredClone(facts)).then(
    (events) => ({ events }),
    () => ({ error: 'failed' }),
  );
  let actual: Outcome;
  try {
    actual = { events: run(structuredClone(facts)) };
  } catch {
    actual = { error: 'failed' };
  }
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `Paths disagree.\nrules: ${JSON.stringify(rules)}\nfacts: ${JSON.stringify(facts)}\nengine: ${JSON.stringify(expected)}\ncompiled: ${JSON.stringify(actual)}`,
    );
  }
  return 'events' in expected ? expected.events : undefined;
}

// How many fact sets each check runs: the embedded tests reach every rule of every pack, the random ones the
// combinations; 1,000 keeps the file near half a minute of CI's budget (3,000 took 80 s). The earlier sizes (10,000 per
// pack, 100,000 random) run on demand: `EQUIVALENCE_FACT_SETS=10000 npx jest compiled-standard-pack`.
const FACT_SETS_PER_PACK = Number(process.env.EQUIVALENCE_FACT_SETS ?? 1_000);
const FACT_SETS_PER_RANDOM_RULE_SET = Math.max(1, Math.round(FACT_SETS_PER_PACK / 100));

const packFiles = fs.readdirSync(path.join(ROOT, 'rules')).filter((file) => /^[a-z.]+\.json$/.test(file) && !file.endsWith('.cases.json'));

test.each(packFiles)(
  `standard pack %s: the compiled path decides as json-rules-engine on ${FACT_SETS_PER_PACK.toLocaleString('en')} random fact sets`,
  async (file) => {
    const content = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', file), 'utf8'));
    const prepared = prepareRuleSet({ key: content.key, version: 1, hash: 'test', content });
    const rules = prepared.rules as unknown as Rule[];
    const factSchema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', `${FAMILIES[content.family as keyof typeof FAMILIES].facts}.json`), 'utf8'));
    const nextFacts = factGenerator(factSchema, rules, seededRandom(file.length * 7919));
    const reference = sequentialReferenceRunner(rules, () => createPlatformEngine());
    const compiled = compileRules(rules, semantics);
    const fired = new Set<string>();
    // The embedded tests' facts first (they reach every rule), then random ones.
    const embedded = (content.tests as { facts: Facts }[]).map((test) => test.facts);
    for (let index = 0; index < FACT_SETS_PER_PACK; index++) {
      const facts = index < embedded.length ? embedded[index]! : nextFacts();
      const events = await agree(rules, reference, compiled.run, facts);
      for (const event of events ?? []) fired.add(JSON.stringify(event));
    }
    const distinctEvents = new Set(rules.map((rule) => JSON.stringify({ type: rule.event.type, ...(rule.event.params ? { params: rule.event.params } : {}) })))
      .size;
    console.log(`${file}: ${FACT_SETS_PER_PACK} fact sets, ${fired.size} of ${distinctEvents} distinct rule events fired`);
    expect(fired.size).toBe(distinctEvents);
  },
);

test(`random rule sets with the platform operators: compiled and json-rules-engine agree on ${(1000 * FACT_SETS_PER_RANDOM_RULE_SET).toLocaleString('en')} fact sets`, async () => {
  const random = seededRandom(4242);
  const generate = makeGenerator(random, { customOperators: PLATFORM_OPERATOR_VALUES });
  const fired = new Set<string>();
  let totalRules = 0;
  let evaluations = 0;
  for (let setIndex = 0; setIndex < 1000; setIndex++) {
    const rules = generate.ruleSet();
    totalRules += rules.length;
    const reference = sequentialReferenceRunner(rules, () => createPlatformEngine());
    const compiled = compileRules(structuredClone(rules), semantics);
    for (let index = 0; index < FACT_SETS_PER_RANDOM_RULE_SET; index++) {
      const events = await agree(rules, reference, compiled.run, generate.facts());
      evaluations++;
      for (const event of events ?? []) fired.add(`${setIndex}:${String(event.params?.rule)}`);
    }
  }
  console.log(`platform operators: ${evaluations} evaluations, ${fired.size} of ${totalRules} distinct rules fired`);
  expect(evaluations).toBe(1000 * FACT_SETS_PER_RANDOM_RULE_SET);
  expect(fired.size).toBeGreaterThan(totalRules * 0.4);
});
