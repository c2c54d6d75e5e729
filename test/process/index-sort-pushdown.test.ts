import { Long, ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectDatabase, describeDatabase } from '../../server/store/connection';
import { beforeCursor, BY_LATEST_CHANGE } from '../../server/store/keyset-page';

/**
 * The sort pushdown (server/store/ferretdb/index_sort.go): a list page, an equality prefix of a
 * declared index sorted by the index's next fields, is read by walking that index in SQLite, and
 * FerretDB stops after the page instead of sorting every match in Go. SQLite orders JSON texts, which
 * is MongoDB's order only for canonical values, so one check refuses the pushdown when any candidate
 * is not canonical. Each list query here runs as is and with a third sort key no index holds (the
 * same order, as (updatedAt, _id) is unique, but FerretDB sorts in Go): both must return the same
 * page, on canonical data and after each poisoned document is added.
 */

const BASE = Date.UTC(2026, 0, 1);
const UNITS = ['HQ', 'BR-SH', 'BR-BJ'];

/** Alert-like records: many share an update time (one monitoring write), ids ordered as text. */
function canonicalDocuments(): Document[] {
  return Array.from({ length: 240 }, (_, i) => ({
    _id: `ALT-${String(i).padStart(5, '0')}`,
    status: i % 3 === 0 ? 'closed' : 'open',
    orgUnit: UNITS[i % UNITS.length],
    updatedAt: new Date(BASE + Math.floor(i / 4) * 60_000),
  }));
}

const LATEST = new Date(BASE + 100 * 60_000);

/** Documents that break the text order, each placed where a wrongly pushed page would show it. */
const POISON: [string, Document][] = [
  ['a 12-digit date', { _id: 'P-12', status: 'open', orgUnit: 'HQ', updatedAt: new Date(999_999_999_999) }],
  ['a number in the date field', { _id: 'P-NUM', status: 'open', orgUnit: 'HQ', updatedAt: Long.fromNumber(9_999_999_999_999) }],
  ['an array in the date field', { _id: 'P-ARR', status: 'open', orgUnit: 'HQ', updatedAt: [new Date(BASE), LATEST] }],
  ['a string in the date field', { _id: 'P-STR', status: 'open', orgUnit: 'HQ', updatedAt: '2099-01-01T00:00:00.000Z' }],
  ['a missing date', { _id: 'P-MISSING', status: 'open', orgUnit: 'HQ' }],
  ['a status array', { _id: 'P-STATUS', status: ['open', 'closed'], orgUnit: 'HQ', updatedAt: LATEST }],
  ['an id with a space', { _id: 'ALT-00238 x', status: 'open', orgUnit: 'HQ', updatedAt: new Date(BASE + 59 * 60_000) }],
  [
    'an ObjectId id among string ids',
    { _id: new ObjectId('000000000000000000000000'), status: 'open', orgUnit: 'HQ', updatedAt: new Date(BASE + 59 * 60_000) },
  ],
];

const SORT = { updatedAt: -1, _id: -1 } as const;
const cursor = `${new Date(BASE + 30 * 60_000).toISOString()}~ALT-00122`;

/** The list queries the app sends (keyset-page.ts): first pages and a page after a (time, id) cursor. */
const QUERIES: [string, Document][] = [
  ['open, HQ', { status: 'open' }],
  ['open, a branch', { status: 'open', orgUnit: 'BR-SH' }],
  ['everything (claims, job runs at HQ)', {}],
  ['open, before a time', beforeCursor({ status: 'open' }, BY_LATEST_CHANGE, new Date(BASE + 30 * 60_000).toISOString())],
  ['open, after a (time, id) cursor', beforeCursor({ status: 'open' }, BY_LATEST_CHANGE, cursor)],
  ['a branch, after a (time, id) cursor', beforeCursor({ status: 'open', orgUnit: 'BR-SH' }, BY_LATEST_CHANGE, cursor)],
  ['several statuses (pending tasks)', { status: { $in: ['open', 'closed'] } }],
  [
    'several statuses, two branches, after a cursor',
    beforeCursor({ status: { $in: ['open', 'closed'] }, orgUnit: { $in: ['HQ', 'BR-SH'] } }, BY_LATEST_CHANGE, cursor),
  ],
];

let connection: Connection;
let items: Collection;
let onFerretDb = false;

beforeAll(async () => {
  connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName: `index_sort_${Date.now()}` });
  onFerretDb = (await describeDatabase(connection)).engine === 'FerretDB';
  items = connection.db!.collection('items');
  // The alert queue's indexes (alert.model.ts) and the claim cases' sort-only one.
  await items.createIndexes([
    { key: { status: 1, orgUnit: 1, updatedAt: -1, _id: -1 } },
    { key: { status: 1, updatedAt: -1, _id: -1 } },
    { key: { updatedAt: -1, _id: -1 } },
  ]);
  await items.insertMany(canonicalDocuments());
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

const UNPUSHED_SORT = { ...SORT, unindexed: 1 } as const;

async function page(filter: Document, limit = 51, sort: Record<string, 1 | -1> = SORT): Promise<unknown[]> {
  return (
    await items
      .find(filter as Filter<Document>)
      .sort(sort)
      .limit(limit)
      .toArray()
  ).map((document) => document._id);
}

interface Explained {
  sortPushdown: boolean;
  plan: string;
  /** What proved the index's order: the ledger of classes ever written, or a check of every candidate. */
  provenBy: string;
}

async function explain(filter: Document, sort: Record<string, 1 | -1> = SORT): Promise<Explained> {
  const result = await items
    .find(filter as Filter<Document>)
    .sort(sort)
    .limit(51)
    .explain();
  const planner = result.queryPlanner as { IndexSortProof?: string };
  return { sortPushdown: result.sortPushdown as boolean, plan: JSON.stringify(planner), provenBy: planner.IndexSortProof ?? '' };
}

/** The same page sorted in Go: FerretDB reads every match and sorts it. */
const unpushed = (filter: Document) => page(filter, 51, UNPUSHED_SORT);

test.each(QUERIES)('%s: SQLite walks an index in the sort order and the page is the unpushed one', async (_label, filter) => {
  const expected = await unpushed(filter);
  expect(expected.length).toBeGreaterThan(10);
  expect(await page(filter)).toEqual(expected);
  expect(await page(filter, 5)).toEqual(expected.slice(0, 5));
  if (!onFerretDb) return;
  expect((await explain(filter, UNPUSHED_SORT)).sortPushdown).toBe(false);
  const { sortPushdown, plan, provenBy } = await explain(filter);
  expect({
    sortPushdown,
    provenBy,
    tempBTree: /TEMP B-TREE/.test(plan),
    index: /USING INDEX/.test(plan),
    tableScan: /detail=SCAN [^ "\\(]+\\?"/.test(plan),
  }).toEqual({
    sortPushdown: true,
    // The indexes were declared on the empty collection, and every document written since holds a
    // canonical date and id: the ledger proves the order without reading a candidate.
    provenBy: 'ledger',
    tempBTree: false,
    index: true,
    tableScan: false,
  });
});

test('the plan of a keyset page bounds the walk by the cursor time', async () => {
  if (!onFerretDb) return;
  const { plan } = await explain(QUERIES[4]![1]);
  expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+ \(.*<\?\)/);
});

describe.each(POISON)('with %s', (_label, poison) => {
  beforeAll(() => items.insertOne(poison));
  afterAll(() => items.deleteOne({ _id: poison._id }));

  test('neither the ledger nor the check pushes the sort of the open queue', async () => {
    if (onFerretDb) expect((await explain({ status: 'open' })).sortPushdown).toBe(false);
  });

  test.each(QUERIES)('%s: the page stays exact', async (_query, filter) => {
    const expected = await unpushed(filter);
    expect(await page(filter)).toEqual(expected);
    expect(await page(filter, 5)).toEqual(expected.slice(0, 5));
  });
});

test('once the poisoned documents are gone, the check proves the order again (the ledger still remembers them)', async () => {
  if (!onFerretDb) return;
  expect(await explain({ status: 'open' })).toMatchObject({ sortPushdown: true, provenBy: 'check' });
});

/** The collection's ids are strings; the driver's filter type expects ObjectIds. */
const byId = (id: string) => ({ _id: id }) as unknown as Filter<Document>;

test('a proof that held is not reused after an update writes a non-canonical value', async () => {
  const filter = { status: 'open' };
  expect(await page(filter)).toEqual(await unpushed(filter)); // proven, and remembered
  const original = await items.findOne(byId('ALT-00001'));
  await items.updateOne(byId('ALT-00001'), { $set: { updatedAt: new Date(999_999_999_999) } });
  try {
    if (onFerretDb) expect((await explain(filter)).sortPushdown).toBe(false);
    expect(await page(filter)).toEqual(await unpushed(filter));
  } finally {
    await items.updateOne(byId('ALT-00001'), { $set: { updatedAt: original!.updatedAt as Date } });
  }
  if (onFerretDb) expect((await explain(filter)).sortPushdown).toBe(true);
});

test('a filter served by one index is not traded for a walk of another index in the sort order', async () => {
  // The book's records are read by loan, sorted by _id (portfolio.store.ts): walking the whole _id
  // index in order and filtering every row in Go would read the collection; the loan index reads the loans' rows.
  const records = connection.db!.collection('records_by_loan');
  await records.createIndex({ loanId: 1 });
  await records.insertMany(Array.from({ length: 600 }, (_, i) => ({ _id: `R-${String(i).padStart(4, '0')}`, loanId: `L${i % 200}` }) as Document));
  const filter = { loanId: { $in: ['L1', 'L2'] } };
  const found = await records.find(filter).sort({ _id: 1 }).toArray();
  expect(found.map((record) => record._id)).toEqual(['R-0001', 'R-0002', 'R-0201', 'R-0202', 'R-0401', 'R-0402']);
  if (!onFerretDb) return;
  const explained = await records.find(filter).sort({ _id: 1 }).explain();
  expect({ sortPushdown: explained.sortPushdown, byLoan: /USING INDEX \S*loanId/.test(JSON.stringify(explained.queryPlanner)) }).toEqual({
    sortPushdown: false,
    byLoan: true,
  });
});
