import fs from 'node:fs';
import path from 'node:path';
import { OPERATORS } from '../../../server/engine/operators';
import { completionKind, factsOf, hoverText, suggestions, type EditorVocabulary } from '../../../studio/src/editor/completion';

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'rulesets', 'facts', 'warning-obligor-facts.json'), 'utf8'),
) as unknown;

const vocabulary: EditorVocabulary = {
  facts: factsOf(schema),
  operators: OPERATORS.map(({ name, description, value }) => ({ name, description, value })),
  parameters: { redDpd: { value: 60, unit: 'days', description: 'Days past due for a red warning' } },
  eventTypes: ['warning'],
};

describe('rule editor completion', () => {
  it('knows what is expected from the text before the cursor', () => {
    expect(completionKind('        "fact": "dp')).toBe('fact');
    expect(completionKind('"operator": "')).toBe('operator');
    expect(completionKind('"value": { "param": "red')).toBe('param');
    expect(completionKind('"event": { "type": "')).toBe('eventType');
    expect(completionKind('"fact": "dpd", ')).toBeUndefined();
    expect(completionKind('"name": "')).toBeUndefined();
  });

  it('offers the family fact names the API contract requires, with their descriptions', () => {
    const facts = suggestions('fact', vocabulary).map((item) => item.label);
    for (const name of ['dpd', 'overdueAmount', 'remainingPrincipal', 'scoreDrop', 'grade', 'customerTier', 'channel', 'monthsOnBook', 'orgUnit', 'product'])
      expect(facts).toContain(name);
    expect(suggestions('fact', vocabulary).find((item) => item.label === 'dpd')!.documentation).not.toBe('');
  });

  it('offers operators, parameter names and event types', () => {
    expect(suggestions('operator', vocabulary).map((item) => item.label)).toEqual(expect.arrayContaining(['greaterThanInclusive', 'in', 'timeWithin']));
    expect(suggestions('param', vocabulary)).toEqual([{ label: 'redDpd', detail: 'parameter = 60 days', documentation: 'Days past due for a red warning' }]);
    expect(suggestions('eventType', vocabulary).map((item) => item.label)).toEqual(['warning']);
  });

  it('explains facts, parameters and operators on hover', () => {
    expect(hoverText('dpd', vocabulary)).toMatch(/^\*\*fact dpd\*\*/);
    expect(hoverText('redDpd', vocabulary)).toContain('`60` days');
    expect(hoverText('between', vocabulary)).toContain('min <= fact <= max');
    expect(hoverText('nothing', vocabulary)).toBeUndefined();
  });
});
