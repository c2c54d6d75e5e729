import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Collection, Document, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { createLogger } from '../../server/logger';
import { connectDatabase } from '../../server/store/connection';
import { startLocalDatabase, type LocalDatabase } from '../../server/store/local-database';
import { PROJECT_ROOT } from '../support/test-app';

/**
 * The ledger of value classes (server/store/ferretdb/value_class_ledger.go): a list read sorted by a
 * declared index is proven to come in MongoDB's order from the classes of value each indexed field
 * ever held, without the check that reads every candidate (three minutes for the first read of the
 * task queue at a million loans). It must hold only what every write told it, and keep it across a
 * restart of the local database. A FerretDB of this file's own, so that it can be restarted.
 */

const BASE = Date.UTC(2026, 0, 1);
const SORT = { updatedAt: -1, _id: -1 } as const;
const FILTER = { status: 'open' };

let directory: string;
let database: LocalDatabase;
const logger = createLogger('warn');

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'value-class-ledger-'));
  database = await startLocalDatabase({ projectRoot: PROJECT_ROOT, dataDirectory: directory, logger });
});

afterAll(async () => {
  await database.stop();
  fs.rmSync(directory, { recursive: true, force: true });
});

function queueDocuments(count: number): Document[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: `TASK-${String(i).padStart(5, '0')}`,
    status: i % 2 === 0 ? 'open' : 'done',
    updatedAt: new Date(BASE + Math.floor(i / 3) * 60_000),
  }));
}

async function withQueue<T>(databaseName: string, work: (queue: Collection, connection: Connection) => Promise<T>): Promise<T> {
  const connection = await connectDatabase(database.uri, { databaseName });
  try {
    return await work(connection.db!.collection('queue'), connection);
  } finally {
    await connection.close();
  }
}

async function proof(queue: Collection): Promise<{ sortPushdown: boolean; provenBy: string }> {
  const result = await queue.find(FILTER).sort(SORT).limit(20).explain();
  return { sortPushdown: result.sortPushdown as boolean, provenBy: (result.queryPlanner as { IndexSortProof?: string }).IndexSortProof ?? '' };
}

async function pageIsExact(queue: Collection): Promise<void> {
  const page = await queue.find(FILTER).sort(SORT).limit(20).toArray();
  const sortedInGo = await queue
    .find(FILTER)
    .sort({ ...SORT, unindexed: 1 })
    .limit(20)
    .toArray();
  expect(page.map((document) => document._id)).toEqual(sortedInGo.map((document) => document._id));
}

const byId = (id: string) => ({ _id: id }) as unknown as Filter<Document>;

test('the ledger proves the order of a queue indexed while empty, and still does after the database restarts', async () => {
  await withQueue('restarted', async (queue) => {
    await queue.createIndexes([{ key: { status: 1, updatedAt: -1, _id: -1 } }]);
    await queue.insertMany(queueDocuments(300));
    await queue.updateOne(byId('TASK-00004'), { $set: { updatedAt: new Date(BASE + 500 * 60_000) } });
    expect(await proof(queue)).toEqual({ sortPushdown: true, provenBy: 'ledger' });
    await pageIsExact(queue);
  });

  await database.stop();
  database = await startLocalDatabase({ projectRoot: PROJECT_ROOT, dataDirectory: directory, logger });

  await withQueue('restarted', async (queue) => {
    expect(await proof(queue)).toEqual({ sortPushdown: true, provenBy: 'ledger' });
    await pageIsExact(queue);
    // What the ledger learnt before the restart still counts after it: one update of a date to a
    // value that text order misplaces, then back, leaves the order to the check.
    await queue.updateOne(byId('TASK-00002'), { $set: { updatedAt: new Date(999_999_999_999) } });
    expect(await proof(queue)).toEqual({ sortPushdown: false, provenBy: '' });
    await pageIsExact(queue);
    await queue.updateOne(byId('TASK-00002'), { $set: { updatedAt: new Date(BASE) } });
    expect(await proof(queue)).toEqual({ sortPushdown: true, provenBy: 'check' });
  });

  await database.stop();
  database = await startLocalDatabase({ projectRoot: PROJECT_ROOT, dataDirectory: directory, logger });
  await withQueue('restarted', async (queue) => expect(await proof(queue)).toEqual({ sortPushdown: true, provenBy: 'check' }));
});

test('a queue indexed after it holds documents is left to the check', async () => {
  await withQueue('indexed_late', async (queue) => {
    await queue.insertMany(queueDocuments(50));
    await queue.createIndexes([{ key: { status: 1, updatedAt: -1, _id: -1 } }]);
    await queue.insertMany(queueDocuments(100).slice(50));
    expect(await proof(queue)).toEqual({ sortPushdown: true, provenBy: 'check' });
    await pageIsExact(queue);
  });
});

test.each<[string, Document]>([
  ['a status array', { _id: 'P-STATUS', status: ['open', 'done'], updatedAt: new Date(BASE) }],
  ['a missing date', { _id: 'P-MISSING', status: 'open' }],
  ['an id with a space', { _id: 'TASK-00010 x', status: 'open', updatedAt: new Date(BASE) }],
])('%s written to a database dropped and created again under the same name is not hidden by the old ledger', async (_label, poison) => {
  const name = `recreated_${String(poison._id).replace(/\W/g, '')}`;
  await withQueue(name, async (queue, connection) => {
    await queue.createIndexes([{ key: { status: 1, updatedAt: -1, _id: -1 } }]);
    await queue.insertMany(queueDocuments(40));
    expect(await proof(queue)).toEqual({ sortPushdown: true, provenBy: 'ledger' });
    await connection.dropDatabase();
  });
  await withQueue(name, async (queue) => {
    await queue.createIndexes([{ key: { status: 1, updatedAt: -1, _id: -1 } }]);
    await queue.insertMany([...queueDocuments(40), poison]);
    expect((await proof(queue)).sortPushdown).toBe(false);
    await pageIsExact(queue);
  });
});

test('indexes declared while other collections of the database are written are all tracked (an app starting beside its writes)', async () => {
  // As the app starts: every model declares its indexes one at a time, in parallel with the others, while earlier
  // collections already take writes. Each collection is empty when its indexes are declared, so each must be tracked.
  const collections = 48;
  await withQueue('declared_beside_writes', async (_queue, connection) => {
    const db = connection.db!;
    let writing = true;
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const busy = db.collection(`busy_${writer}`);
      for (let i = 0; writing; i++) await busy.insertOne({ _id: `B-${i}` as never, status: 'open', updatedAt: new Date(BASE) });
    });
    await Promise.all(
      Array.from({ length: collections }, async (_, index) => {
        const queue = db.collection(`queue_${index}`);
        await queue.createIndexes([{ key: { updatedAt: -1 } }]);
        await queue.createIndexes([{ key: { kind: 1 } }]);
        await queue.createIndexes([{ key: { status: 1, updatedAt: -1, _id: -1 } }]);
      }),
    );
    writing = false;
    await Promise.all(writers);
    const untracked: string[] = [];
    for (let index = 0; index < collections; index++) {
      const queue = db.collection(`queue_${index}`);
      await queue.insertMany(queueDocuments(30));
      const { provenBy } = await proof(queue);
      if (provenBy !== 'ledger') untracked.push(`queue_${index}: ${provenBy}`);
    }
    expect(untracked).toEqual([]);
  });
});
