import { Engine } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';
import { compileRules } from '../../../server/engine/compiled/compile-rules';
import { sequentialReferenceRunner } from '../../../server/engine/compiled/reference-runner';
import type { EngineSemantics, Facts, RuleEvent } from '../../../server/engine/compiled/rule-types';
import { makeGenerator, seededRandom } from '../../support/random-rules';

jest.setTimeout(300_000);

const ENGINE_OPTIONS = { allowUndefinedFacts: true };
const createEngine = () => new Engine([], ENGINE_OPTIONS);
const lookupEngine = createEngine();
const semantics: EngineSemantics = {
  operator: (name) =>
    (
      lookupEngine as unknown as { operators: { get(name: string): EngineSemantics extends never ? never : ReturnType<EngineSemantics['operator']> } }
    ).operators.get(name),
  allowUndefinedFacts: ENGINE_OPTIONS.allowUndefinedFacts,
  resolvePath: (value, path) => JSONPath({ path, json: value, wrap: false }),
};

type Outcome = { events: RuleEvent[] } | { error: true };

async function reference(run: (facts: Facts) => Promise<RuleEvent[]>, facts: Facts): Promise<Outcome> {
  try {
    return { events: await run(facts) };
  } catch {
    return { error: true };
  }
}

function compiled(run: (facts: Facts) => RuleEvent[], facts: Facts): Outcome {
  try {
    return { events: run(facts) };
  } catch {
    return { error: true };
  }
}

// The platform's own operator set gets 100,000 in compiled-standard-pack.test.ts; this run keeps
// json-rules-engine's stock operators and decorators honest too.
test('random rule sets, stock operators: the compiled path decides exactly as json-rules-engine on 30,000 fact sets', async () => {
  const random = seededRandom(20261122);
  const generate = makeGenerator(random);
  const RULE_SETS = 300;
  const FACT_SETS_PER_RULE_SET = 100;
  const firedRules = new Set<string>();
  let totalRules = 0;
  let evaluations = 0;
  let errors = 0;
  let nonEmpty = 0;

  for (let setIndex = 0; setIndex < RULE_SETS; setIndex++) {
    const rules = generate.ruleSet();
    totalRules += rules.length;
    const compiledSet = compileRules(structuredClone(rules), semantics);
    const referenceRun = sequentialReferenceRunner(structuredClone(rules), createEngine);
    for (let factIndex = 0; factIndex < FACT_SETS_PER_RULE_SET; factIndex++) {
      const facts = generate.facts();
      const expected = await reference(referenceRun, structuredClone(facts));
      const actual = compiled(compiledSet.run, structuredClone(facts));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(
          `Paths disagree.\nrules: ${JSON.stringify(rules)}\nfacts: ${JSON.stringify(facts)}\nengine: ${JSON.stringify(expected)}\ncompiled: ${JSON.stringify(actual)}`,
        );
      }
      evaluations++;
      if ('error' in expected) errors++;
      else {
        if (expected.events.length > 0) nonEmpty++;
        for (const event of expected.events) firedRules.add(`${setIndex}:${String(event.params?.rule)}`);
      }
    }
  }
  console.log(
    `differential: ${evaluations} evaluations, ${firedRules.size} of ${totalRules} distinct rules fired, ${nonEmpty} non-empty results, ${errors} runs where both paths failed`,
  );
  expect(evaluations).toBeGreaterThanOrEqual(30_000);
  // A generator that never fires anything would make agreement meaningless.
  expect(firedRules.size).toBeGreaterThan(totalRules * 0.4);
  expect(errors).toBeLessThan(evaluations * 0.2);
  expect(nonEmpty).toBeGreaterThan(evaluations * 0.2);
});
