import type { Collection, Document, Filter } from 'mongodb';
import type { Model, QueryFilter } from 'mongoose';

/**
 * Keyset paging, the one way every list of the API pages: newest first by one key, a page of at
 * most `limit`, and the next page starts strictly after the last record's position (`nextBefore`,
 * sent back as the request's cursor). One record more than the page is read, so `nextBefore` is
 * present only when an older page exists; never a cursor to an empty page.
 *
 * A time is not unique (a job's runs queued together, a batch of decisions, alerts of one monitoring
 * write share a millisecond), so where the key is a time the position is (time, id): the cursor is
 * `<ISO time>~<id>`, records of one time are ordered by their unique id, and the next page holds
 * those of the same time with a smaller id as well as every older one. A cursor without `~` (a
 * plain time a caller sends) means "before that time".
 */
export interface KeysetPage<T> {
  items: T[];
  /** The cursor of the next, older page; absent on the last page. */
  nextBefore?: string;
}

/** Which page: `before` is the previous page's `nextBefore`, absent for the first page. */
export interface PageRequest {
  before?: string;
  limit: number;
}

/** How a list is ordered, newest first: by the time `key`, and among records of one time by the unique `id`. */
export interface TimeOrder {
  key: string;
  id: string;
}

/** A list ordered by a key that is unique and sorts as text (audit entry ids, time first). */
export interface UniqueKeyOrder {
  key: string;
  id?: undefined;
}

export type KeysetOrder = TimeOrder | UniqueKeyOrder;

/** The order of revisioned records (alerts, tasks, claim cases): most recently changed first. */
export const BY_LATEST_CHANGE: TimeOrder = { key: 'updatedAt', id: '_id' };

const SEPARATOR = '~';

/** Reads up to `count` records matching `filter`, sorted by `sort`: a model's or a collection's find. */
export type PageReader<T> = (filter: Record<string, unknown>, sort: Record<string, 1 | -1>, count: number) => Promise<T[]>;

/** Reads one page of `filter` in `order`. */
export async function readKeysetPage<T>(
  read: PageReader<T>,
  filter: Record<string, unknown>,
  order: KeysetOrder,
  request: PageRequest,
): Promise<KeysetPage<T>> {
  const sort: Record<string, 1 | -1> = order.id === undefined ? { [order.key]: -1 } : { [order.key]: -1, [order.id]: -1 };
  const records = await read(beforeCursor(filter, order, request.before), sort, request.limit + 1);
  return pageOf(records, request.limit, (last) => cursorOf(order, last));
}

/** The cursor of a record's position in `order`. */
export function cursorOf(order: KeysetOrder, record: unknown): string {
  const fields = record as Record<string, unknown>;
  if (order.id === undefined) return String(fields[order.key]);
  return `${new Date(fields[order.key] as Date | string).toISOString()}${SEPARATOR}${String(fields[order.id])}`;
}

/**
 * `filter` narrowed to records after the cursor's position. A range the filter already puts on the
 * key (a `from` as `$gte`) is kept.
 */
export function beforeCursor(filter: Record<string, unknown>, order: KeysetOrder, before: string | undefined): Record<string, unknown> {
  if (before === undefined) return filter;
  if (order.id === undefined) return withUpperBound(filter, order.key, before);
  const at = before.indexOf(SEPARATOR);
  const time = new Date(at < 0 ? before : before.slice(0, at));
  if (at < 0) return withUpperBound(filter, order.key, time);
  const sameTimeBefore = { [order.key]: time, [order.id]: { $lt: before.slice(at + SEPARATOR.length) } };
  return { $and: [filter, { $or: [{ [order.key]: { $lt: time } }, sameTimeBefore] }] };
}

function withUpperBound(filter: Record<string, unknown>, key: string, bound: unknown): Record<string, unknown> {
  const range = filter[key];
  const kept = range !== null && typeof range === 'object' && !(range instanceof Date) ? (range as Record<string, unknown>) : {};
  return { ...filter, [key]: { ...kept, $lt: bound } };
}

/** The page from up to `limit + 1` records read in order: the first `limit`, and the cursor after them when more were read. */
export function pageOf<T>(records: readonly T[], limit: number, cursorOfLast: (last: T) => string): KeysetPage<T> {
  if (records.length <= limit) return { items: [...records] };
  const items = records.slice(0, limit);
  return { items, nextBefore: cursorOfLast(items[limit - 1]!) };
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
