/** MongoDB and FerretDB both report a unique-index violation as code 11000. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number })?.code === 11000;
}

/**
 * The driver's ways of saying the database cannot be reached (no server to select, a connection
 * reset or timed out, the pool cleared after such an error): the request may work later, so it is
 * answered 503, not 500. Mongoose wraps server selection in its own class of the same meaning.
 */
const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
]);

export function isDatabaseUnavailableError(error: unknown): boolean {
  for (
    let current = error as { name?: string; cause?: unknown } | undefined, depth = 0;
    current && depth < 4;
    current = current.cause as typeof current, depth++
  ) {
    if (typeof current.name === 'string' && UNAVAILABLE.has(current.name)) return true;
  }
  return false;
}
