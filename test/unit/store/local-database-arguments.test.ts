import { localDatabaseArguments } from '../../../server/store/local-database';

/**
 * The local FerretDB's SQLite connections commit without waiting for an fsync of the WAL (synchronous NORMAL):
 * safe against a process that dies, and halved the update time of a later monitoring day (docs/monitoring.md).
 * FerretDB adds its WAL journal to the URL; ours come first and must not replace it. A writer waits up to 60 s for
 * the lock (FerretDB's default is 10 s): the WAL guard's truncating checkpoint holds the writers while its fsync runs,
 * which took longer than 10 s at the start of a million-loan monitoring day and failed an upsert.
 */
test('the local database opens SQLite with synchronous(normal) and a 60 s busy timeout', () => {
  const sqliteUrl = localDatabaseArguments('/data/ferretdb', 27017).find((argument) => argument.startsWith('--sqlite-url='))!;
  const url = new URL(sqliteUrl.slice('--sqlite-url='.length));
  expect(url.protocol).toBe('file:');
  expect(url.pathname).toBe('/data/ferretdb/');
  expect(url.searchParams.getAll('_pragma')).toEqual(['synchronous(normal)', 'busy_timeout(60000)']);
});
