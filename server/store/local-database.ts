import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

export interface LocalDatabase {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

export class LocalDatabaseError extends Error {
  override name = 'LocalDatabaseError';
}

export function ferretDbBinaryPath(projectRoot: string): string {
  return path.join(projectRoot, '.local', 'bin', 'ferretdb');
}

/** Names our build in `ferretdb --version`, so a binary built before the patch below is rebuilt. */
const LOCAL_PACKAGE = 'policy-platform-local-ledger-write-first-1';

/**
 * FerretDB 1.24's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'` while its
 * unique _id index is on `_ferretdb_sjson->"_id"`. SQLite uses an expression index only for the
 * same expression, so every lookup, update and delete by _id scanned the whole collection
 * (EXPLAIN QUERY PLAN: SCAN instead of SEARCH ... USING INDEX), and one update cost
 * milliseconds per thousand documents in the collection: the daily monitoring run spent minutes
 * on a few thousand alert updates. The same mismatch is FerretDB issue #4646 on PostgreSQL. The
 * patch makes lookups use the index's expression; both select the same documents.
 */
const ID_COLUMN_PATCH = {
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: 'IDColumn = DefaultColumn + `->"_id"`',
};

/**
 * Upstream pushes down only a one-key _id filter: any other filter read the whole collection into
 * FerretDB (about 8,000 small documents a second), declared indexes or not. ferretdb/index_pushdown.go,
 * copied into the SQLite backend, turns equality, `$in` and string ranges on the fields of a declared
 * index into WHERE terms on that index's expressions, a superset of the matches (arrays, and for
 * nested paths NULL, are kept); FerretDB still applies the whole filter to what SQLite returns.
 *
 * Upstream never pushes a sort either: a list page read and sorted every match in Go before its
 * limit. ferretdb/index_sort.go lets SQLite walk a declared index in the find's order when one
 * SQLite-side check proves that order is MongoDB's for this query (its comment says how); the find
 * then skips its Go sort, and its filter, skip and limit run lazily on the stream, so the read stops
 * after the page. The edits below pass the find's sort to the backend as `IndexSort` (the backend
 * contract still allows only `$natural` in `Sort`), call both files from Query and Explain, report
 * `Sorted` back to the find, and tell ferretdb/index_sort_proofs.go which documents InsertAll and
 * UpdateAll wrote, so that a check that held is reused until a write could break it.
 *
 * That check reads every candidate, which at a million loans took minutes for the first read of a
 * list's query shape. ferretdb/value_class_ledger.go proves most orders without it: CreateIndexes on
 * an empty table starts a ledger of the classes of value each indexed field ever held, and InsertAll
 * and UpdateAll add to it inside their transactions.
 */
const INDEX_PUSHDOWN_PATCHES = [
  {
    file: 'internal/backends/collection.go',
    from: '\tSort   *types.Document\n\tLimit  int64\n\n\tOnlyRecordIDs bool\n',
    to: "\tSort   *types.Document\n\tLimit  int64\n\n\tIndexSort *types.Document // the find's sort, applied by the backend when an index serves it exactly\n\n\tOnlyRecordIDs bool\n",
  },
  {
    file: 'internal/backends/collection.go',
    from: 'type QueryResult struct {\n\tIter types.DocumentsIterator\n}',
    to: "type QueryResult struct {\n\tIter types.DocumentsIterator\n\n\tSorted bool // IndexSort was applied: the rows come in the find's order\n}",
  },
  {
    file: 'internal/backends/collection.go',
    from: 'type ExplainParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n}',
    to: 'type ExplainParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n\n\tIndexSort *types.Document\n}',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)\n',
    to:
      '\tvar sorted bool\n\n\tif whereClause == "" {\n\t\twhereClause, args = indexPushdown(meta, params.Filter)\n\n' +
      '\t\tif sq, sa, provenBy, err := indexSort(ctx, db, c.dbName, meta, q, params.Filter, params.IndexSort); err != nil {\n\t\t\treturn nil, err\n\t\t} else if provenBy != "" {\n' +
      '\t\t\tq, whereClause, args, sorted = sq, "", sa, true\n\t\t}\n\t}\n\n' +
      '\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\t\tIter: newQueryIterator(ctx, rows, params.OnlyRecordIDs),\n\t}, nil\n',
    to: '\t\tIter:   newQueryIterator(ctx, rows, params.OnlyRecordIDs),\n\t\tSorted: sorted,\n\t}, nil\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\torderByClause := prepareOrderByClause(params.Sort)\n\tsortPushdown := orderByClause != ""\n\n\tq := `EXPLAIN QUERY PLAN ` + selectClause + whereClause + orderByClause\n',
    to:
      '\tquery := selectClause\n\tvar indexSortProof string\n\n\tif whereClause == "" {\n\t\twhereClause, args = indexPushdown(meta, params.Filter)\n\t\tfilterPushdown = whereClause != ""\n\n' +
      '\t\tif sq, sa, provenBy, err := indexSort(ctx, db, c.dbName, meta, selectClause, params.Filter, params.IndexSort); err != nil {\n\t\t\treturn nil, err\n\t\t} else if provenBy != "" {\n' +
      '\t\t\tquery, whereClause, args, indexSortProof = sq, "", sa, provenBy\n\t\t}\n\t}\n\n' +
      '\torderByClause := prepareOrderByClause(params.Sort)\n\tsortPushdown := orderByClause != "" || query != selectClause\n\n' +
      '\tq := `EXPLAIN QUERY PLAN ` + query + whereClause + orderByClause\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\t\tQueryPlanner:   must.NotFail(types.NewDocument("Plan", queryPlan)),\n',
    to: '\t\tQueryPlanner:   must.NotFail(types.NewDocument("Plan", queryPlan, "IndexSortProof", indexSortProof)),\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: 'func (c *collection) InsertAll(ctx context.Context, params *backends.InsertAllParams) (*backends.InsertAllResult, error) {\n',
    to: 'func (c *collection) InsertAll(ctx context.Context, params *backends.InsertAllParams) (*backends.InsertAllResult, error) {\n\tdefer documentsWritten(c, params.Docs)\n\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: 'func (c *collection) UpdateAll(ctx context.Context, params *backends.UpdateAllParams) (*backends.UpdateAllResult, error) {\n',
    to: 'func (c *collection) UpdateAll(ctx context.Context, params *backends.UpdateAllParams) (*backends.UpdateAllResult, error) {\n\tdefer documentsWritten(c, params.Docs)\n\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\t\t\t\treturn lazyerrors.Error(err)\n\t\t\t}\n\t\t}\n\n\t\treturn nil\n\t})',
    to: '\t\t\t\treturn lazyerrors.Error(err)\n\t\t\t}\n\t\t}\n\n\t\treturn recordValueClasses(ctx, tx, c.dbName, meta, params.Docs)\n\t})',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\t\t\tres.Updated += int32(ra)\n\t\t}\n\n\t\treturn nil\n\t})',
    to: '\t\t\tres.Updated += int32(ra)\n\t\t}\n\n\t\treturn recordValueClasses(ctx, tx, c.dbName, meta, params.Docs)\n\t})',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\terr := c.r.IndexesCreate(ctx, c.dbName, c.name, indexes)\n\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n',
    to:
      '\terr := c.r.IndexesCreate(ctx, c.dbName, c.name, indexes)\n\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n' +
      '\ttrackIndexedFields(ctx, c.r.DatabaseGetExisting(ctx, c.dbName), c.dbName, c.r.CollectionGet(ctx, c.dbName, c.name))\n',
  },
  {
    file: 'internal/handler/msg_find.go',
    from: '\titer, err := h.makeFindIter(queryRes.Iter, closer, params)\n',
    to:
      "\tif queryRes.Sorted { // SQLite returns the rows in the sort's order: no Go sort, and the page stops the read\n" +
      '\t\tunsorted := *params\n\t\tunsorted.Sort = nil\n\t\tparams = &unsorted\n\t}\n\n' +
      '\titer, err := h.makeFindIter(queryRes.Iter, closer, params)\n',
  },
  {
    file: 'internal/handler/msg_find.go',
    from: '\t// Limit pushdown is not applied if:\n',
    to: '\tif !h.DisablePushdown && qp.Sort.Len() == 0 && params.Sort.Len() != 0 {\n\t\tqp.IndexSort = params.Sort\n\t}\n\n\t// Limit pushdown is not applied if:\n',
  },
  {
    file: 'internal/handler/msg_explain.go',
    from: '\t// Limit pushdown is not applied if:\n',
    to: '\tif !h.DisablePushdown && qp.Sort.Len() == 0 && params.Sort.Len() != 0 && !params.Aggregate {\n\t\tqp.IndexSort = params.Sort\n\t}\n\n\t// Limit pushdown is not applied if:\n',
  },
];

/**
 * Upstream reads and decodes every document a delete selects before it deletes them by _id, even for
 * a filter that is one string _id: deleting a monitoring run's event batch (a thousand events, about
 * 400 KB of JSON) decoded the whole batch first, 9 % of the database's CPU on a first monitoring day.
 * A filter that is exactly one string _id now deletes in SQLite through the unique _id index directly.
 * A string of 24 hex digits is left to the upstream path: FerretDB stores an ObjectId's _id as the same
 * JSON text, and only the upstream path tells the two types apart before deleting.
 */
const DELETE_BY_ID_PATCH = {
  file: 'internal/handler/msg_delete.go',
  from: 'func (h *Handler) execDelete(ctx context.Context, c backends.Collection, p *common.Delete) (int32, error) {\n\tvar qp backends.QueryParams\n',
  to:
    'func (h *Handler) execDelete(ctx context.Context, c backends.Collection, p *common.Delete) (int32, error) {\n' +
    '\tif id, ok := stringIDOnly(p.Filter); ok && !h.DisablePushdown {\n' +
    '\t\td, err := c.DeleteAll(ctx, &backends.DeleteAllParams{IDs: []any{id}})\n' +
    '\t\tif err != nil {\n\t\t\treturn 0, lazyerrors.Error(err)\n\t\t}\n\n\t\treturn d.Deleted, nil\n\t}\n\n' +
    '\tvar qp backends.QueryParams\n',
};

/**
 * SQLite's own checkpoints never start the write-ahead log over while a read is always under way, and never
 * make its file smaller: on a million-loan first monitoring day the log reached 57 GB beside a 15 GB database
 * and nearly filled the disk. ferretdb/wal_guard.go, started for each database file FerretDB opens, empties
 * the log with a TRUNCATE checkpoint whenever it passes a limit (256 MiB; `walLimitBytes` for tests), waiting
 * at most a tenth of a second for readers and pausing (1 s, doubling to 8 s) when they stay, so that a reader
 * keeping its snapshot cannot starve the writers; writers wait for the lock up to a minute (LOCAL_SQLITE_PRAGMAS).
 */
const WAL_GUARD_PATCH = {
  file: 'internal/backends/sqlite/metadata/pool/opendb.go',
  from: '\tif err = db.Ping(); err != nil {\n\t\t_ = db.Close()\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n',
  to: '\tif err = db.Ping(); err != nil {\n\t\t_ = db.Close()\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n\tif !memory {\n\t\tguardWAL(db, l)\n\t}\n',
};

/**
 * SQLite has one write lock per file: a write holding it past the writers' one-minute wait fails every other
 * write with SQLITE_BUSY, and FerretDB logs only those failures. ferretdb/slow_writes.go logs each statement and
 * transaction that wrote for more than five seconds (at WARN, FerretDB's level here), so the holder is named.
 */
const SLOW_WRITE_PATCHES = [
  {
    file: 'internal/util/fsql/db.go',
    from: '\tres, err := db.sqlDB.ExecContext(ctx, query, args...)\n',
    to: '\tres, err := db.sqlDB.ExecContext(ctx, query, args...)\n\twarnIfSlow(ctx, db.l, query, start, rowsOf(res))\n',
  },
  {
    file: 'internal/util/fsql/tx.go',
    from: '\tres, err := tx.sqlTx.ExecContext(ctx, query, args...)\n',
    to: '\tres, err := tx.sqlTx.ExecContext(ctx, query, args...)\n\twarnIfSlow(ctx, tx.l, query, start, rowsOf(res))\n',
  },
  {
    file: 'internal/util/fsql/db.go',
    from: 'func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {\n',
    to: 'func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {\n\tstart := time.Now()\n\tdefer func() { warnIfSlow(ctx, db.l, "transaction", start, -1) }()\n\n',
  },
];

/**
 * Builds FerretDB into .local/bin once and reuses it: the pinned module version from its module
 * source (the Go module proxy), with build/version/version.txt written (a go-installed FerretDB
 * 1.x panics at start without it), the one-line _id-index patch and the index pushdown above.
 */
export async function ensureFerretDbBinary(projectRoot: string, logger: Logger): Promise<string> {
  const binary = ferretDbBinaryPath(projectRoot);
  if (await isWorkingBinary(binary)) return binary;

  const localDirectory = path.join(projectRoot, '.local');
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const release = await acquireLock(path.join(localDirectory, 'ferretdb-build.lock'), logger);
  try {
    if (await isWorkingBinary(binary)) return binary;
    await requireGo();
    logger.info({ module: FERRETDB_MODULE, version: FERRETDB_VERSION }, 'building the local FerretDB once; this takes a few minutes the first time');
    const temporary = `${binary}.${process.pid}.tmp`;
    // FerretDB's SQLite driver is pure Go, so no C toolchain is needed.
    const goEnvironment = { ...process.env, CGO_ENABLED: '0' };
    await buildFromModuleSource(localDirectory, temporary, goEnvironment);
    fs.renameSync(temporary, binary);
    if (!(await isWorkingBinary(binary))) throw new LocalDatabaseError(`Built ${binary}, but it does not run`);
    logger.info({ binary }, 'local FerretDB is ready');
    return binary;
  } finally {
    release();
  }
}

async function buildFromModuleSource(localDirectory: string, output: string, environment: NodeJS.ProcessEnv): Promise<void> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { env: environment, maxBuffer: 1 << 24 });
  const moduleDirectory = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!moduleDirectory) throw new LocalDatabaseError(`go mod download did not report a directory: ${stdout}`);
  const source = path.join(localDirectory, 'src', `ferretdb-${FERRETDB_VERSION}`);
  fs.rmSync(source, { recursive: true, force: true });
  fs.cpSync(moduleDirectory, source, { recursive: true });
  makeWritable(source);
  fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  fs.writeFileSync(path.join(source, 'build', 'version', 'package.txt'), `${LOCAL_PACKAGE}\n`);
  for (const edit of [ID_COLUMN_PATCH, ...INDEX_PUSHDOWN_PATCHES, DELETE_BY_ID_PATCH, WAL_GUARD_PATCH, ...SLOW_WRITE_PATCHES]) replaceOnce(source, edit);
  for (const file of ['index_pushdown.go', 'index_sort.go', 'index_sort_proofs.go', 'value_class_ledger.go']) {
    fs.copyFileSync(path.join(__dirname, 'ferretdb', file), path.join(source, 'internal', 'backends', 'sqlite', file));
  }
  fs.copyFileSync(path.join(__dirname, 'ferretdb', 'delete_by_id.go'), path.join(source, 'internal', 'handler', 'delete_by_id.go'));
  fs.copyFileSync(path.join(__dirname, 'ferretdb', 'wal_guard.go'), path.join(source, 'internal', 'backends', 'sqlite', 'metadata', 'pool', 'wal_guard.go'));
  fs.copyFileSync(path.join(__dirname, 'ferretdb', 'slow_writes.go'), path.join(source, 'internal', 'util', 'fsql', 'slow_writes.go'));
  await run('go', ['build', '-trimpath', '-o', output, './cmd/ferretdb'], { cwd: source, env: environment, maxBuffer: 1 << 24 });
}

/** Applies one edit to the module source; the upstream text must occur exactly once, or the build stops. */
function replaceOnce(source: string, edit: { file: string; from: string; to: string }): void {
  const file = path.join(source, edit.file);
  const text = fs.readFileSync(file, 'utf8');
  if (text.split(edit.from).length !== 2) {
    throw new LocalDatabaseError(`FerretDB ${FERRETDB_VERSION} source changed: ${edit.file} does not hold exactly one ${JSON.stringify(edit.from)}`);
  }
  fs.writeFileSync(file, text.replace(edit.from, edit.to));
}

function makeWritable(directory: string): void {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(full);
  }
  fs.chmodSync(directory, 0o755);
}

async function requireGo(): Promise<void> {
  try {
    await run('go', ['version']);
  } catch {
    throw new LocalDatabaseError(
      'Go is needed once to build the local FerretDB, and `go` was not found on PATH. Install Go 1.22+ or set MONGODB_URI to an existing MongoDB.',
    );
  }
}

async function isWorkingBinary(binary: string): Promise<boolean> {
  if (!fs.existsSync(binary)) return false;
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 15_000 });
    // Whole lines: a build named `…-2-check` is not the `…-2` this code wants.
    const lines = stdout.split('\n').map((line) => line.trim());
    return lines.includes(`version: ${FERRETDB_VERSION}`) && lines.includes(`package: ${LOCAL_PACKAGE}`);
  } catch {
    return false;
  }
}

/** A directory lock so that `npm start` and `npm test` started together build only once. */
async function acquireLock(lockPath: string, logger: Logger): Promise<() => void> {
  const deadline = Date.now() + 20 * 60_000;
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(lockPath);
      fs.writeFileSync(path.join(lockPath, 'pid'), String(process.pid));
      return () => fs.rmSync(lockPath, { recursive: true, force: true });
    } catch {
      const owner = Number(readOptional(path.join(lockPath, 'pid')));
      if (owner && !isAlive(owner)) {
        fs.rmSync(lockPath, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new LocalDatabaseError(`Timed out waiting for another build of FerretDB (lock ${lockPath})`);
      if (!announced) logger.info('another process is building FerretDB; waiting for it');
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export interface StartOptions {
  projectRoot: string;
  dataDirectory: string;
  port?: number;
  logger: Logger;
  /** The size past which the write-ahead log is emptied (wal_guard.go); 256 MiB by default, small in its test. */
  walLimitBytes?: number;
  /** Writes slower than this are logged to ferretdb.log (slow_writes.go); 5,000 ms by default, 0 in its test. */
  slowWriteMs?: number;
}

/**
 * SQLite settings of the local database, added to FerretDB's own (WAL journal, no auto-vacuum).
 * busy_timeout(60000): a writer waits up to a minute for the lock instead of FerretDB's 10 s, because the WAL
 * guard's truncating checkpoint (ferretdb/wal_guard.go) holds the writers while its fsync runs, and at the start of
 * a million-loan monitoring day that took longer than 10 s and failed an upsert with SQLITE_BUSY.
 * synchronous(normal): in WAL mode a commit no longer waits for an fsync of the log; the log is synced at each
 * checkpoint. A process that dies (FerretDB or the platform, SIGKILL included) loses nothing committed and the
 * file stays consistent; only a crash of the machine itself (power loss, kernel panic) may roll back the last
 * commits before the checkpoint. That is the right trade for a local and test database: FerretDB commits every
 * single-document update on its own, so each waited for the disk; 2,000 updates in bulk commands of 50 took
 * 1.2-1.7 s with the default (FULL) and 0.7-1.1 s with NORMAL on the project's 2-core machine. Production runs
 * MongoDB (MONGODB_URI), where none of this applies. A larger insert batch (--test-batch-size 1000 instead of
 * 100) was measured too and changed nothing (first 100,000-loan day: database CPU 98.9 s against 101.8 s).
 */
export const LOCAL_SQLITE_PRAGMAS = ['synchronous(normal)', 'busy_timeout(60000)'];

/** FerretDB's command line: SQLite in the directory with the settings above, loopback only. */
export function localDatabaseArguments(databaseDirectory: string, port: number): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${databaseDirectory}/?${LOCAL_SQLITE_PRAGMAS.map((pragma) => `_pragma=${encodeURIComponent(pragma)}`).join('&')}`,
    `--state-dir=${databaseDirectory}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    // find, aggregate and explain drop dotted filter keys before the backend otherwise; the patched
    // backend (ferretdb/index_pushdown.go) decides for itself what it can push down safely.
    '--test-enable-nested-pushdown',
    '--log-level=WARN',
    '--log-format=json',
  ];
}

/** Starts FerretDB on SQLite, loopback only, with its data and log under the data directory. */
export async function startLocalDatabase(options: StartOptions): Promise<LocalDatabase> {
  const binary = await ensureFerretDbBinary(options.projectRoot, options.logger);
  const databaseDirectory = path.join(options.dataDirectory, 'ferretdb');
  fs.mkdirSync(databaseDirectory, { recursive: true });
  const ownerFile = path.join(databaseDirectory, 'owner.json');
  stopOrphanOrRefuse(ownerFile, options.logger);

  const port = options.port ?? (await freePort());
  const logPath = path.join(databaseDirectory, 'ferretdb.log');
  const logFile = fs.openSync(logPath, 'a');
  const environment = {
    ...process.env,
    ...(options.walLimitBytes === undefined ? {} : { POLICY_PLATFORM_WAL_LIMIT_BYTES: String(options.walLimitBytes) }),
    ...(options.slowWriteMs === undefined ? {} : { POLICY_PLATFORM_SLOW_WRITE_MS: String(options.slowWriteMs) }),
  };
  const child = spawn(binary, localDatabaseArguments(databaseDirectory, port), { stdio: ['ignore', logFile, logFile], detached: false, env: environment });
  fs.closeSync(logFile);
  fs.writeFileSync(ownerFile, JSON.stringify({ parentPid: process.pid, databasePid: child.pid, port }));

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await Promise.race([waitForPort(port, 30_000).then(() => true), exited.then(() => false)]);
  if (!ready) {
    throw new LocalDatabaseError(`FerretDB exited during start-up; see ${logPath}:\n${tail(logPath)}`);
  }
  options.logger.info({ port, directory: databaseDirectory }, 'local FerretDB started');
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid!,
    stop: () => stopChild(child, exited, ownerFile),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>, ownerFile: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(ownerFile, { force: true });
}

/** A crashed platform can leave its FerretDB behind; a live one must not be disturbed. */
function stopOrphanOrRefuse(ownerFile: string, logger: Logger): void {
  const raw = readOptional(ownerFile);
  if (!raw) return;
  let owner: { parentPid?: number; databasePid?: number };
  try {
    owner = JSON.parse(raw) as typeof owner;
  } catch {
    return;
  }
  if (owner.parentPid && owner.parentPid !== process.pid && isAlive(owner.parentPid)) {
    throw new LocalDatabaseError(
      `Another platform process (pid ${owner.parentPid}) is using the local database in ${path.dirname(ownerFile)}. Stop it first, or set DATA_DIR to another folder.`,
    );
  }
  if (owner.databasePid && isAlive(owner.databasePid)) {
    logger.warn({ pid: owner.databasePid }, 'stopping a local FerretDB left behind by an earlier run');
    try {
      process.kill(owner.databasePid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new LocalDatabaseError(`FerretDB did not open port ${port} within ${timeoutMs / 1000} s`);
}

/** Whether a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The last lines of a log file (FerretDB's, when it fails), empty when there is none. */
export function tail(file: string): string {
  return (readOptional(file) ?? '').split('\n').slice(-15).join('\n');
}
