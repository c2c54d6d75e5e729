import path from 'node:path';
import { JsonRulesEngineEvaluator } from '../../../server/engine/evaluator';
import { ruleSetHash } from '../../../server/engine/hash';
import { prepareRuleSet } from '../../../server/engine/prepare';
import { readStandardPack } from '../../../server/rulesets/ruleset.seed';
import { assessmentOutcome } from '../../../server/vendors/scorecards/assessment-facts';

/** The standard vendor.assessment pack gives every scorecard exactly one level, and eliminates only with three or more of a kind. */
const content = readStandardPack(path.resolve(__dirname, '../../../rules')).find((candidate) => candidate.key === 'vendor.assessment')!;
const prepared = prepareRuleSet({ key: content.key, version: 1, hash: ruleSetHash(content), content });
const evaluator = new JsonRulesEngineEvaluator();

test('exactly one level fires for every score from 0 to 100 and for no score', async () => {
  const scores: (number | undefined)[] = [undefined];
  for (let score = 0; score <= 100; score += 0.5) scores.push(score);
  for (const score of scores) {
    const { events } = await evaluator.evaluate(prepared, score === undefined ? {} : { score });
    const levels = events.filter((event) => (event.params as { level?: string }).level !== undefined);
    expect([score, levels.length]).toEqual([score, 1]);
  }
});

test('the worst of its kind is eliminated from three active agencies on, never with two', async () => {
  for (const active of [0, 1, 2, 3, 4, 10]) {
    const { events } = await evaluator.evaluate(prepared, { score: 40, activeAgenciesOfKind: active, worstOfKind: true });
    expect([active, assessmentOutcome(events).measures.includes('terminate')]).toEqual([active, active >= 3]);
  }
});
