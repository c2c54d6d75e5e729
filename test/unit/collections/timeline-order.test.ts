import { afterCursorFilter, cursorOf, isAfter, mergePage, parseCursor, type Position } from '../../../server/collections/timeline/timeline-order';

/** The timeline's one order across kinds: newest first, ties by entry id; a cursor after any entry, of any kind. */
const at = (iso: string) => new Date(iso);
const T = '2026-11-20T14:30:00.000Z';
const entries: Position[] = [
  { at: at(T), entryId: 'activity:A-9' },
  { at: at(T), entryId: 'gate:D-1' },
  { at: at(T), entryId: 'activity:A-10' },
  { at: at(T), entryId: 'repayment:R-1' },
  { at: at('2026-11-20T10:00:00.000Z'), entryId: 'case:coll:OB:P1:000002' },
  { at: at('2026-11-21T00:00:00.000Z'), entryId: 'finding:repayment:R-1' },
];

test('pages of one follow the cursor through ties of several kinds to the whole list, once each', () => {
  const whole = mergePage(entries, 100).items.map((entry) => entry.entryId);
  expect(whole).toEqual(['finding:repayment:R-1', 'repayment:R-1', 'gate:D-1', 'activity:A-9', 'activity:A-10', 'case:coll:OB:P1:000002']);
  const paged: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const position = parseCursor(cursor);
    const { items, next } = mergePage(
      entries.filter((entry) => isAfter(entry, position)),
      1,
    );
    paged.push(...items.map((entry) => entry.entryId));
    if (!next) break;
    cursor = cursorOf(next);
  }
  expect(paged).toEqual(whole);
});

test("each kind's database filter after a cursor keeps exactly the entries the order puts after it", () => {
  const cursor = parseCursor(`${T}~gate:D-1`);
  // Activities sort below a gate entry of the same time: all of that time are after it.
  expect(afterCursorFilter('activity', cursor, 'moment')).toEqual({ moment: { $lte: at(T) } });
  // Repayments sort above it: none of that time is after it.
  expect(afterCursorFilter('repayment', cursor, 'at')).toEqual({ at: { $lt: at(T) } });
  // The cursor's own kind continues by id.
  expect(afterCursorFilter('gate', cursor, 'at')).toEqual({ $or: [{ at: { $lt: at(T) } }, { at: at(T), _id: { $lt: 'D-1' } }] });
  // A plain time: everything before it.
  expect(afterCursorFilter('gate', parseCursor(T), 'at')).toEqual({ at: { $lt: at(T) } });
  expect(afterCursorFilter('gate', undefined, 'at')).toEqual({});
});
