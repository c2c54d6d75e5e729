import { performance } from 'node:perf_hooks';
import type { Family, RuleSetVersion } from '../generated/schema-types';
import { UnprocessableError, type ErrorDetail } from '../http/errors';
import type { SchemaRegistry } from '../http/schema-registry';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { prepareRuleSet, type PreparedRuleSet } from '../engine/prepare';
import { checkTestCase, type TestCaseResult } from '../engine/testing';
import { usableFieldsOf } from '../privacy/personal-data';
import { FAMILIES, FAMILY_NAMES } from './families';
import { compileProblems, nextTurn } from './ruleset.limits';
import { validateRuleSet, type ValidationContext } from './ruleset.validation';

/**
 * The most time the embedded tests of one version may take together. Each test runs in its own
 * turn of the event loop, so other requests are served in between; this caps the whole run.
 */
export const TEST_RUN_BUDGET_MS = 5000;

/** Builds validation from the schemas/ files, so fact names live in one place: the fact schemas. */
export function validationContext(schemas: SchemaRegistry): ValidationContext {
  const facts = new Map<Family, ReadonlySet<string>>();
  for (const family of FAMILY_NAMES) {
    // Personal data is accepted and masked, never a condition of a rule.
    facts.set(family, new Set(usableFieldsOf(schemas.get(FAMILIES[family].facts).schema)));
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
export async function checkRuleSet(
  content: RuleSetVersion,
  context: ValidationContext,
  evaluator: RuleSetEvaluator,
  where = '/ruleSet',
): Promise<CheckedRuleSet> {
  const problems = validateRuleSet(content, context, where);
  if (problems.length > 0) return { problems, tests: [] };
  // Each step in a turn of its own, so none holds the event loop for long.
  await nextTurn();
  // Every evaluation compiles the rules with parameters in place: refuse here what it would refuse there.
  const prepared = prepareForTests(content);
  problems.push(...(await compileProblems(prepared.rules, where)));
  if (problems.length > 0) return { problems, tests: [] };
  const tests = await runEmbeddedTests(content, evaluator, where, prepared);
  tests.forEach((result, index) => {
    for (const problem of result.problems) problems.push({ path: `${where}/tests/${index}`, message: `test "${result.name}": ${problem}` });
  });
  return { problems, tests };
}

/**
 * Prepared outside the cache: drafts change, and a cache entry per edit would only grow. Nothing
 * reads the hash of a version under test, so it is not worked out (a large version takes 20 ms).
 */
function prepareForTests(content: RuleSetVersion): PreparedRuleSet {
  return prepareRuleSet({ key: content.key, version: 0, hash: 'sha256:unhashed-version-under-test', content });
}

/**
 * Runs each embedded test in a turn of its own (json-rules-engine's promises would otherwise keep
 * the event loop for the whole run) within TEST_RUN_BUDGET_MS together: 422 when they take longer.
 */
export async function runEmbeddedTests(
  content: RuleSetVersion,
  evaluator: RuleSetEvaluator,
  where = '/ruleSet',
  prepared = prepareForTests(content),
  budgetMs = TEST_RUN_BUDGET_MS,
): Promise<TestCaseResult[]> {
  const results: TestCaseResult[] = [];
  const started = performance.now();
  for (const [index, test] of content.tests.entries()) {
    await nextTurn();
    if (performance.now() - started > budgetMs) {
      throw new UnprocessableError('test_budget_exceeded', `The embedded tests took more than ${budgetMs} ms; ${index} of ${content.tests.length} ran`, [
        { path: `${where}/tests/${index}`, message: `not run: the tests before it used the time budget of ${budgetMs} ms` },
      ]);
    }
    const outcome = await evaluator.evaluate(prepared, test.facts);
    results.push(checkTestCase(test, outcome.events));
  }
  return results;
}
