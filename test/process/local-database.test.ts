import { connectDatabase, describeDatabase } from '../../server/store/connection';

/**
 * The local FerretDB is built with a one-line patch (server/store/local-database.ts) so that
 * lookups by _id use the _id index, as they do on MongoDB. FerretDB's explain returns SQLite's
 * query plan: an unpatched build answers SCAN (the whole collection) for the same query.
 */
test('lookups by _id on the local database search the _id index instead of scanning the collection', async () => {
  const connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName: `local_database_${Date.now()}` });
  try {
    if ((await describeDatabase(connection)).engine !== 'FerretDB') return; // MongoDB uses its _id index anyway.
    const collection = connection.db!.collection<{ _id: string; n: number }>('lookups');
    await collection.insertMany(Array.from({ length: 50 }, (_unused, n) => ({ _id: `doc-${n}`, n })));
    const plan = JSON.stringify(await collection.find({ _id: 'doc-7' }).explain());
    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    expect(plan).not.toMatch(/SCAN lookups/);
    expect(await collection.findOne({ _id: 'doc-7' })).toEqual({ _id: 'doc-7', n: 7 });
    await collection.updateOne({ _id: 'doc-7' }, { $set: { n: 70 } });
    expect((await collection.find({ n: 70 }).toArray()).map((document) => document._id)).toEqual(['doc-7']);
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
});
