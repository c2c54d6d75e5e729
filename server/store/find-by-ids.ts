import type { Collection, Document, Filter } from 'mongodb';

const CONCURRENT_LOOKUPS = 50;

/**
 * The documents with these ids, each fetched by its own `_id` lookup. FerretDB (the local
 * database) answers only a single-value `_id` equality from its index; an `_id: { $in }` filter
 * reads the whole collection, so a few ids cost a pass over millions of documents there. For
 * the handful of ids this is used for (conflicts, retries), lookups are fast on every engine.
 */
export async function findByIds<T extends Document & { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<T[]> {
  const found: T[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += CONCURRENT_LOOKUPS) {
    const documents = await Promise.all(unique.slice(start, start + CONCURRENT_LOOKUPS).map((id) => collection.findOne({ _id: id } as Filter<T>)));
    for (const document of documents) if (document) found.push(document as T);
  }
  return found;
}
