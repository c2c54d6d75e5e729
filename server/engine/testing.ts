import type { RuleTestCase } from '../generated/schema-types';
import type { DecisionEvent } from './evaluate';
import { canonicalJson } from './hash';

export interface TestCaseResult {
  name: string;
  passed: boolean;
  problems: string[];
  events: DecisionEvent[];
}

/**
 * Compares what fired with what a test case expects: every expected event must match a
 * distinct actual event of the same type whose params include the expected ones; with
 * `only` (the default) nothing else may fire.
 */
export function checkTestCase(test: RuleTestCase, events: DecisionEvent[]): TestCaseResult {
  const unmatched = [...events];
  const problems: string[] = [];
  for (const expected of test.expect.events) {
    const index = unmatched.findIndex((actual) => actual.type === expected.type && paramsInclude(actual.params ?? {}, expected.params ?? {}));
    if (index === -1) problems.push(`expected ${describe(expected)} but it did not fire`);
    else unmatched.splice(index, 1);
  }
  if (test.expect.only !== false) for (const extra of unmatched) problems.push(`unexpected ${describe(extra)}${extra.rule ? ` from rule ${extra.rule}` : ''}`);
  return { name: test.name, passed: problems.length === 0, problems, events };
}

function paramsInclude(actual: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([key, value]) => canonicalJson(actual[key]) === canonicalJson(value));
}

function describe(event: { type: string; params?: Record<string, unknown> }): string {
  return `${event.type} ${JSON.stringify(event.params ?? {})}`;
}
