import { locatePointer, ruleSetPointer } from '../../../studio/src/editor/json-pointer';

const text = JSON.stringify(
  { key: 'k', parameters: { redDpd: { value: 60 } }, rules: [{ name: 'a', conditions: { all: [{ fact: 'dpd' }, { fact: 'x "y"', value: [1, 2] }] } }] },
  null,
  2,
);
const at = (pointer: string) => {
  const span = locatePointer(text, pointer);
  return span ? text.slice(span.start, span.end) : undefined;
};

describe('JSON pointer to text position', () => {
  it('finds values, array items and escaped strings', () => {
    expect(at('/key')).toBe('"k"');
    expect(at('/parameters/redDpd/value')).toBe('60');
    expect(at('/rules/0/conditions/all/1/fact')).toBe('"x \\"y\\""');
    expect(at('/rules/0/conditions/all/1/value')).toBe('"value"'); // a container: its key
  });

  it('falls back to the deepest node that exists', () => {
    expect(at('/parameters/redDpd/unit')).toBe('"redDpd"');
    expect(at('/rules/5')).toBe('"rules"');
  });

  it('reads rule-set paths from API details', () => {
    expect(ruleSetPointer('/body/ruleSet/rules/0/name')).toBe('/rules/0/name');
    expect(ruleSetPointer('/ruleSet/parameters/yellowDpd/value')).toBe('/parameters/yellowDpd/value');
    expect(ruleSetPointer('/ruleSet')).toBe('');
    expect(ruleSetPointer('/body/revision')).toBeUndefined();
  });
});
