import { MASK, maskPersonalFields } from '../../../server/privacy/masking';
import { eventDifference } from '../../../server/rulesets/evaluation.service';

test('personal fields are masked at any depth; everything else is kept', () => {
  const facts = {
    dpd: 5,
    name: '李四',
    phone: '13900000000',
    guarantor: { idNumber: 'X', email: 'g@x.cn', tier: 'prime' },
    contacts: [{ mobile: '1', address: 'A' }],
    fullName: null,
  };
  expect(maskPersonalFields(facts)).toEqual({
    dpd: 5,
    name: MASK,
    phone: MASK,
    guarantor: { idNumber: MASK, email: MASK, tier: 'prime' },
    contacts: [{ mobile: MASK, address: MASK }],
    fullName: null,
  });
  expect(facts.name).toBe('李四');
});

test('facts without personal fields are passed through uncopied; one at any depth makes a masked copy', () => {
  const plain = { dpd: 5, tier: 'prime', nested: { list: [{ amount: 1 }] }, name: null };
  expect(maskPersonalFields(plain)).toBe(plain);
  const deep = { dpd: 5, nested: { list: [{ amount: 1 }, { email: 'a@b.cn' }] } };
  const result = maskPersonalFields(deep);
  expect(result).not.toBe(deep);
  expect(result).toEqual({ dpd: 5, nested: { list: [{ amount: 1 }, { email: MASK }] } });
  expect(deep.nested.list[1]).toEqual({ email: 'a@b.cn' });
});

test('event differences compare type and params as multisets, ignoring which rule raised them', () => {
  const a = { type: 'warning', params: { level: 'red' }, rule: 'one' };
  const b = { type: 'warning', params: { level: 'orange' } };
  expect(eventDifference([a, b], [b, { ...a, rule: 'other' }])).toEqual({ same: true, added: [], removed: [] });
  expect(eventDifference([a, a], [a])).toEqual({ same: false, added: [], removed: [a] });
  expect(eventDifference([a], [a, b])).toEqual({ same: false, added: [b], removed: [] });
});
