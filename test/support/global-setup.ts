import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../server/logger';
import { startLocalDatabase } from '../../server/store/local-database';

/**
 * Starts one FerretDB for the whole run, the same way `npm start` does, unless MONGODB_URI
 * points at a database already. Each test file then creates its own database in it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const projectRoot = path.resolve(__dirname, '..', '..');
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-platform-test-'));
  const database = await startLocalDatabase({ projectRoot, dataDirectory, logger: createLogger('warn') });
  process.env.MONGODB_URI = database.uri;
  (globalThis as Record<string, unknown>).__testDatabase = { stop: database.stop, dataDirectory };
}
