import { diffRuleSets } from '../../../server/rulesets/ruleset.diff';
import type { Rule } from '../../../server/generated/schema-types';

const rule = (name: string, value: number, basis = 'Art. 7'): Rule => ({
  name,
  basis,
  conditions: { all: [{ fact: 'dpd', operator: 'greaterThan', value }] },
  event: { type: 'warning', params: { level: 'red' } },
});

test('rules added, removed and changed by name, parameters added, removed and changed', () => {
  const before = {
    description: 'a',
    parameters: { red: { value: 60, description: 'r' }, gone: { value: 1, description: 'g' } },
    rules: [rule('keep', 1), rule('change', 2), rule('drop', 3)],
    tests: [],
  };
  const after = {
    description: 'a',
    parameters: { red: { value: 55, description: 'r' }, fresh: { value: 2, description: 'f' } },
    rules: [rule('keep', 1), rule('change', 5, 'Art. 8'), rule('add', 4)],
    tests: [{ name: 't', facts: {}, expect: { events: [] } }],
  };
  const diff = diffRuleSets('k', 1, before, 2, after);
  expect(diff.rules.added).toEqual(['add']);
  expect(diff.rules.removed).toEqual(['drop']);
  expect(diff.rules.changed).toEqual([{ name: 'change', fields: ['basis', 'conditions'], before: before.rules[1], after: after.rules[1] }]);
  expect(diff.parameters).toEqual({
    added: ['fresh'],
    removed: ['gone'],
    changed: [{ name: 'red', before: { value: 60, description: 'r' }, after: { value: 55, description: 'r' } }],
  });
  expect(diff).toMatchObject({ descriptionChanged: false, testsBefore: 0, testsAfter: 1 });
});

test('identical content has an empty diff', () => {
  const content = { description: 'a', parameters: {}, rules: [rule('a', 1)], tests: [] };
  expect(diffRuleSets('k', 1, content, 2, structuredClone(content))).toMatchObject({
    rules: { added: [], removed: [], changed: [] },
    parameters: { added: [], removed: [], changed: [] },
  });
});
