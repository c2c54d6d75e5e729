import path from 'node:path';
import { JsonRulesEngineEvaluator } from '../../../server/engine/evaluator';
import type { DecisionEvent } from '../../../server/engine/evaluate';
import { ruleSetHash } from '../../../server/engine/hash';
import { prepareRuleSet } from '../../../server/engine/prepare';
import { readStandardPack } from '../../../server/rulesets/ruleset.seed';

const pack = readStandardPack(path.resolve(__dirname, '../../../rules'));
const evaluator = new JsonRulesEngineEvaluator();

/** Evaluates a standard rule set of rules/ on facts, as the daily runs will through the published version. */
export function standardRules(key: string): (facts: Record<string, unknown>) => Promise<DecisionEvent[]> {
  const content = pack.find((candidate) => candidate.key === key);
  if (!content) throw new Error(`No standard rule set ${key}`);
  const prepared = prepareRuleSet({ key, version: 1, hash: ruleSetHash(content), content });
  return async (facts) => (await evaluator.evaluate(prepared, facts)).events;
}
