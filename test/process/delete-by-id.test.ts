import { Double, ObjectId, type Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../server/store/connection';

/**
 * The local FerretDB deletes a document whose filter is one string _id straight through the _id
 * index, without reading it first (server/store/ferretdb/delete_by_id.go); every other delete reads
 * and matches first, as upstream does. Both paths must delete exactly what MongoDB would: the
 * document with that _id, and nothing else, also for ids whose JSON text needs escapes.
 */

const OID = new ObjectId('65a1b2c3d4e5f60718293a4b');
const AWKWARD = ['quote"d', 'back\\slash', 'a<b&c>', 'uni 中文 ✓', 'line\u2028sep', 'tab\tx', ''];

interface Thing {
  _id: string | number | ObjectId;
  n: number;
}

let connection: Connection;
let things: Collection<Thing>;

beforeAll(async () => {
  connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName: `delete_by_id_${Date.now()}` });
  things = connection.db!.collection<Thing>('things');
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

beforeEach(async () => {
  await things.deleteMany({});
  await things.insertMany([
    { _id: 'a', n: 1 },
    { _id: 'b', n: 2 },
    { _id: 'B', n: 3 },
    { _id: 1, n: 4 },
    { _id: OID, n: 5 },
    { _id: 'x'.repeat(24), n: 6 },
    ...AWKWARD.map((id, index) => ({ _id: id, n: 100 + index })),
  ]);
});

async function remaining(): Promise<unknown[]> {
  return (await things.find({}).toArray()).map((document) => document.n).sort((x, y) => Number(x) - Number(y));
}

test('a delete by one string _id removes that document and no other', async () => {
  expect((await things.deleteOne({ _id: 'b' })).deletedCount).toBe(1);
  expect(await remaining()).not.toContain(2);
  expect(await remaining()).toHaveLength(6 + AWKWARD.length - 1);
  expect((await things.deleteOne({ _id: 'b' })).deletedCount).toBe(0);
  expect((await things.deleteMany({ _id: 'a' })).deletedCount).toBe(1);
  expect((await things.deleteOne({ _id: 'missing' })).deletedCount).toBe(0);
  expect(await remaining()).toEqual([3, 4, 5, 6, ...AWKWARD.map((_id, index) => 100 + index)]);
});

test('ids whose JSON needs escapes are deleted one by one, exactly', async () => {
  for (const [index, id] of AWKWARD.entries()) {
    expect({ id, deleted: (await things.deleteOne({ _id: id })).deletedCount }).toEqual({ id, deleted: 1 });
    expect(await things.countDocuments({ n: 100 + index })).toBe(0);
  }
  expect(await remaining()).toEqual([1, 2, 3, 4, 5, 6]);
});

test('deletes that are not one string _id select as MongoDB does', async () => {
  // Another field beside the _id must match too.
  expect((await things.deleteOne({ _id: 'a', n: 99 })).deletedCount).toBe(0);
  // A number matches across numeric types; an operator, an ObjectId and a string of 24 hex digits go the upstream way.
  expect((await things.deleteOne({ _id: new Double(1) as unknown as number })).deletedCount).toBe(1);
  expect((await things.deleteOne({ _id: { $eq: 'B' } })).deletedCount).toBe(1);
  expect((await things.deleteOne({ _id: OID })).deletedCount).toBe(1);
  expect((await things.deleteOne({ _id: 'x'.repeat(24) })).deletedCount).toBe(1);
  expect(await remaining()).toEqual([1, 2, ...AWKWARD.map((_id, index) => 100 + index)]);
});
