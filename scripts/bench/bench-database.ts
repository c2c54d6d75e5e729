import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../server/logger';
import { startLocalDatabase, tail } from '../../server/store/local-database';

const root = path.resolve(__dirname, '..', '..');

/**
 * Runs a benchmark against MONGODB_URI when it is set, otherwise against a local FerretDB in a
 * scratch directory that is removed afterwards, whatever happens. The local database's pid is handed on so
 * a benchmark can tell the database's CPU from its own.
 */
export async function withBenchDatabase(name: string, body: (uri: string, databasePid?: number) => Promise<void>): Promise<void> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const external = process.env.MONGODB_URI;
  const database = external ? undefined : await startLocalDatabase({ projectRoot: root, dataDirectory, logger: createLogger('warn') });
  try {
    await body(external ?? database!.uri, database?.pid);
  } catch (error) {
    // The scratch directory goes below, and a run of hours should leave more than a status code.
    if (database) console.error(`The local database's log, last lines:\n${tail(path.join(dataDirectory, 'ferretdb', 'ferretdb.log'))}`);
    throw error;
  } finally {
    await database?.stop();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
}

/** A benchmark's entry point: an error is printed and ends the process with status 1. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
