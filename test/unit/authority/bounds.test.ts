import {
  boundDefinitionProblems,
  boundProblem,
  describeBound,
  mergeBounds,
  narrowingProblem,
  parameterKind,
  typeProblem,
} from '../../../server/authority/bounds';

const days = { value: 30, min: 8, max: 90, unit: 'days', description: 'orange dpd' };
const grades = { value: ['D', 'E'], description: 'watch grades' };

describe('bounds on a parameter', () => {
  it.each([
    [30, { min: 20, max: 40 }, undefined],
    [20, { min: 20, max: 40 }, undefined],
    [40, { min: 20, max: 40 }, undefined],
    [19, { min: 20, max: 40 }, 'below the minimum'],
    [41, { min: 20, max: 40 }, 'above the maximum'],
    [45, { min: 20 }, undefined],
    [25, { allowedValues: [20, 30] }, 'not one of the allowed values'],
    [30, { allowedValues: [20, 30], max: 25 }, 'above the maximum'],
    [['D'], { allowedValues: ['D', 'E', 'F'] }, undefined],
    [['D', 'X'], { allowedValues: ['D', 'E', 'F'] }, '"X" is not one of'],
    [[], { allowedValues: ['D'] }, undefined],
    [true, { allowedValues: [false] }, 'not one of'],
  ])('%j within %j: %s', (value, bound, problem) => {
    const found = boundProblem(value, bound);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it('judges a parameter kind from HQ value and refuses values of another type', () => {
    expect(parameterKind(30)).toBe('number');
    expect(parameterKind(['D'])).toBe('string-list');
    expect(parameterKind([1, 2])).toBe('number-list');
    expect(parameterKind([])).toBe('list');
    expect(parameterKind(true)).toBe('boolean');
    expect(typeProblem('30', 'number')).toContain('must be a number');
    expect(typeProblem(Number.NaN, 'number')).toContain('must be a number');
    expect(typeProblem('D', 'string-list')).toContain('list');
    expect(typeProblem(['D', 3], 'string-list')).toContain('item 1');
    expect(typeProblem([3, 'x'], 'list')).toBeUndefined();
    expect(typeProblem(12, 'number')).toBeUndefined();
  });

  it('checks a grant bound against the parameter: ranges for numbers only, types, order and the own limits', () => {
    expect(boundDefinitionProblems({ min: 20, max: 40 }, days)).toEqual([]);
    expect(boundDefinitionProblems({ min: 40, max: 20 }, days)).toEqual([['min', '40 is above max 20']]);
    expect(boundDefinitionProblems({ min: 5 }, days)).toEqual([['min', "5 is below the parameter's own minimum 8"]]);
    expect(boundDefinitionProblems({ max: 100 }, days)).toEqual([['max', "100 is above the parameter's own maximum 90"]]);
    expect(boundDefinitionProblems({ allowedValues: [20, '30'] }, days)).toEqual([['allowedValues/1', "must be a number, the type of the parameter's value"]]);
    expect(boundDefinitionProblems({ min: 1 }, grades)[0]![1]).toContain('needs a numeric parameter');
    expect(boundDefinitionProblems({ allowedValues: ['D', 'E', 'F'] }, grades)).toEqual([]);
    expect(boundDefinitionProblems({}, days)).toEqual([['', 'give min, max or allowedValues']]);
  });

  it('merges bounds to the tightest range and the common allowed values', () => {
    expect(mergeBounds([{ min: 8, max: 90 }, { min: 20, max: 40 }, { min: 25 }])).toEqual({ min: 25, max: 40 });
    expect(mergeBounds([{ allowedValues: ['D', 'E', 'F'] }, { allowedValues: ['E', 'F', 'G'] }])).toEqual({ allowedValues: ['E', 'F'] });
    expect(mergeBounds([])).toEqual({});
  });

  it('accepts only narrower bounds for a sub-branch', () => {
    expect(narrowingProblem({ min: 25, max: 35 }, { min: 20, max: 40 })).toBeUndefined();
    expect(narrowingProblem({ min: 15, max: 35 }, { min: 20, max: 40 })).toContain("below the parent's minimum 20");
    expect(narrowingProblem({ min: 25 }, { min: 20, max: 40 })).toContain("above the parent's maximum 40");
    expect(narrowingProblem({ allowedValues: [25, 30] }, { min: 20, max: 40 })).toBeUndefined();
    expect(narrowingProblem({ allowedValues: ['D'] }, { allowedValues: ['D', 'E'] })).toBeUndefined();
    expect(narrowingProblem({ allowedValues: ['D', 'X'] }, { allowedValues: ['D', 'E'] })).toContain('"X"');
    expect(narrowingProblem({ min: 1, max: 2 }, { allowedValues: [1, 2] })).toContain('must list allowedValues');
  });

  it('describes bounds for people', () => {
    expect(describeBound({ min: 20, max: 40 })).toBe('20 to 40');
    expect(describeBound({ min: 0.02 })).toBe('at least 0.02');
    expect(describeBound({ max: 5 })).toBe('at most 5');
    expect(describeBound({ allowedValues: ['D', 'E'] })).toBe('one of ["D","E"]');
    expect(describeBound({})).toBe('any value');
  });
});
