import mongoose, { type Connection } from 'mongoose';
import { isDatabaseUnavailableError } from './mongo-errors';

/** The platform's database connection, named by code outside the stores (which take it and hand it on) without importing mongoose. */
export type { Connection };

export class DatabaseUnreachableError extends Error {
  constructor(uri: string, cause: unknown) {
    super(
      `Cannot reach the database at ${redactUri(uri)}: ${(cause as Error)?.message ?? String(cause)}. ` +
        'Check MONGODB_URI, or unset it to let the platform start a local FerretDB.',
    );
    this.name = 'DatabaseUnreachableError';
  }
}

/** How long one operation waits for an unreachable database before failing (and its request answering 503). */
export const DEFAULT_SELECTION_TIMEOUT_MS = 1500;

/**
 * A dedicated connection (not mongoose's global one), so tests and two apps in one process each
 * hold their own database. Fails fast with a readable error instead of buffering forever.
 *
 * Once connected, an operation waits at most selectionTimeoutMs for a database that went away
 * (the driver's server selection), so a request during an outage fails within that time instead
 * of the driver's 30 s or the start-up wait; the monitor checks every 2 s so a database that is
 * back is used within seconds. The start-up wait (serverSelectionTimeoutMs) is kept by trying
 * again until it has passed.
 */
export async function connectDatabase(
  uri: string,
  options: {
    serverSelectionTimeoutMs?: number;
    selectionTimeoutMs?: number;
    databaseName?: string;
    /** The driver's command monitoring (`commandStarted` events on the client): tests read the queries the stores send. */
    monitorCommands?: boolean;
  } = {},
): Promise<Connection> {
  const startupMs = options.serverSelectionTimeoutMs ?? 10_000;
  const selectionMs = Math.min(options.selectionTimeoutMs ?? DEFAULT_SELECTION_TIMEOUT_MS, startupMs);
  const deadline = Date.now() + startupMs;
  for (;;) {
    const connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: Math.max(100, Math.min(selectionMs, deadline - Date.now())),
      heartbeatFrequencyMS: 2000,
      dbName: options.databaseName,
      autoIndex: true,
      bufferCommands: false,
      monitorCommands: options.monitorCommands ?? false,
    });
    try {
      await connection.asPromise();
      return connection;
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (Date.now() >= deadline || !isDatabaseUnavailableError(error)) throw new DatabaseUnreachableError(uri, error);
    }
  }
}

/** Whether the driver currently holds a usable connection to the database (false from the first failed heartbeat or reset connection). */
export function isDatabaseConnected(connection: Connection): boolean {
  return connection.readyState === mongoose.ConnectionStates.connected;
}

export interface DatabaseInfo {
  engine: string;
  version: string;
  compatibleWith?: string;
  database: string;
}

/** One round trip to the database (health checks). */
export async function pingDatabase(connection: Connection): Promise<void> {
  await connection.db!.admin().ping();
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
