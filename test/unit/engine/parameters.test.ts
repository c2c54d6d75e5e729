import { isParameterReference, referencedParameters, resolveParameters, substituteParameters } from '../../../server/engine/parameters';

const definitions = {
  redDpd: { value: 60, min: 30, max: 180, unit: 'days', description: 'red' },
  quietStart: { value: '22:00', description: 'start' },
  tiers: { value: ['subprime'], description: 'tiers' },
};

test("parameters resolve to the version's values, and overlays on the path override in order", () => {
  expect(resolveParameters(definitions).redDpd).toEqual({ value: 60, source: 'rule-set' });
  const resolved = resolveParameters(definitions, [
    { source: 'overlay:BR-SH@1', values: { redDpd: 50, unknownName: 1 } },
    { source: 'overlay:BR-SH-PD@2', values: { redDpd: 45 } },
  ]);
  expect(resolved.redDpd).toEqual({ value: 45, source: 'overlay:BR-SH-PD@2' });
  expect(resolved.quietStart).toEqual({ value: '22:00', source: 'rule-set' });
  expect(resolved).not.toHaveProperty('unknownName');
});

test('references are replaced as whole values, list items and event params; other objects are left alone', () => {
  const resolved = resolveParameters(definitions);
  expect(substituteParameters({ param: 'redDpd' }, resolved)).toBe(60);
  expect(substituteParameters([{ param: 'quietStart' }, '08:00'], resolved)).toEqual(['22:00', '08:00']);
  expect(substituteParameters({ all: [{ fact: 'dpd', operator: 'greaterThan', value: { param: 'redDpd' } }] }, resolved)).toEqual({
    all: [{ fact: 'dpd', operator: 'greaterThan', value: 60 }],
  });
  expect(substituteParameters({ fact: 'claimPointDays' }, resolved)).toEqual({ fact: 'claimPointDays' });
  expect(() => substituteParameters({ param: 'missing' }, resolved)).toThrow(/Undefined parameter "missing"/);
  // A resolved list is a copy: evaluation cannot change the parameter through it.
  const list = substituteParameters({ param: 'tiers' }, resolved) as string[];
  list.push('prime');
  expect(resolved.tiers!.value).toEqual(['subprime']);
});

test('a reference is exactly { param: string }', () => {
  expect(isParameterReference({ param: 'x' })).toBe(true);
  expect(isParameterReference({ param: 'x', extra: 1 })).toBe(false);
  expect(isParameterReference({ param: 3 })).toBe(false);
  expect(isParameterReference(['x'])).toBe(false);
  expect(referencedParameters({ all: [{ value: [{ param: 'a' }, { param: 'b' }] }, { value: { param: 'c' } }] })).toEqual(['a', 'b', 'c']);
});
