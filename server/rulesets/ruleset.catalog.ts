import type { Family, RuleSetVersion } from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import type { SchemaRegistry } from '../http/schema-registry';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { ruleSetHash } from '../engine/hash';
import { prepareRuleSet } from '../engine/prepare';
import { checkTestCase, type TestCaseResult } from '../engine/testing';
import { FAMILIES, FAMILY_NAMES } from './families';
import { validateRuleSet, type ValidationContext } from './ruleset.validation';

/** Builds validation from the schemas/ files, so fact names live in one place: the fact schemas. */
export function validationContext(schemas: SchemaRegistry): ValidationContext {
  const facts = new Map<Family, ReadonlySet<string>>();
  for (const family of FAMILY_NAMES) {
    const schema = schemas.get(FAMILIES[family].facts).schema as { properties?: Record<string, Record<string, unknown>> };
    // Personal data is accepted and masked, never a condition of a rule.
    facts.set(family, new Set(Object.entries(schema.properties ?? {}).filter(([, property]) => property['x-personal-data'] !== true).map(([name]) => name)));
  }
  return {
    // The registry prefixes `/` itself; callers here speak in JSON pointers.
    checkSchema: (name, value, where) => schemas.check(name, value, where.replace(/^\//, '')),
    factsOf: (family) => facts.get(family) ?? new Set(),
  };
}

export interface CheckedRuleSet {
  problems: ErrorDetail[];
  tests: TestCaseResult[];
}

/**
 * Validation plus every embedded test, as submit and publish require. Test failures come back
 * as problems with the test's path, so a 422 names the test and what went wrong.
 */
export async function checkRuleSet(content: RuleSetVersion, context: ValidationContext, evaluator: RuleSetEvaluator, where = '/ruleSet'): Promise<CheckedRuleSet> {
  const problems = validateRuleSet(content, context, where);
  if (problems.length > 0) return { problems, tests: [] };
  const tests = await runEmbeddedTests(content, evaluator);
  tests.forEach((result, index) => {
    for (const problem of result.problems) problems.push({ path: `${where}/tests/${index}`, message: `test "${result.name}": ${problem}` });
  });
  return { problems, tests };
}

export async function runEmbeddedTests(content: RuleSetVersion, evaluator: RuleSetEvaluator): Promise<TestCaseResult[]> {
  // Prepared outside the cache: drafts change, and a cache entry per edit would only grow.
  const prepared = prepareRuleSet({ key: content.key, version: 0, hash: ruleSetHash(content), content });
  const results: TestCaseResult[] = [];
  for (const test of content.tests) {
    const outcome = await evaluator.evaluate(prepared, test.facts);
    results.push(checkTestCase(test, outcome.events));
  }
  return results;
}
