import { createLogger } from '../../../server/logger';
import { allowListed, MASK, PERSONAL_REDACT_PATHS, withoutPersonalFields } from '../../../server/privacy/masking';
import { fieldsOf, PERSONAL_FIELDS, personalFieldsIn, readSchema, usableFieldsOf } from '../../../server/privacy/personal-data';

const schema = {
  type: 'object',
  properties: {
    dpd: { type: 'integer' },
    name: { 'x-personal-data': true },
    guarantor: { type: 'object', properties: { idNumber: { 'x-personal-data': true }, tier: { type: 'string' } } },
    contacts: { type: 'array', items: { properties: { mobile: { 'x-personal-data': true }, channel: { 'x-personal-data': false } } } },
  },
  $defs: { person: { properties: { fullName: { 'x-personal-data': true } } } },
};

test('personal fields are the names annotated x-personal-data at any depth of any schema, and only those', () => {
  expect(personalFieldsIn([schema])).toEqual(['fullName', 'idNumber', 'mobile', 'name']);
  expect(personalFieldsIn([{ properties: { dpd: {} } }, null, 'text'])).toEqual([]);
});

test('the schemas in schemas/ mark the obligor identity fields, and the fact schemas carry them', () => {
  expect(PERSONAL_FIELDS).toEqual(['address', 'email', 'fullName', 'idNumber', 'mobile', 'name', 'phone']);
  const obligor = fieldsOf(readSchema('rulesets/facts/warning-obligor-facts'));
  expect([...obligor.personal].sort()).toEqual(PERSONAL_FIELDS);
  expect(obligor.named.has('dpd')).toBe(true);
});

test("a schema's own fields: every name, the personal ones, and the ones rules may use", () => {
  const fields = fieldsOf(schema);
  expect([...fields.named]).toEqual(['dpd', 'name', 'guarantor', 'contacts']);
  expect([...fields.personal]).toEqual(['name']);
  expect(usableFieldsOf(schema)).toEqual(['dpd', 'guarantor', 'contacts']);
  expect(usableFieldsOf({})).toEqual([]);
});

test('the allow-list keeps named fields only and masks the personal ones that have a value', () => {
  const fields = fieldsOf(schema);
  expect(allowListed({ dpd: 5, name: 'Li Si', customerName: 'Li Si', guarantor: null }, fields)).toEqual({
    dpd: 5,
    name: MASK,
    guarantor: null,
  });
  expect(allowListed({ name: null }, fields)).toEqual({ name: null });
});

test('payloads that leave the platform lose personal fields at any depth; dates become ISO text', () => {
  const at = new Date('2026-03-01T00:00:00.000Z');
  expect(withoutPersonalFields({ obligorId: 'OB-1', at, obligor: { name: 'Li Si', contacts: [{ email: 'a@b.cn', kind: 'home' }] } })).toEqual({
    obligorId: 'OB-1',
    at: '2026-03-01T00:00:00.000Z',
    obligor: { contacts: [{ kind: 'home' }] },
  });
});

test('the logger redacts every personal field the schemas mark, at each depth its paths cover', () => {
  expect(PERSONAL_REDACT_PATHS).toContain('*.*.facts');
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) });
  for (const field of PERSONAL_FIELDS) {
    const value = `secret-${field}`;
    logger.info({ [field]: value, obligor: { [field]: value }, import: { row: { [field]: value } } }, field);
  }
  expect(lines).toHaveLength(PERSONAL_FIELDS.length);
  for (const line of lines) expect(line).not.toContain('secret-');
});
