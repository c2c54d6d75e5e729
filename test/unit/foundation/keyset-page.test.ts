import { beforeCursor, cursorOf, pageOf } from '../../../server/store/keyset-page';

const idOf = (last: { id: string }) => last.id;
const read = (...ids: string[]) => ids.map((id) => ({ id }));

test('a read of limit + 1 records is a full page and a cursor at its last record', () => {
  expect(pageOf(read('e', 'd', 'c'), 2, idOf)).toEqual({ items: read('e', 'd'), nextBefore: 'd' });
});

test('a read of limit or fewer records is the last page: no cursor, not even when the page is full', () => {
  const full = pageOf(read('b', 'a'), 2, idOf);
  expect(full).toEqual({ items: read('b', 'a') });
  expect('nextBefore' in full).toBe(false);
  expect(pageOf([], 2, idOf)).toEqual({ items: [] });
});

const BY_CREATED = { key: 'createdAt', id: 'deliveryId' };

test('a plain time bounds the key from above and keeps a lower bound the filter already has', () => {
  const from = new Date('2025-01-01T00:00:00Z');
  const before = new Date('2025-02-01T00:00:00Z');
  expect(beforeCursor({ state: 'failed' }, BY_CREATED, undefined)).toEqual({ state: 'failed' });
  expect(beforeCursor({ state: 'failed' }, BY_CREATED, before.toISOString())).toEqual({ state: 'failed', createdAt: { $lt: before } });
  expect(beforeCursor({ createdAt: { $gte: from } }, BY_CREATED, before.toISOString())).toEqual({ createdAt: { $gte: from, $lt: before } });
  expect(beforeCursor({ entryId: { $gte: 'a' } }, { key: 'entryId' }, 'm')).toEqual({ entryId: { $gte: 'a', $lt: 'm' } });
});

test("a page's cursor is (time, id): the next page holds the same time's smaller ids and every older time", () => {
  const at = new Date('2025-02-01T00:00:00.000Z');
  const last = { createdAt: at, deliveryId: 'd-17' };
  expect(cursorOf(BY_CREATED, last)).toBe('2025-02-01T00:00:00.000Z~d-17');
  expect(cursorOf({ key: 'entryId' }, { entryId: 'm' })).toBe('m');
  expect(beforeCursor({ state: 'failed' }, BY_CREATED, cursorOf(BY_CREATED, last))).toEqual({
    $and: [{ state: 'failed' }, { $or: [{ createdAt: { $lt: at } }, { createdAt: at, deliveryId: { $lt: 'd-17' } }] }],
  });
});
