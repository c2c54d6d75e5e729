import { Engine } from 'json-rules-engine';
import { applyOperator, minutesOfDay, OPERATORS, operatorSpec, registerOperators, timeWithin } from '../../../server/engine/operators';
import { createPlatformEngine } from '../../../server/engine/platform-engine';

describe('time-of-day windows', () => {
  test.each([
    // [time, window, expected]
    ['22:00', ['22:00', '08:00'], true],
    ['22:01', ['22:00', '08:00'], true],
    ['23:59', ['22:00', '08:00'], true],
    ['00:00', ['22:00', '08:00'], true],
    ['07:59', ['22:00', '08:00'], true],
    ['08:00', ['22:00', '08:00'], false],
    ['21:59', ['22:00', '08:00'], false],
    ['12:00', ['22:00', '08:00'], false],
    ['12:00', ['09:00', '18:00'], true],
    ['18:00', ['09:00', '18:00'], false],
    ['08:59', ['09:00', '18:00'], false],
    ['03:00', ['00:00', '00:00'], true],
  ] as const)('%s in %j is %s', (time, window, expected) => {
    expect(timeWithin(time, window)).toBe(expected);
    expect(applyOperator('timeWithin', time, window)).toBe(expected);
    expect(applyOperator('timeOutside', time, window)).toBe(!expected);
  });

  test.each([['24:00'], ['7:59'], ['22:60'], ['noon'], [undefined], [2200]])('an invalid time %j matches neither operator', (time) => {
    expect(applyOperator('timeWithin', time, ['22:00', '08:00'])).toBe(false);
    expect(applyOperator('timeOutside', time, ['22:00', '08:00'])).toBe(false);
  });

  test('a malformed window matches nothing', () => {
    expect(applyOperator('timeWithin', '23:00', ['22:00'])).toBe(false);
    expect(applyOperator('timeOutside', '23:00', ['22:00', 'late'])).toBe(false);
    expect(minutesOfDay('23:30')).toBe(23 * 60 + 30);
  });
});

describe('ranges', () => {
  test.each([
    ['between', 5, [5, 10], true],
    ['between', 10, [5, 10], true],
    ['between', 10.01, [5, 10], false],
    ['notBetween', 4.99, [5, 10], true],
    ['notBetween', 7, [5, 10], false],
    ['inRange', 5, [5, 10], true],
    ['inRange', 10, [5, 10], false],
    ['inRange', 0.049, [0.05, 0.08], false],
    ['between', '7', [5, 10], false],
    ['between', 7, [10, 5], false],
    ['notBetween', 7, 'nonsense', false],
  ] as const)('%s(%j, %j) is %s', (operator, fact, value, expected) => {
    expect(applyOperator(operator, fact, value)).toBe(expected);
  });
});

describe('membership', () => {
  test.each([
    ['in', 'call', ['call', 'sms'], true],
    ['in', 'visit', ['call', 'sms'], false],
    ['notIn', 'visit', ['call', 'sms'], true],
    ['containsAny', ['insult', 'other'], ['insult', 'violence'], true],
    ['containsAny', [], ['insult'], false],
    ['containsNone', ['polite'], ['insult'], true],
    ['containsNone', ['insult'], ['insult'], false],
    ['contains', ['a', 'b'], 'b', true],
    ['doesNotContain', ['a', 'b'], 'c', true],
  ] as const)('%s(%j, %j) is %s', (operator, fact, value, expected) => {
    expect(applyOperator(operator, fact, value)).toBe(expected);
  });
});

describe('absent facts', () => {
  test.each(OPERATORS.filter((operator) => operator.name !== 'exists').map((operator) => operator.name))('%s is false for an absent fact', (name) => {
    const value = { array: ['x'], scalar: 1, boolean: true, 'number-pair': [0, 10], 'time-pair': ['22:00', '08:00'], any: 'x' }[operatorSpec(name)!.value];
    expect(applyOperator(name, undefined, value)).toBe(false);
  });

  test('exists tells present from absent or null', () => {
    expect(applyOperator('exists', 0, true)).toBe(true);
    expect(applyOperator('exists', undefined, true)).toBe(false);
    expect(applyOperator('exists', null, false)).toBe(true);
    expect(applyOperator('exists', 'x', false)).toBe(false);
  });

  test("registered on an engine, the negations stay false for absent facts (json-rules-engine's own would be true)", async () => {
    const rule = (operator: string) => ({
      name: operator,
      conditions: { all: [{ fact: 'channel', operator, value: operator === 'notIn' ? ['call'] : 'call' }] },
      event: { type: operator },
    });
    const plain = new Engine([rule('notEqual'), rule('notIn')], { allowUndefinedFacts: true });
    expect((await plain.run({})).events.map((event) => event.type).sort()).toEqual(['notEqual', 'notIn']);
    const ours = new Engine([rule('notEqual'), rule('notIn')], { allowUndefinedFacts: true });
    registerOperators(ours);
    expect((await ours.run({})).events).toEqual([]);
    expect((await ours.run({ channel: 'sms' })).events).toHaveLength(2);
  });
});

test('operator names: decorators are accepted, unknown names are not', () => {
  expect(operatorSpec('timeWithin')?.value).toBe('time-pair');
  expect(operatorSpec('not:equal')?.name).toBe('equal');
  expect(operatorSpec('someFact:in')?.name).toBe('in');
  expect(operatorSpec('roughly')).toBeUndefined();
  expect(operatorSpec('maybe:equal')).toBeUndefined();
  expect(() => applyOperator('roughly', 1, 1)).toThrow(/Unknown operator/);
});

test('the engine knows exactly the declared operators, none of which takes a pattern (no regular expression from a rule)', () => {
  const engine = createPlatformEngine() as unknown as { operators: { operators: Map<string, unknown> } };
  expect([...engine.operators.operators.keys()].sort()).toEqual(OPERATORS.map((operator) => operator.name).sort());
  // Every operator's value is a literal, a list or a pair: none is compiled into code or a RegExp.
  expect(new Set(OPERATORS.map((operator) => operator.value))).toEqual(new Set(['any', 'array', 'scalar', 'number-pair', 'time-pair', 'boolean']));
  expect(OPERATORS.map((operator) => operator.name).filter((name) => /match|regex|pattern|like/i.test(name))).toEqual([]);
});
