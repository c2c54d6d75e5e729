import path from 'node:path';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { validationContext } from '../../../server/rulesets/ruleset.catalog';
import { validateRuleSet } from '../../../server/rulesets/ruleset.validation';

const context = validationContext(new SchemaRegistry(path.resolve(__dirname, '../../../schemas')));

function ruleSet(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: 'claim.trigger',
    family: 'claim.trigger',
    orgUnit: 'HQ',
    description: 'test',
    parameters: { point: { value: 90, min: 30, max: 180, unit: 'days', description: 'claim point' } },
    rules: [
      {
        name: 'open',
        basis: 'Art. 15',
        conditions: { all: [{ fact: 'dpd', operator: 'greaterThanInclusive', value: { param: 'point' } }] },
        event: { type: 'claim', params: { action: 'open-claim', basis: 'Art. 15' } },
      },
    ],
    tests: [{ name: 'opens', facts: { dpd: 95 }, expect: { events: [{ type: 'claim' }] } }],
    ...overrides,
  };
}

function withRule(rule: Record<string, unknown>): Record<string, unknown> {
  const base = ruleSet();
  return { ...base, rules: [{ ...(base.rules as Record<string, unknown>[])[0], ...rule }] };
}

test('a well-formed rule set has no problems', () => {
  expect(validateRuleSet(ruleSet(), context)).toEqual([]);
});

test('the version schema is checked first, with paths', () => {
  const problems = validateRuleSet(ruleSet({ family: 'astrology', rules: [] }), context);
  expect(problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['/ruleSet/family', '/ruleSet/rules']));
});

test.each([
  ['unknown fact', { fact: 'shoeSize', operator: 'equal', value: 1 }, '/ruleSet/rules/0/conditions/all/0/fact', 'unknown fact "shoeSize" for claim.trigger'],
  [
    'fact of another family',
    { fact: 'localTime', operator: 'equal', value: '10:00' },
    '/ruleSet/rules/0/conditions/all/0/fact',
    'unknown fact "localTime" for claim.trigger',
  ],
  ['unknown operator', { fact: 'dpd', operator: 'approximately', value: 1 }, '/ruleSet/rules/0/conditions/all/0/operator', 'unknown operator "approximately"'],
  [
    'undefined parameter',
    { fact: 'dpd', operator: 'greaterThan', value: { param: 'nope' } },
    '/ruleSet/rules/0/conditions/all/0/value',
    'undefined parameter "nope"',
  ],
  [
    'undefined parameter in a list',
    { fact: 'dpd', operator: 'between', value: [1, { param: 'nope' }] },
    '/ruleSet/rules/0/conditions/all/0/value',
    'undefined parameter "nope"',
  ],
  [
    'unknown fact as a value',
    { fact: 'dpd', operator: 'greaterThan', value: { fact: 'nope' } },
    '/ruleSet/rules/0/conditions/all/0/value/fact',
    'unknown fact "nope" for claim.trigger',
  ],
  [
    'range the wrong way round',
    { fact: 'dpd', operator: 'between', value: [90, 30] },
    '/ruleSet/rules/0/conditions/all/0/value',
    'between needs [min, max] numbers with min <= max',
  ],
  ['list operator without a list', { fact: 'claimStatus', operator: 'in', value: 'none' }, '/ruleSet/rules/0/conditions/all/0/value', 'in needs a list'],
  [
    'time window that is not HH:MM',
    { fact: 'dpd', operator: 'timeWithin', value: ['10pm', '08:00'] },
    '/ruleSet/rules/0/conditions/all/0/value',
    'timeWithin needs ["HH:MM", "HH:MM"]',
  ],
])('%s is refused', (_name, condition, path, message) => {
  expect(validateRuleSet(withRule({ conditions: { all: [condition] } }), context)).toContainEqual({ path, message });
});

test('a bare comparison at the top is refused, as json-rules-engine would', () => {
  const problems = validateRuleSet(withRule({ conditions: { fact: 'dpd', operator: 'equal', value: 1 } }), context);
  expect(problems).toContainEqual({ path: '/ruleSet/rules/0/conditions', message: 'the top-level condition must be all, any or not' });
});

test('nested conditions are checked at every depth', () => {
  const problems = validateRuleSet(withRule({ conditions: { any: [{ not: { all: [{ fact: 'shoe', operator: 'equal', value: 1 }] } }] } }), context);
  expect(problems).toEqual([{ path: '/ruleSet/rules/0/conditions/any/0/not/all/0/fact', message: 'unknown fact "shoe" for claim.trigger' }]);
});

test('events must belong to the family vocabulary and fit its schema', () => {
  expect(validateRuleSet(withRule({ event: { type: 'warning', params: {} } }), context)).toContainEqual({
    path: '/ruleSet/rules/0/event/type',
    message: '"warning" is not an event of claim.trigger (allowed: claim)',
  });
  const badParams = validateRuleSet(withRule({ event: { type: 'claim', params: { action: 'pay-twice', basis: 'x' } } }), context);
  expect(badParams.map((problem) => problem.path)).toContain('/ruleSet/rules/0/event/params/action');
  expect(validateRuleSet(withRule({ event: { type: 'claim', params: { action: { param: 'missing' }, basis: 'x' } } }), context)).toContainEqual({
    path: '/ruleSet/rules/0/event/params',
    message: 'undefined parameter "missing"',
  });
});

test('parameters must sit inside their own bounds', () => {
  const problems = validateRuleSet(
    ruleSet({ parameters: { point: { value: 20, min: 30, max: 180, description: 'x' }, odd: { value: 'x', min: 1, description: 'x' } } }),
    context,
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      {
        path: '/ruleSet/parameters/point/value',
        message: 'point = 20 is outside its bounds [30, 180] (参数 point 的值 20 超出其范围 [30, 180])',
        parameter: 'point',
        value: 20,
        min: 30,
        max: 180,
      },
      {
        path: '/ruleSet/parameters/odd/value',
        message: 'odd = "x" is not a number; its bounds are [1, ∞] (参数 odd 须为数字)',
        parameter: 'odd',
        value: 'x',
        min: 1,
      },
    ]),
  );
});

test('duplicate rule names, test facts against the fact schema and expected event types are checked', () => {
  const base = ruleSet();
  const rule = (base.rules as unknown[])[0];
  const problems = validateRuleSet(
    { ...base, rules: [rule, rule], tests: [{ name: 't', facts: { dpd: 'ninety' }, expect: { events: [{ type: 'warning' }] } }] },
    context,
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      { path: '/ruleSet/rules/1/name', message: 'duplicate rule name "open"' },
      expect.objectContaining({ path: '/ruleSet/tests/0/facts/dpd' }),
      { path: '/ruleSet/tests/0/expect/events/0/type', message: '"warning" is not an event of claim.trigger' },
    ]),
  );
});
