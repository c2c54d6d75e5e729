import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { createLogger } from '../../server/logger';
import { startLocalDatabase, type LocalDatabase } from '../../server/store/local-database';
import { PROJECT_ROOT } from '../support/test-app';

/**
 * The slow-write log (server/store/ferretdb/slow_writes.go). SQLite has one write lock per file; a write that
 * holds it past the writers' one-minute wait fails every other write with SQLITE_BUSY, and FerretDB's own log
 * names only those failures. Each statement and transaction slower than the threshold is logged with what it
 * ran. A FerretDB of this file's own, with a threshold of 0 ms, so that every write is "slow".
 */

let directory: string;
let database: LocalDatabase;
let client: MongoClient;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'slow-writes-'));
  database = await startLocalDatabase({ projectRoot: PROJECT_ROOT, dataDirectory: directory, logger: createLogger('warn'), slowWriteMs: 0 });
  client = await MongoClient.connect(database.uri);
});

afterAll(async () => {
  await client.close();
  await database.stop();
  fs.rmSync(directory, { recursive: true, force: true });
});

interface SlowWrite {
  msg: string;
  what: string;
  rows: number;
  took: number;
}

function slowWrites(): SlowWrite[] {
  return fs
    .readFileSync(path.join(directory, 'ferretdb', 'ferretdb.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"slow write"'))
    .map((line) => JSON.parse(line) as SlowWrite);
}

test('inserts, updates and deletes are logged with their statement, rows and duration once past the threshold', async () => {
  const book = client.db('slow_writes').collection<{ _id: string; i: number }>('book');
  await book.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `L${i}`, i })));
  await book.updateOne({ _id: 'L7' }, { $set: { i: -7 } });
  await book.deleteOne({ _id: 'L8' });

  const logged = slowWrites();
  const inserts = logged.filter((line) => line.what.startsWith('INSERT INTO "book_'));
  expect(inserts.reduce((sum, line) => sum + line.rows, 0)).toBe(500);
  expect(logged.some((line) => line.what.startsWith('UPDATE') && line.rows === 1)).toBe(true);
  expect(logged.some((line) => line.what.startsWith('DELETE') && line.rows === 1)).toBe(true);
  // The transactions around the inserts and the update, as a whole.
  expect(logged.filter((line) => line.what === 'transaction').length).toBeGreaterThanOrEqual(2);
  for (const line of logged) {
    expect(line.took).toBeGreaterThanOrEqual(0);
    expect(line.what.length).toBeLessThanOrEqual(160);
  }
});
