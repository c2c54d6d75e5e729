import { canonicalJson } from '../engine/hash';
import type { RuleSetDiff, RuleSetVersion } from '../generated/schema-types';

// Structural equality on JSON data: independent of key order and of which realm built the objects.
const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

type Content = Pick<RuleSetVersion, 'description' | 'parameters' | 'rules' | 'tests'>;

/** Rules are matched by name, parameters by name; a changed rule lists which fields changed. */
export function diffRuleSets(key: string, from: number, before: Content, to: number, after: Content): RuleSetDiff {
  const beforeRules = new Map(before.rules.map((rule) => [rule.name, rule]));
  const afterRules = new Map(after.rules.map((rule) => [rule.name, rule]));
  const changedRules: RuleSetDiff['rules']['changed'] = [];
  for (const [name, rule] of afterRules) {
    const previous = beforeRules.get(name);
    if (!previous) continue;
    const fields = [...new Set([...Object.keys(previous), ...Object.keys(rule)])]
      .filter((field) => !same((previous as unknown as Record<string, unknown>)[field], (rule as unknown as Record<string, unknown>)[field]))
      .sort();
    if (fields.length > 0) changedRules.push({ name, fields, before: previous, after: rule });
  }
  const changedParameters: RuleSetDiff['parameters']['changed'] = [];
  for (const [name, parameter] of Object.entries(after.parameters)) {
    const previous = before.parameters[name];
    if (previous && !same(previous, parameter)) changedParameters.push({ name, before: previous, after: parameter });
  }
  return {
    key,
    from,
    to,
    rules: {
      added: [...afterRules.keys()].filter((name) => !beforeRules.has(name)),
      removed: [...beforeRules.keys()].filter((name) => !afterRules.has(name)),
      changed: changedRules,
    },
    parameters: {
      added: Object.keys(after.parameters).filter((name) => !(name in before.parameters)),
      removed: Object.keys(before.parameters).filter((name) => !(name in after.parameters)),
      changed: changedParameters,
    },
    descriptionChanged: before.description !== after.description,
    testsBefore: before.tests.length,
    testsAfter: after.tests.length,
  };
}
