import { Double, Long, ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectDatabase, describeDatabase } from '../../server/store/connection';

/**
 * The index pushdown (server/store/ferretdb/index_pushdown.go) hands SQLite a superset of the
 * matches, and FerretDB applies the whole filter afterwards. Each filter here is run twice: as
 * is (pushed down to an index) and inside `$and` (no top-level field, so nothing is pushed down and
 * FerretDB filters the whole collection). Both must return the same documents, on data made to
 * catch a WHERE that is too narrow: arrays, missing fields, null, mixed types, escapes in strings.
 */

const OID = new ObjectId('65a1b2c3d4e5f60718293a4b');

const DOCUMENTS: Document[] = [
  { _id: 1, s: 'alpha', a: 'x', b: 'p', n: { k: 'v1' }, num: 5, oid: OID, oidx: OID, flag: true, d: new Date('2024-01-15T00:00:00Z') },
  { _id: 2, s: ['alpha', 'beta'], a: 'x', b: ['p', 'q'], n: [{ k: 'v1' }, { k: 'v2' }], num: [5, 7], flag: [false, true] },
  { _id: 3, s: null, a: null, b: null, n: { k: null }, num: null, oid: null, flag: null, d: null },
  { _id: 4 },
  { _id: 5, s: 5, a: 5, b: 'q', n: { k: ['v1', 'v3'] }, num: new Double(5), flag: 'true', d: '2024-01-15T00:00:00.000Z' },
  { _id: 6, s: 'quote"d', a: ['x', 'y'], b: 'q', n: 'v1', num: Long.fromNumber(5) },
  { _id: 7, s: 'uni 中文 ✓', a: 'y', b: 'p', n: { k: 'v2' }, num: new Double(-0) },
  { _id: 8, s: 'a<b&c>', num: 0, oid: OID.toHexString(), oidx: OID.toHexString() },
  { _id: 9, s: 'line\u2028sep', num: 5.5 },
  { _id: 10, s: 'tab\tx', num: new Double(2 ** 53) },
  { _id: 11, s: 'Alpha', num: Long.fromNumber(2 ** 53) },
  { _id: 12, s: 'alphabet', num: '5' },
  { _id: 13, s: 'alpha!' },
  { _id: 14, s: 'alph' },
  { _id: 15, s: 'B' },
  { _id: 16, s: '2024-01-15T00:00:00.000Z' },
  { _id: 17, s: '2024-01-15' },
  { _id: 18, s: '2024-01-15 x' },
  { _id: 19, s: '2024-01-16' },
  { _id: 20, s: '' },
  { _id: 21, s: '\u0001ctrl' },
  { _id: 22, s: '~tilde' },
  { _id: 23, s: 'zz' },
  { _id: 24, s: '\\back' },
  { _id: 25, s: { nested: 'alpha' } },
  { _id: 26, s: [{ v: 'alpha' }] },
  { _id: 27, s: '2024-01-1' },
  { _id: 28, s: 'B&' },
  { _id: 29, s: '2024-01-15\u2028' },
  { _id: 30, s: 'alph\u0001' },
];

/** Filters and whether the patched FerretDB pushes them down (explain's filterPushdown). */
const FILTERS: [Document, boolean][] = [
  [{ s: 'alpha' }, true],
  [{ s: { $eq: 'alpha' } }, true],
  [{ s: { $in: ['alpha', 'B', 'uni 中文 ✓'] } }, true],
  [{ s: 'quote"d' }, true],
  [{ s: 'a<b&c>' }, true],
  [{ s: 'line\u2028sep' }, true],
  [{ s: 'tab\tx' }, true],
  [{ s: '\\back' }, true],
  [{ s: '' }, true],
  [{ s: 5 }, true],
  [{ s: null }, false],
  [{ s: { $in: ['alpha', null] } }, false],
  [{ s: { $gte: 'alpha' } }, true],
  [{ s: { $gt: 'alph' } }, true],
  [{ s: { $lt: 'alpha' } }, true],
  [{ s: { $lte: 'B' } }, true],
  [{ s: { $lt: 'B&' } }, true],
  [{ s: { $gte: '2024-01-15', $lt: '2024-01-16' } }, true],
  [{ s: { $gt: '2024-01-15' } }, true],
  [{ s: { $lte: '2024-01-15' } }, true],
  [{ s: { $gt: '' } }, true],
  [{ s: { $lt: 'zz' } }, true],
  [{ s: { $gte: 'A', $lte: '~' } }, true],
  [{ s: { $gte: 'alpha', $ne: 'alpha' } }, true],
  [{ s: { $gte: 'alph', $lt: 'alpha' } }, true],
  [{ s: OID }, true],
  [{ a: 'x', b: 'p' }, true],
  [{ a: 'x' }, true],
  [{ a: 'x', b: { $in: ['p', 'q'] } }, true],
  [{ a: { $in: ['x', 5] }, b: 'q' }, true],
  [{ a: 'x', b: { $gte: 'p' } }, true],
  [{ b: 'p' }, false],
  [{ 'n.k': 'v1' }, true],
  [{ 'n.k': { $in: ['v1', 'v3'] } }, true],
  [{ num: 5 }, true],
  [{ num: 0 }, true],
  [{ num: 5.5 }, true],
  [{ num: 2 ** 53 }, true],
  [{ num: { $in: [5, 0] } }, true],
  [{ num: { $gt: 4 } }, false],
  [{ oid: OID }, false], // SQLite reads `->"oid"` as `-> rowid`: upstream's index on it is unusable
  [{ oid: OID.toHexString() }, false],
  [{ oidx: OID }, true],
  [{ oidx: OID.toHexString() }, true],
  [{ flag: true }, true],
  [{ flag: false }, true],
  [{ d: new Date('2024-01-15T00:00:00Z') }, true],
  [{ d: { $gte: new Date('2024-01-01T00:00:00Z') } }, false],
  [{ _id: { $in: [1, 2, 99] } }, true],
];

let connection: Connection;
let things: Collection;
let onFerretDb = false;

beforeAll(async () => {
  connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName: `index_pushdown_${Date.now()}` });
  onFerretDb = (await describeDatabase(connection)).engine === 'FerretDB';
  things = connection.db!.collection('things');
  await things.createIndexes([
    { key: { s: 1 } },
    { key: { a: 1, b: -1 } },
    { key: { 'n.k': 1 } },
    { key: { num: 1 } },
    { key: { oid: 1 } },
    { key: { oidx: 1 } },
    { key: { flag: 1 } },
    { key: { d: -1 } },
  ]);
  await things.insertMany(DOCUMENTS);
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

async function ids(filter: Document): Promise<unknown[]> {
  return (await things.find(filter as Filter<Document>).toArray()).map((document) => document._id).sort((x, y) => Number(x) - Number(y));
}

test.each(FILTERS.map(([filter, pushed]) => [JSON.stringify(filter), filter, pushed] as const))(
  '%s returns what the unpushed filter returns',
  async (_label, filter, pushed) => {
    const expected = await ids({ $and: [filter] });
    expect(await ids(filter)).toEqual(expected);
    if (!onFerretDb) return;
    expect((await things.find({ $and: [filter] }).explain()).filterPushdown).toBe(false);
    expect((await things.find(filter as Filter<Document>).explain()).filterPushdown).toBe(pushed);
  },
);

test('some filters select what MongoDB semantics say, checked by hand', async () => {
  expect(await ids({ s: 'alpha' })).toEqual([1, 2]);
  expect(await ids({ s: { $gte: 'alpha' } })).toEqual([1, 2, 6, 7, 9, 10, 12, 13, 22, 23]);
  expect(await ids({ s: { $lt: 'B&' } })).toEqual([11, 15, 16, 17, 18, 19, 20, 21, 27, 29]);
  expect(await ids({ 'n.k': 'v1' })).toEqual([1, 2, 5]);
  expect(await ids({ num: 5 })).toEqual([1, 2, 5, 6]);
  expect(await ids({ num: 0 })).toEqual([7, 8]);
  expect(await ids({ a: 'x', b: 'q' })).toEqual([2, 6]);
});

test('count, update, findOneAndUpdate, aggregate $match and delete select the same documents through the pushdown', async () => {
  const filter = { a: 'x', b: { $in: ['p', 'q'] } };
  const expected = await ids({ $and: [filter] });
  expect(expected).toEqual([1, 2, 6]);
  expect(await things.countDocuments(filter)).toBe(expected.length);
  expect((await things.aggregate([{ $match: filter }, { $sort: { _id: 1 } }]).toArray()).map((document) => document._id)).toEqual(expected);
  expect((await things.updateMany(filter, { $set: { touched: 'many' } })).modifiedCount).toBe(expected.length);
  expect(await ids({ $and: [{ touched: 'many' }] })).toEqual(expected);
  expect((await things.findOneAndUpdate({ 'n.k': 'v3' }, { $set: { touched: 'one' } }))?._id).toBe(5);
  expect((await things.deleteMany({ s: { $in: ['zz', '~tilde'] } })).deletedCount).toBe(2);
  expect(await ids({ $and: [{ s: { $in: ['zz', '~tilde'] } }] })).toEqual([]);
});
