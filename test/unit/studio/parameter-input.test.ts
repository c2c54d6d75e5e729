import { formatValue, readParameterInput, type EffectiveParameter } from '../../../studio/src/authority/parameter-input';

const parameter = (ruleSetValue: unknown, bounds: EffectiveParameter['bounds']): EffectiveParameter => ({
  value: ruleSetValue as EffectiveParameter['value'],
  ruleSetValue: ruleSetValue as EffectiveParameter['value'],
  origin: { kind: 'rule-set' },
  description: 'd',
  granted: true,
  bounds,
  boundedBy: [],
});

describe('the overlay editor reads and checks what a user types', () => {
  const days = parameter(30, { min: 20, max: 40 });
  const grades = parameter(['D', 'E'], { allowedValues: ['C', 'D', 'E'] });

  it('reads numbers within the bounds and refuses others before they are submitted', () => {
    expect(readParameterInput('35', days)).toEqual({ value: 35 });
    expect(readParameterInput(' 20 ', days)).toEqual({ value: 20 });
    expect(readParameterInput('45', days)).toEqual({ problem: expect.stringContaining('20 to 40') });
    expect(readParameterInput('19.5', days)).toEqual({ problem: expect.stringContaining('below the minimum') });
    expect(readParameterInput('abc', days)).toEqual({ problem: expect.stringContaining('number') });
    expect(readParameterInput('', days)).toEqual({ problem: expect.stringContaining('Enter a value') });
  });

  it('reads lists as comma-separated items, each within the allowed values', () => {
    expect(readParameterInput('C, D', grades)).toEqual({ value: ['C', 'D'] });
    expect(readParameterInput('', grades)).toEqual({ value: [] });
    expect(readParameterInput('D, X', grades)).toEqual({ problem: expect.stringContaining('"X" is not one of') });
    expect(formatValue(['C', 'D'])).toBe('C, D');
  });

  it('reads ratios, text and booleans in the type of HQ value', () => {
    expect(readParameterInput('0.03', parameter(0.05, { min: 0.02, max: 0.05 }))).toEqual({ value: 0.03 });
    expect(readParameterInput('0.06', parameter(0.05, { min: 0.02, max: 0.05 }))).toHaveProperty('problem');
    expect(readParameterInput('22:00', parameter('21:00', { allowedValues: ['21:00', '22:00'] }))).toEqual({ value: '22:00' });
    expect(readParameterInput('false', parameter(true, {}))).toEqual({ value: false });
    expect(readParameterInput('maybe', parameter(true, {}))).toHaveProperty('problem');
  });
});
