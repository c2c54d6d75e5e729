import type { TimelineEntry } from '../../generated/schema-types';

/**
 * One order for every kind of the timeline: newest first by time, and among entries of one time by
 * `entryId` (`<kind>:<id>`) descending. The cursor is the last entry's position, `<ISO time>~<entryId>`,
 * so the next page starts strictly after it whatever kind it was. No kind's name is a prefix of
 * another's, so comparing entry ids compares kinds first.
 */
export interface Position {
  at: Date;
  entryId: string;
}

export type TimelineKind = TimelineEntry['kind'];

export function parseCursor(before: string | undefined): Position | undefined {
  if (before === undefined) return undefined;
  const split = before.indexOf('~');
  // A plain time: everything before it (an entry id sorting above every other at that time).
  if (split < 0) return { at: new Date(before), entryId: '' };
  return { at: new Date(before.slice(0, split)), entryId: before.slice(split + 1) };
}

export function cursorOf(position: Position): string {
  return `${position.at.toISOString()}~${position.entryId}`;
}

/** Newest first, then by entry id descending. */
export function compareNewestFirst(first: Position, second: Position): number {
  const byTime = second.at.getTime() - first.at.getTime();
  if (byTime !== 0) return byTime;
  return first.entryId < second.entryId ? 1 : first.entryId > second.entryId ? -1 : 0;
}

/** Whether an entry lies after the cursor in the order (belongs to the next page). */
export function isAfter(position: Position, cursor: Position | undefined): boolean {
  if (!cursor) return true;
  const time = position.at.getTime() - cursor.at.getTime();
  if (time !== 0) return time < 0;
  return cursor.entryId === '' ? false : position.entryId < cursor.entryId;
}

/**
 * The database filter of one kind's records after the cursor, on its time field and _id: the same
 * order as `isAfter`, written so the store reads only what the page may need.
 */
export function afterCursorFilter(kind: TimelineKind, cursor: Position | undefined, timeField: string): Record<string, unknown> {
  if (!cursor) return {};
  const prefix = `${kind}:`;
  const sameTime =
    cursor.entryId === '' ? undefined : cursor.entryId.startsWith(prefix) ? cursor.entryId.slice(prefix.length) : cursor.entryId > prefix ? 'all' : 'none';
  if (sameTime === undefined || sameTime === 'none') return { [timeField]: { $lt: cursor.at } };
  if (sameTime === 'all') return { [timeField]: { $lte: cursor.at } };
  return { $or: [{ [timeField]: { $lt: cursor.at } }, { [timeField]: cursor.at, _id: { $lt: sameTime } }] };
}

/** The page from the candidates of every kind (each already limited to limit + 1 after the cursor). */
export function mergePage<T extends Position>(candidates: readonly T[], limit: number): { items: T[]; next?: Position } {
  const sorted = [...candidates].sort(compareNewestFirst);
  if (sorted.length <= limit) return { items: sorted };
  const items = sorted.slice(0, limit);
  const last = items[limit - 1]!;
  return { items, next: { at: last.at, entryId: last.entryId } };
}
