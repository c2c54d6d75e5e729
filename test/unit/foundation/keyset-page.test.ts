import { beforeCursor, pageOf } from '../../../server/store/keyset-page';

const cursorOf = (last: { id: string }) => last.id;
const read = (...ids: string[]) => ids.map((id) => ({ id }));

test('a read of limit + 1 records is a full page and a cursor at its last record', () => {
  expect(pageOf(read('e', 'd', 'c'), 2, cursorOf)).toEqual({ items: read('e', 'd'), nextBefore: 'd' });
});

test('a read of limit or fewer records is the last page: no cursor, not even when the page is full', () => {
  const full = pageOf(read('b', 'a'), 2, cursorOf);
  expect(full).toEqual({ items: read('b', 'a') });
  expect('nextBefore' in full).toBe(false);
  expect(pageOf([], 2, cursorOf)).toEqual({ items: [] });
});

test('the cursor bounds the key from above and keeps a lower bound the filter already has', () => {
  const from = new Date('2025-01-01T00:00:00Z');
  const before = new Date('2025-02-01T00:00:00Z');
  expect(beforeCursor({ state: 'failed' }, 'createdAt', undefined)).toEqual({ state: 'failed' });
  expect(beforeCursor({ state: 'failed' }, 'createdAt', before)).toEqual({ state: 'failed', createdAt: { $lt: before } });
  expect(beforeCursor({ createdAt: { $gte: from } }, 'createdAt', before)).toEqual({ createdAt: { $gte: from, $lt: before } });
  expect(beforeCursor({ entryId: { $gte: 'a' } }, 'entryId', 'm')).toEqual({ entryId: { $gte: 'a', $lt: 'm' } });
});
