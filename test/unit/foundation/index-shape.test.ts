import { servesPage } from '../../support/index-shape';

/** The rule the list-index API test applies (test/support/index-shape.ts), on the shapes it must tell apart. */
test('an index serves a page when it leads with the equality fields, in any order, then the sort key in either direction', () => {
  const branchQueue = { status: 'open', orgUnit: { $in: ['BR-SH', 'BR-SH-PD'] }, updatedAt: { $lt: new Date() } };
  expect(servesPage({ status: 1, orgUnit: 1, updatedAt: -1 }, branchQueue, { updatedAt: -1 })).toBe(true);
  expect(servesPage({ orgUnit: 1, status: 1, updatedAt: 1 }, branchQueue, { updatedAt: -1 })).toBe(true);
  expect(servesPage({ orgUnit: 1, status: 1, updatedAt: 1, extra: 1 }, branchQueue, { updatedAt: -1 })).toBe(true);
});

test('an index does not serve a page when a key lies between the equality fields and the sort, or the sort is missing or mixed', () => {
  const hqQueue = { status: 'open' };
  expect(servesPage({ status: 1, orgUnit: 1, updatedAt: -1 }, hqQueue, { updatedAt: -1 })).toBe(false);
  expect(servesPage({ status: 1 }, hqQueue, { updatedAt: -1 })).toBe(false);
  expect(servesPage({ updatedAt: -1 }, hqQueue, { updatedAt: -1 })).toBe(false);
  expect(servesPage({ orgUnit: 1, createdAt: -1, deliveryId: 1 }, { orgUnit: { $in: ['HQ'] } }, { createdAt: -1, deliveryId: -1 })).toBe(false);
  // A range on another field is applied on the walk; it needs no key of its own.
  expect(servesPage({ updatedAt: -1 }, { raisedOn: { $gte: '2026-10-01' } }, { updatedAt: -1 })).toBe(true);
});
