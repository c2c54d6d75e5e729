/** How many documents a long read takes between two checkpoints. */
const CHECK_EVERY = 10_000;

/**
 * Reads a cursor to the end, calling `checkpoint` every `every` documents: a read of a million-loan book's records takes
 * minutes, and a caller whose result has gone stale meanwhile (e.g. a monitoring run started) gives up there by throwing,
 * instead of reading on beside that run.
 */
export async function readAll<T>(cursor: AsyncIterable<T>, checkpoint?: () => Promise<void>, every = CHECK_EVERY): Promise<T[]> {
  const documents: T[] = [];
  for await (const document of cursor) {
    documents.push(document);
    if (checkpoint && documents.length % every === 0) await checkpoint();
  }
  return documents;
}
