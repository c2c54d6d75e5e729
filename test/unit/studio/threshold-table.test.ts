import fs from 'node:fs';
import path from 'node:path';
import type { RuleSetVersion } from '../../../server/generated/schema-types';
import { applyTableEdit, parseCellValue, thresholdRows } from '../../../studio/src/editor/threshold-table';

const pack = (key: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'rules', `${key}.json`), 'utf8')) as RuleSetVersion;

describe('threshold table <-> JSON', () => {
  const warning = pack('warning.obligor');

  it('gives one row per threshold condition, with the segment, the parameter and the level', () => {
    const rows = thresholdRows(warning);
    const red = rows.find((row) => row.ruleName === 'red-dpd')!;
    expect(red).toMatchObject({ fact: 'dpd', operator: 'greaterThanInclusive', operands: [{ param: 'redDpd', value: 60 }], list: false, level: 'red' });
    const orange = rows.find((row) => row.ruleName === 'orange-dpd')!;
    expect(orange).toMatchObject({
      operator: 'inRange',
      list: true,
      operands: [
        { param: 'orangeDpd', value: 30 },
        { param: 'redDpd', value: 60 },
      ],
    });
    expect(red.segment).toContain('not customerTier ∈ 属于 is one of subprimeTiers=[subprime]');
    // Every rule of the pack shows up at least once.
    expect(new Set(rows.map((row) => row.ruleName))).toEqual(new Set(warning.rules.map((rule) => rule.name)));
  });

  it('a parameter value edited in the table changes the parameter, and the rows follow', () => {
    const red = thresholdRows(warning).find((row) => row.ruleName === 'red-dpd')!;
    const next = applyTableEdit(warning, { kind: 'value', row: red, operand: 0, value: 55 });
    expect(next.parameters.redDpd!.value).toBe(55);
    expect(warning.parameters.redDpd!.value).toBe(60); // the input is not mutated
    expect(thresholdRows(next).find((row) => row.ruleName === 'red-dpd')!.operands[0]!.value).toBe(55);
    // The orange band's upper bound is the same parameter, so it follows too.
    expect(thresholdRows(next).find((row) => row.ruleName === 'orange-dpd')!.operands[1]!.value).toBe(55);
    // Nothing else changed: the JSON differs only at the parameter.
    expect({ ...next, parameters: { ...next.parameters, redDpd: warning.parameters.redDpd } }).toEqual(warning);
  });

  it('edits a literal value, an operator and a level in place', () => {
    // The generated type of a leaf's value is loose (the schema leaves it open), hence the cast.
    const ruleSet = {
      key: 'warning.obligor',
      family: 'warning.obligor',
      orgUnit: 'HQ',
      description: 'test',
      parameters: {},
      tests: [],
      rules: [
        {
          name: 'r',
          basis: 'Art. 7',
          conditions: { all: [{ fact: 'channel', operator: 'equal', value: 'internet' }, { any: [{ fact: 'dpd', operator: 'greaterThan', value: 10 }] }] },
          event: { type: 'warning', params: { level: 'yellow', signal: 'dpd', basis: 'Art. 7' } },
        },
      ],
    } as unknown as RuleSetVersion;
    const [row] = thresholdRows(ruleSet);
    expect(row).toMatchObject({ fact: 'dpd', conditionPath: [1, 0], segment: 'channel = 等于 equals internet', operands: [{ value: 10 }] });
    let next = applyTableEdit(ruleSet, { kind: 'value', row: row!, operand: 0, value: 12 });
    next = applyTableEdit(next, { kind: 'operator', row: row!, operator: 'greaterThanInclusive' });
    next = applyTableEdit(next, { kind: 'level', ruleIndex: 0, level: 'orange' });
    expect(next.rules[0]!.conditions).toEqual({
      all: [{ fact: 'channel', operator: 'equal', value: 'internet' }, { any: [{ fact: 'dpd', operator: 'greaterThanInclusive', value: 12 }] }],
    });
    expect(next.rules[0]!.event.params).toEqual({ level: 'orange', signal: 'dpd', basis: 'Art. 7' });
  });

  it('covers every rule of every standard pack without throwing', () => {
    for (const key of [
      'warning.obligor',
      'warning.portfolio',
      'disposition',
      'collection.action',
      'vendor.admission',
      'claim.trigger',
      'collection.assignment',
      'vendor.assessment',
      'claim.handling',
      'recovery.impairment',
      'complaint.handling',
      'stress.scenario',
      'actuarial.notice',
      'partner.review',
    ]) {
      const ruleSet = pack(key);
      const rows = thresholdRows(ruleSet);
      expect(new Set(rows.map((row) => row.ruleIndex)).size).toBe(ruleSet.rules.length);
    }
  });

  it('edits a literal item of a list that also references a parameter', () => {
    // The generated type of a leaf's value is loose (the schema leaves it open), hence the cast.
    const ruleSet = {
      key: 'warning.obligor',
      family: 'warning.obligor',
      orgUnit: 'HQ',
      description: 'test',
      parameters: { top: { value: 60, description: 'top' } },
      tests: [],
      rules: [
        {
          name: 'band',
          basis: 'Art. 7',
          conditions: { all: [{ fact: 'dpd', operator: 'inRange', value: [30, { param: 'top' }] }] },
          event: { type: 'warning', params: { level: 'orange', signal: 'dpd', basis: 'Art. 7' } },
        },
      ],
    } as unknown as RuleSetVersion;
    const [row] = thresholdRows(ruleSet);
    const next = applyTableEdit(ruleSet, { kind: 'value', row: row!, operand: 0, value: 40 });
    expect(next.rules[0]!.conditions).toEqual({ all: [{ fact: 'dpd', operator: 'inRange', value: [40, { param: 'top' }] }] });
    expect(applyTableEdit(ruleSet, { kind: 'value', row: row!, operand: 1, value: 90 }).parameters.top!.value).toBe(90);
  });

  it('reads typed cell values', () => {
    expect(parseCellValue(' 45 ', 60)).toBe(45);
    expect(parseCellValue('0.05', 0.1)).toBe(0.05);
    expect(parseCellValue('["a","b"]', [])).toEqual(['a', 'b']);
    expect(parseCellValue('true', false)).toBe(true);
    expect(parseCellValue('22:00', '21:00')).toBe('22:00');
  });

  it('keeps OR branches visible: each alternative is marked, and a segment that is only one alternative says so', () => {
    const rows = thresholdRows({
      parameters: {},
      rules: [
        {
          name: 'either',
          basis: 'x',
          event: { type: 'warning', params: { level: 'yellow' } },
          conditions: {
            all: [
              {
                any: [
                  { fact: 'customerTier', operator: 'equal', value: 'prime' },
                  { fact: 'dpd', operator: 'greaterThan', value: 5 },
                ],
              },
              { fact: 'scoreDrop', operator: 'greaterThan', value: 9 },
            ],
          },
        },
      ],
    } as never);
    expect(rows.map((row) => [row.fact, row.branches])).toEqual([
      ['dpd', ['或 OR 2/2']],
      ['scoreDrop', []],
    ]);
    expect(rows[0]!.segment).toBe('(customerTier = 等于 equals prime 或 OR 其他条件 another condition)');
  });
});
