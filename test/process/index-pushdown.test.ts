import { describeDatabase } from '../../server/store/connection';
import { recordsOfAlerts } from '../../server/underwriting/underwriting.store';
import type { UnderwritingRecordDocument } from '../../server/underwriting/underwriting.model';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The local FerretDB is built with a patch (server/store/ferretdb/index_pushdown.go) that pushes
 * equality, `$in` and string ranges on declared index fields down to SQLite. FerretDB's explain
 * returns SQLite's query plan: without the patch every filter but a lone _id answers SCAN.
 * The indexes come from the running app's database, which holds every index its mongoose models
 * declare (checked below against the model registry) and those its stores create themselves.
 */

/** Indexes SQLite cannot serve through the pushdown, each with the reason. None today. */
const NOT_SERVED: Record<string, string> = {};

let app: TestApp;
let onFerretDb = false;

beforeAll(async () => {
  app = await startTestApp();
  onFerretDb = (await describeDatabase(app.connection)).engine === 'FerretDB';
});

afterAll(async () => {
  await app.close();
});

interface DeclaredIndex {
  collection: string;
  name: string;
  key: Record<string, 1 | -1>;
}

async function declaredIndexes(): Promise<DeclaredIndex[]> {
  const db = app.connection.db!;
  const found: DeclaredIndex[] = [];
  for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const index of await db.collection(collection).listIndexes().toArray()) {
      if (index.name !== '_id_') found.push({ collection, name: index.name as string, key: index.key as Record<string, 1 | -1> });
    }
  }
  return found;
}

test('every index the mongoose models declare exists in the app database', async () => {
  const indexes = await declaredIndexes();
  const models = Object.values(app.connection.models);
  expect(models.length).toBeGreaterThan(10);
  for (const model of models) {
    for (const [key] of model.schema.indexes()) {
      const fields = JSON.stringify(Object.keys(key));
      const present = indexes.some((index) => index.collection === model.collection.collectionName && JSON.stringify(Object.keys(index.key)) === fields);
      expect({ collection: model.collection.collectionName, fields, present }).toEqual({ collection: model.collection.collectionName, fields, present: true });
    }
  }
});

test('a find on the fields of every declared index searches that index instead of scanning the collection', async () => {
  if (!onFerretDb) return; // MongoDB serves declared indexes anyway.
  const indexes = await declaredIndexes();
  expect(indexes.length).toBeGreaterThan(30);
  const unserved: string[] = [];
  for (const index of indexes) {
    const label = `${index.collection}.${index.name}`;
    const filter = Object.fromEntries(Object.keys(index.key).map((field) => [field, 'probe']));
    const plan = JSON.stringify(await app.connection.db!.collection(index.collection).find(filter).explain());
    const served = new RegExp(`SEARCH \\S+ USING INDEX \\S+_${index.name.replace(/[^\w]/g, '.')} `).test(plan) && !/detail=SCAN/.test(plan);
    if (!served && !(label in NOT_SERVED)) unserved.push(`${label} ${JSON.stringify(filter)}: ${plan.slice(0, 600)}`);
  }
  expect(unserved).toEqual([]);
});

test("the end of every monitoring run reads the pending measure tasks through the {action, status} index, not every pending task's", async () => {
  if (!onFerretDb) return; // MongoDB serves declared indexes anyway.
  // TaskStore.pendingOfActions, as the underwriting reconciliation asks it (server/underwriting/measure-reconciliation.ts).
  const filter = { status: { $in: ['open', 'acknowledged'] }, action: { $in: ['suspend-new-credit', 'reduce-credit-limit'] } };
  const plan = JSON.stringify(await app.connection.db!.collection('monitoring_tasks').find(filter).explain());
  expect(/SEARCH \S+ USING INDEX \S+_action_1_status_1 /.test(plan) && !/detail=SCAN/.test(plan) ? 'action index' : plan.slice(0, 600)).toBe('action index');
});

test('closing alerts reads their underwriting records through the source.alertId index, not every open record', async () => {
  if (!onFerretDb) return; // MongoDB's planner picks the selective index anyway.
  // `open` would select every open record (a 240 s measure listener on a million-loan later day when the local database
  // took the first declared index among those the filter pinned equally far).
  const plan = JSON.stringify(
    await app.connection
      .db!.collection<UnderwritingRecordDocument>('underwriting_records')
      .find(recordsOfAlerts(['A-1', 'A-2']))
      .explain(),
  );
  expect(/SEARCH \S+ USING INDEX \S+_source\.alertId_1 /.test(plan) && !/detail=SCAN/.test(plan) ? 'alert index' : plan.slice(0, 600)).toBe('alert index');
});

test('a filter that pins a boolean and a selective field searches the selective field’s index, whichever was declared first', async () => {
  if (!onFerretDb) return; // MongoDB's planner picks the selective index anyway.
  const records = app.connection.db!.collection('pushdown_booleans');
  await records.createIndex({ open: 1, createdAt: 1 });
  await records.createIndex({ alertId: 1 });
  await records.insertMany(
    Array.from({ length: 40 }, (_, i) => ({ alertId: `A-${i % 10}`, open: i % 2 === 0, createdAt: new Date(Date.UTC(2026, 0, 1 + i)) })),
  );
  const filter = { alertId: { $in: ['A-1', 'A-2'] }, open: true };
  const plan = JSON.stringify(await records.find(filter).explain());
  expect(/SEARCH \S+ USING INDEX \S+_alertId_1 /.test(plan) && !/detail=SCAN/.test(plan) ? 'alert index' : plan.slice(0, 600)).toBe('alert index');
  expect((await records.find(filter).toArray()).map((record) => record.alertId).sort()).toEqual(['A-2', 'A-2', 'A-2', 'A-2']);
  // The boolean alone still searches the index it leads.
  const alone = JSON.stringify(await records.find({ open: true }).explain());
  expect(/USING INDEX \S+_open_1_createdAt_1 /.test(alone) ? 'open index' : alone.slice(0, 600)).toBe('open index');
});
