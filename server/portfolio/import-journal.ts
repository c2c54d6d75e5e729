import type { Db } from 'mongodb';

/**
 * The state of imports as readers must see it (docs/metrics.md, "All or nothing"). An import
 * writes its rows aside (staged, under its batch id) while its journal entry says it runs; it
 * commits by claiming a generation of the book pages whose registry entry lists the batch, one
 * insert that either happened or not; then it copies the staged rows into the records and
 * removes its journal entry. So a batch is
 * - running or dead: a journal entry, in no registry entry: its rows are staged only, and no
 *   reader looks at them;
 * - committed, being applied: a journal entry listed by a registry entry: readers of the records
 *   take its staged rows over the records (newest generation wins);
 * - done: no journal entry: its rows are in the records.
 */
export const IMPORT_JOURNAL = 'portfolio_book_imports';
export const PAGE_REGISTRY = 'portfolio_book_generations';

export interface JournalEntry {
  _id: string;
  startedAt: Date;
  heartbeatAt: Date;
}

export interface RegistryEntry {
  _id: string;
  generation: number;
  collection: string;
  format: number;
  createdAt: Date;
  pages: number;
  /** The import batches this generation committed. */
  imports?: string[];
  /** Its pages were dropped; the entry stays while a batch it committed is still being applied. */
  dropped?: boolean;
}

/** Batches that are committed but not yet applied to the records, with the generation that committed them. */
export async function committedBatches(db: Db): Promise<Map<string, number>> {
  const journal = await db
    .collection<JournalEntry>(IMPORT_JOURNAL)
    .find({}, { projection: { _id: 1 } })
    .toArray();
  if (journal.length === 0) return new Map();
  const running = new Set(journal.map((entry) => entry._id));
  const committed = new Map<string, number>();
  for (const entry of await db
    .collection<RegistryEntry>(PAGE_REGISTRY)
    .find({ imports: { $exists: true } })
    .toArray()) {
    for (const batch of entry.imports ?? []) if (running.has(batch)) committed.set(batch, entry.generation);
  }
  return committed;
}
