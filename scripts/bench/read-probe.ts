/**
 * Probe behind docs/metrics.md ("Reading the book"): where reading the portfolio records from the
 * database spends its time, per collection and per way of reading (batch size, projection, sort,
 * aggregation, parallel cursors, lookups), and what page documents of arrays or binary columns
 * cost instead. Imports a generated book first (kept in --data for the next run). Prints the
 * time, documents/s, MiB/s and the CPU time of FerretDB and of Node for each.
 * npx tsx scripts/bench/read-probe.ts --loans 20000 [--data /tmp/probe-db | --uri mongodb://...] [--only find,pages]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, type Document } from 'mongodb';
import { SchemaRegistry } from '../../server/http/schema-registry';
import { createLogger } from '../../server/logger';
import { PortfolioImportService, type IncomingRow } from '../../server/portfolio/import.service';
import { PortfolioStore } from '../../server/portfolio/portfolio.store';
import { syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { connectDatabase } from '../../server/store/connection';
import { startLocalDatabase } from '../../server/store/local-database';

const root = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({
  options: {
    loans: { type: 'string', default: '20000' },
    data: { type: 'string', default: '/tmp/probe-db' },
    only: { type: 'string', default: '' },
    uri: { type: 'string' },
  },
});
const loans = Number(values.loans);
const only = values.only ? values.only.split(',') : [];

function cpuOf(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // ms (USER_HZ 100)
}

async function main(): Promise<void> {
  fs.mkdirSync(values.data, { recursive: true });
  const database = values.uri ? undefined : await startLocalDatabase({ projectRoot: root, dataDirectory: values.data, logger: createLogger('warn') });
  const uri = values.uri ?? database!.uri;
  const dbName = `probe_${loans}`;
  try {
    const client = await MongoClient.connect(uri);
    const db = client.db(dbName);
    if ((await db.collection('portfolio_loans').estimatedDocumentCount()) === 0) {
      const connection = await connectDatabase(uri, { databaseName: dbName });
      const imports = new PortfolioImportService(
        new PortfolioStore(connection),
        new SchemaRegistry(path.join(root, 'schemas')),
        createLogger('silent'),
        undefined,
        2_000,
      );
      let records = 0;
      const rows = function* (): Iterable<IncomingRow> {
        for (const { kind, ...record } of syntheticPortfolio({ loans, months: 24, seed: 1, installments: 12 })) yield { kind, index: ++records, record };
      };
      const started = performance.now();
      await imports.import(rows());
      console.log(`imported ${records} records in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await connection.close();
    }
    const pid = database?.pid;
    const measure = async (name: string, work: () => Promise<{ docs: number; bytes: number }>) => {
      if (only.length > 0 && !only.some((prefix) => name.startsWith(prefix))) return;
      const cpu0 = cpuOf(pid);
      const node0 = process.cpuUsage();
      const started = performance.now();
      const { docs, bytes } = await work();
      const ms = performance.now() - started;
      const node = process.cpuUsage(node0);
      const ferret = cpuOf(pid) - cpu0;
      console.log(
        `${name.padEnd(44)} ${String(docs).padStart(8)} docs ${(bytes / 1048576).toFixed(1).padStart(7)} MiB ${(ms / 1000).toFixed(2).padStart(7)} s ` +
          `${Math.round(docs / (ms / 1000))
            .toString()
            .padStart(
              8,
            )} docs/s ${(bytes / 1048576 / (ms / 1000)).toFixed(2).padStart(6)} MiB/s  ferret cpu ${(ferret / 1000).toFixed(1)} s, node cpu ${((node.user + node.system) / 1e6).toFixed(1)} s`,
      );
    };
    const raw = async (collection: string, options: { batchSize?: number; projection?: Document; sort?: Document; filter?: Document } = {}) => {
      let docs = 0;
      let bytes = 0;
      const cursor = db
        .collection(collection)
        .find(options.filter ?? {}, { raw: true, batchSize: options.batchSize, projection: options.projection, sort: options.sort });
      for await (const document of cursor) {
        docs++;
        bytes += (document as unknown as Buffer).length;
      }
      return { docs, bytes };
    };
    const collections = [
      'portfolio_loans',
      'portfolio_repayments',
      'portfolio_claims',
      'portfolio_recoveries',
      'portfolio_premiums',
      'portfolio_ratings',
      'portfolio_financials',
    ];
    for (const collection of collections) await measure(`find raw ${collection} bs5000`, () => raw(collection, { batchSize: 5000 }));
    for (const batchSize of [101, 1000, 20000]) await measure(`find raw repayments bs${batchSize}`, () => raw('portfolio_repayments', { batchSize }));
    await measure('find raw repayments projected', () =>
      raw('portfolio_repayments', { batchSize: 5000, projection: { _id: 0, loanId: 1, paidAt: 1, amountCents: 1 } }),
    );
    await measure('find raw loans projected (no installments)', () =>
      raw('portfolio_loans', { batchSize: 5000, projection: { _id: 0, loanId: 1, obligorId: 1, principalCents: 1 } }),
    );
    await measure('find raw repayments sorted _id', () => raw('portfolio_repayments', { batchSize: 5000, sort: { _id: 1 } }));
    await measure('find raw repayments filter loanId $exists', () => raw('portfolio_repayments', { batchSize: 5000, filter: { amountCents: { $gt: 0 } } }));
    await measure('aggregate raw repayments', async () => {
      let docs = 0;
      let bytes = 0;
      for await (const document of db.collection('portfolio_repayments').aggregate([{ $match: {} }], { raw: true, batchSize: 5000 })) {
        docs++;
        bytes += (document as unknown as Buffer).length;
      }
      return { docs, bytes };
    });
    await measure('find decoded repayments bs5000', async () => {
      let docs = 0;
      for await (const document of db.collection('portfolio_repayments').find({}, { batchSize: 5000 })) docs += document ? 1 : 0;
      return { docs, bytes: 0 };
    });
    await measure('parallel loans+repayments (2 cursors)', async () => {
      const [a, b] = await Promise.all([raw('portfolio_loans', { batchSize: 5000 }), raw('portfolio_repayments', { batchSize: 5000 })]);
      return { docs: a.docs + b.docs, bytes: a.bytes + b.bytes };
    });
    await measure('parallel repayments split by _id (2 cursors)', async () => {
      const [a, b] = await Promise.all([
        raw('portfolio_repayments', { batchSize: 5000, filter: { _id: { $lt: `L${String(Math.floor(loans / 2)).padStart(8, '0')}` } } }),
        raw('portfolio_repayments', { batchSize: 5000, filter: { _id: { $gte: `L${String(Math.floor(loans / 2)).padStart(8, '0')}` } } }),
      ]);
      return { docs: a.docs + b.docs, bytes: a.bytes + b.bytes };
    });
    await measure('repayments by _id point lookups (1000)', async () => {
      let docs = 0;
      let bytes = 0;
      for (let k = 1; k <= 1000; k++) {
        const found = await db.collection('portfolio_repayments').findOne({ _id: `L${String(k).padStart(8, '0')}-R1` as never });
        if (found) {
          docs++;
          bytes += 1;
        }
      }
      return { docs, bytes };
    });
    await measure('repayments by loanId $in (100 loans)', async () => {
      const ids = Array.from({ length: 100 }, (_, k) => `L${String(k + 1).padStart(8, '0')}`);
      return raw('portfolio_repayments', { filter: { loanId: { $in: ids } } });
    });

    // Fewer, larger documents: pages of 1,000 loans, columns as arrays of numbers and as binary.
    for (const form of ['arrays', 'binary'] as const) {
      const name = `probe_pages_${form}`;
      const pages = db.collection(name);
      if ((await pages.estimatedDocumentCount()) === 0) {
        const perPage = 1000;
        const pageCount = Math.ceil(loans / perPage);
        for (let page = 0; page < pageCount; page++) {
          // ~370 bytes a loan: 13 int32 + 13 float64 for schedule, ~8 repayments (int32 + float64).
          const installments = perPage * 12;
          const repayments = perPage * 8;
          const ids = Array.from({ length: perPage }, (_, k) => `L${String(page * perPage + k).padStart(8, '0')}`);
          const columns: Record<string, unknown> = {};
          const numbers = (length: number, factor: number) => Array.from({ length }, (_, k) => Math.round(k * factor) % 10_000_000);
          const spec: [string, number, 'i' | 'f'][] = [
            ['dueDay', installments, 'i'],
            ['installmentPrincipal', installments, 'f'],
            ['installmentInterest', installments, 'f'],
            ['repaymentDay', repayments, 'i'],
            ['repaymentAmount', repayments, 'f'],
            ['principal', perPage, 'f'],
            ['disbursedDay', perPage, 'i'],
          ];
          for (const [column, length, type] of spec) {
            const data = numbers(length, 7.3);
            columns[column] = form === 'arrays' ? data : Buffer.from((type === 'i' ? Int32Array.from(data) : Float64Array.from(data)).buffer);
          }
          await pages.insertOne({ _id: `page-${page}` as never, loanIds: ids, obligorIds: ids, ...columns });
        }
      }
      await measure(`pages (${form}) bs1`, () => raw(name, { batchSize: 1 }));
      await measure(`pages (${form}) bs8`, () => raw(name, { batchSize: 8 }));
    }
    await client.close();
  } finally {
    await database?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
