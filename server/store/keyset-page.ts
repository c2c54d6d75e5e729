import type { Collection, Document, Filter } from 'mongodb';
import type { Model, QueryFilter } from 'mongoose';

/**
 * Keyset paging, the one way every list of the API pages: newest first by one key, a page of at
 * most `limit`, and the next page starts strictly before the last record's key (`nextBefore`,
 * sent back as the request's cursor). One record more than the page is read, so `nextBefore` is
 * present only when an older page exists; never a cursor to an empty page.
 */
export interface KeysetPage<T> {
  items: T[];
  /** The cursor of the next, older page; absent on the last page. */
  nextBefore?: string;
}

/** Which page: `before` is the previous page's `nextBefore` (as the key's type), absent for the first page. */
export interface PageRequest<C = Date> {
  before?: C;
  limit: number;
}

/** How a list is ordered: by `key`, newest first; records of one key value follow `tieBreak`. The cursor compares `key` only. */
export interface KeysetOrder<T> {
  key: string;
  tieBreak?: Record<string, 1 | -1>;
  /** The last record's cursor as the API sends it. */
  cursorOf: (last: T) => string;
}

/** The order of revisioned records (alerts, tasks, claim cases): most recently changed first, the cursor their `updatedAt`. */
export const BY_LATEST_CHANGE: KeysetOrder<{ updatedAt: Date }> = { key: 'updatedAt', cursorOf: (last) => last.updatedAt.toISOString() };

/** Reads up to `count` records matching `filter`, sorted by `sort`: a model's or a collection's find. */
export type PageReader<T> = (filter: Record<string, unknown>, sort: Record<string, 1 | -1>, count: number) => Promise<T[]>;

/** Reads one page of `filter` in `order`. */
export async function readKeysetPage<T>(
  read: PageReader<T>,
  filter: Record<string, unknown>,
  order: KeysetOrder<T>,
  request: PageRequest<unknown>,
): Promise<KeysetPage<T>> {
  const records = await read(beforeCursor(filter, order.key, request.before), { [order.key]: -1, ...order.tieBreak }, request.limit + 1);
  return pageOf(records, request.limit, order.cursorOf);
}

/**
 * `filter` narrowed to records whose key is strictly below the cursor. A range the filter already
 * puts on the key (a `from` as `$gte`) is kept; the cursor is the upper bound.
 */
export function beforeCursor(filter: Record<string, unknown>, key: string, before: unknown): Record<string, unknown> {
  if (before === undefined) return filter;
  const range = filter[key];
  const kept = range !== null && typeof range === 'object' && !(range instanceof Date) ? (range as Record<string, unknown>) : {};
  return { ...filter, [key]: { ...kept, $lt: before } };
}

/** The page from up to `limit + 1` records read in order: the first `limit`, and the cursor after them when more were read. */
export function pageOf<T>(records: readonly T[], limit: number, cursorOf: (last: T) => string): KeysetPage<T> {
  if (records.length <= limit) return { items: [...records] };
  const items = records.slice(0, limit);
  return { items, nextBefore: cursorOf(items[limit - 1]!) };
}

/** A page reader over a mongoose model: plain objects out, with the projection given. */
export function modelReader<T>(model: Model<T>, projection?: Record<string, 0 | 1>): PageReader<T> {
  return (filter, sort, count) =>
    model
      .find(filter as QueryFilter<T>, projection)
      .sort(sort)
      .limit(count)
      .lean<T[]>()
      .exec();
}

/** A page reader over a driver collection. */
export function collectionReader<T extends Document>(collection: Collection<T>): PageReader<T> {
  return async (filter, sort, count) =>
    (await collection
      .find(filter as Filter<T>)
      .sort(sort)
      .limit(count)
      .toArray()) as T[];
}
