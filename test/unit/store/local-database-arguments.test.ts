import { localDatabaseArguments } from '../../../server/store/local-database';

/**
 * The local FerretDB's SQLite connections commit without waiting for an fsync of the WAL (synchronous NORMAL):
 * safe against a process that dies, and halved the update time of a later monitoring day (docs/monitoring.md).
 * FerretDB adds its own busy_timeout and WAL journal to the URL; ours come first and must not replace them.
 */
test('the local database opens SQLite with synchronous(normal) and leaves FerretDB its own settings', () => {
  const sqliteUrl = localDatabaseArguments('/data/ferretdb', 27017).find((argument) => argument.startsWith('--sqlite-url='))!;
  const url = new URL(sqliteUrl.slice('--sqlite-url='.length));
  expect(url.protocol).toBe('file:');
  expect(url.pathname).toBe('/data/ferretdb/');
  expect(url.searchParams.getAll('_pragma')).toEqual(['synchronous(normal)']);
});
