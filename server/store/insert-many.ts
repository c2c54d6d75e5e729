import type { Collection, Document } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

/** Positions that failed because their _id (or another unique key) exists; anything else is thrown. */
export async function insertManyIgnoringDuplicates<T extends Document>(collection: Collection<T>, documents: readonly T[]): Promise<Set<number>> {
  if (documents.length === 0) return new Set();
  try {
    await collection.insertMany(documents as never[], { ordered: false });
    return new Set();
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index: number; code: number }[];
    if (list.length === 0 || list.some((writeError) => !isDuplicateKeyError(writeError))) throw error;
    return new Set(list.map((writeError) => writeError.index));
  }
}
