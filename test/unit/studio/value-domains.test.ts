import fs from 'node:fs';
import path from 'node:path';
import { FAMILIES, FAMILY_NAMES } from '../../../server/rulesets/families';
import { factSchemaName, familyOfText, familySchema } from '../../../studio/src/editor/family-schema';
import { domainProblems, valueCompletionFact, valueDomains } from '../../../studio/src/editor/value-domains';

const domains = {
  customerTier: { values: ['prime', 'near-prime', 'subprime'], labels: { prime: '优质 Prime', subprime: '次级 Subprime' } },
};

describe('value domains in the rule editor', () => {
  it('reads enum and x-enum-labels from a fact schema', () => {
    expect(valueDomains({ properties: { tier: { type: 'string', enum: ['a', 'b'], 'x-enum-labels': { a: '甲 A' } }, dpd: { type: 'integer' } } })).toEqual({
      tier: { values: ['a', 'b'], labels: { a: '甲 A' } },
    });
  });

  it('reads an open domain (labels of known values, no enum) and warns about other values as unknown, not wrong', () => {
    const open = valueDomains({
      properties: { channel: { type: 'string', examples: ['bank-branch'], 'x-enum-labels': { 'bank-branch': '银行网点 Bank branch', broker: '经纪 Broker' } } },
    });
    expect(open).toEqual({
      channel: { values: ['bank-branch', 'broker'], labels: { 'bank-branch': '银行网点 Bank branch', broker: '经纪 Broker' }, open: true },
    });
    const problems = domainProblems({ rules: [{ conditions: { all: [{ fact: 'channel', operator: 'in', value: ['broker', 'partner'] }] } }] }, open);
    expect(problems).toEqual([
      {
        pointer: '/rules/0/conditions/all/0/value/1',
        message: expect.stringMatching(
          /"partner" 不是 channel 的已知取值 is not a known value of channel \(new values are allowed\); known values: bank-branch/,
        ),
      },
    ]);
  });

  it('flags literal values and parameter values outside the domain, once per place', () => {
    const ruleSet = {
      parameters: { tiers: { value: ['prime', 'standard'] }, one: { value: 'partner' } },
      rules: [
        {
          conditions: {
            all: [
              { fact: 'customerTier', operator: 'in', value: ['prime', 'gold'] },
              { not: { fact: 'customerTier', operator: 'in', value: { param: 'tiers' } } },
            ],
          },
        },
        {
          conditions: {
            any: [
              { fact: 'customerTier', operator: 'equal', value: { param: 'tiers' } },
              { fact: 'customerTier', operator: 'equal', value: 'subprime' },
              { fact: 'dpd', operator: 'equal', value: 'x' },
            ],
          },
        },
        { conditions: { all: [{ fact: 'customerTier', operator: 'in', value: [{ param: 'one' }] }] } },
      ],
    };
    expect(domainProblems(ruleSet, domains).map((problem) => problem.pointer)).toEqual([
      '/rules/0/conditions/all/0/value/1',
      '/parameters/tiers/value/1',
      '/parameters/one/value',
    ]);
    expect(domainProblems(ruleSet, domains)[0]!.message).toMatch(
      /"gold" 不在 customerTier 的取值范围内 is not a value of customerTier; known values: prime \(优质 Prime\), near-prime, subprime/,
    );
    expect(domainProblems({ rules: 'nope' }, domains)).toEqual([]);
  });

  it('knows which fact a value being typed is compared with', () => {
    expect(valueCompletionFact('{\n  "fact": "customerTier",\n  "operator": "in",\n  "value": ["prime", "ne')).toBe('customerTier');
    expect(valueCompletionFact('{ "fact": "customerTier", "operator": "equal", "value": "')).toBe('customerTier');
    expect(valueCompletionFact('{ "fact": "customerTier", "operator": "equal", "value": { "param": "')).toBeUndefined();
    expect(valueCompletionFact('{ "fact": "customerTier", "operator": "equal", "value": "prime" }, { "name": "')).toBeUndefined();
    expect(valueCompletionFact('"parameters": { "x": { "value": "')).toBeUndefined();
  });
});

describe('the family schema Monaco validates with', () => {
  it("finds each family's fact schema as the server links them", () => {
    for (const family of FAMILY_NAMES) expect(factSchemaName(family)).toBe(FAMILIES[family].facts);
  });

  it("limits fact names to the fact schema (no personal data), with its descriptions, and matches the family's models", () => {
    const factSchema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', `${FAMILIES['warning.obligor'].facts}.json`), 'utf8')) as {
      $id: string;
      properties: Record<string, { 'x-personal-data'?: boolean }>;
    };
    const { fileMatch, schema } = familySchema('warning.obligor', 'https://schemas.policy-platform.dev/rulesets/rule-set-version.json', factSchema);
    expect(fileMatch).toEqual(['inmemory://policy-studio/rulesets/warning.obligor/**']);
    const fact = (schema.$defs as { condition: { properties: { fact: { enum: string[]; markdownEnumDescriptions: string[] } } } }).condition.properties.fact;
    expect(fact.enum).toContain('dpd');
    expect(fact.enum.filter((name) => factSchema.properties[name]!['x-personal-data'])).toEqual([]);
    expect(fact.markdownEnumDescriptions[fact.enum.indexOf('dpd')]).toContain('Days past due');
    expect(familyOfText('{\n  "key": "x",\n  "family": "warning.obligor",')).toBe('warning.obligor');
  });
});
