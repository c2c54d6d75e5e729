import mongoose, { type Connection } from 'mongoose';

export class DatabaseUnreachableError extends Error {
  constructor(uri: string, cause: unknown) {
    super(`Cannot reach the database at ${redactUri(uri)}: ${(cause as Error)?.message ?? String(cause)}. ` +
      'Check MONGODB_URI, or unset it to let the platform start a local FerretDB.');
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * A dedicated connection (not mongoose's global one), so tests and two apps in one process each
 * hold their own database. Fails fast with a readable error instead of buffering forever.
 */
export async function connectDatabase(uri: string, options: { serverSelectionTimeoutMs?: number; databaseName?: string } = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
    dbName: options.databaseName,
    autoIndex: true,
    bufferCommands: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new DatabaseUnreachableError(uri, error);
  }
  return connection;
}

export interface DatabaseInfo {
  engine: string;
  version: string;
  compatibleWith?: string;
  database: string;
}

/** FerretDB answers buildInfo with the MongoDB version it emulates plus its own `ferretdbVersion`. */
export async function describeDatabase(connection: Connection): Promise<DatabaseInfo> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  if (info.ferretdbVersion) {
    return { engine: 'FerretDB', version: info.ferretdbVersion, compatibleWith: `MongoDB ${info.version ?? 'unknown'}`, database: connection.name };
  }
  return { engine: 'MongoDB', version: info.version ?? 'unknown', database: connection.name };
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
