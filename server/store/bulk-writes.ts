import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/**
 * Update statements per bulk command. FerretDB 1.24 keeps each single-document update's query
 * open until the whole command ends, one SQLite connection each, from a pool of 100: a command
 * with a hundred or more `updateOne`/`replaceOne` statements waits for a connection forever (it
 * hung the daily monitoring run). Well below the pool leaves room for other requests meanwhile.
 */
export const BULK_WRITE_CHUNK = 50;

/** `bulkWrite` in commands of at most BULK_WRITE_CHUNK statements, unordered, one after another. */
export async function chunkedBulkWrite<T extends Document>(collection: Collection<T>, operations: readonly AnyBulkWriteOperation<T>[]): Promise<void> {
  for (let start = 0; start < operations.length; start += BULK_WRITE_CHUNK) {
    await collection.bulkWrite(operations.slice(start, start + BULK_WRITE_CHUNK) as AnyBulkWriteOperation<T>[], { ordered: false });
  }
}
