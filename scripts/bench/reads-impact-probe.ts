/**
 * Probe behind docs/monitoring.md ("The impact preview: where its time goes"): the phases of the preview's facts pass,
 * each on its own, with the wall time and the CPU of Node and of the local database. Imports a generated book through
 * the real import first (kept in --data for the next run).
 * npx tsx scripts/bench/reads-impact-probe.ts --loans 100000 [--data /tmp/impact-probe]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { createLogger } from '../../server/logger';
import { addPageRatings, pageBook, SharedDictionaries } from '../../server/metrics/page-book';
import { DEFAULT_METRIC_SETTINGS } from '../../server/metrics/metric-settings';
import type { RatingInput } from '../../server/metrics/obligor-facts';
import { dayFromDate } from '../../server/ground/calendar';
import { ObligorFactsAccumulator } from '../../server/monitoring/obligor-facts-batch';
import { BookPages } from '../../server/portfolio/book-pages';
import { PortfolioStore } from '../../server/portfolio/portfolio.store';
import { connectDatabase } from '../../server/store/connection';
import { startLocalDatabase } from '../../server/store/local-database';
import { processCpuMs } from './process-cpu';

const root = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({
  options: {
    loans: { type: 'string', default: '100000' },
    data: { type: 'string', default: '/tmp/impact-probe' },
    asOf: { type: 'string', default: '2026-10-31' },
  },
});
const loans = Number(values.loans);
const databaseName = `impact_probe_${loans}`;

async function main(): Promise<void> {
  fs.mkdirSync(values.data, { recursive: true });
  const database = await startLocalDatabase({ projectRoot: root, dataDirectory: values.data, logger: createLogger('warn') });
  const nodeCpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const measure = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const [database0, node0, started] = [processCpuMs(database.pid!) ?? 0, nodeCpu(), performance.now()];
    const result = await work();
    const wall = performance.now() - started;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(8);
    console.log(
      `${name.padEnd(44)} wall ${seconds(wall)}  node cpu ${seconds(nodeCpu() - node0)}  database cpu ${seconds((processCpuMs(database.pid!) ?? 0) - database0)}`,
    );
    return result;
  };
  try {
    const uri = new URL(database.uri);
    uri.pathname = `/${databaseName}`;
    let connection = await connectDatabase(uri.toString(), { databaseName });
    if ((await new PortfolioStore(connection).countLoans()) === 0) {
      await connection.close();
      const started = performance.now();
      execFileSync(
        process.execPath,
        ['--import', 'tsx', '--max-old-space-size=6144', path.join(__dirname, 'metrics-bench-child.ts'), 'import', String(loans), '12'],
        {
          cwd: root,
          env: { ...process.env, MONGODB_URI: database.uri, BENCH_DATABASE: databaseName },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      console.log(`imported ${loans} loans in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      connection = await connectDatabase(uri.toString(), { databaseName });
    }
    const store = new PortfolioStore(connection);
    const pages = new BookPages(connection, createLogger('silent'));
    // A book imported before a change of the page format (format 2 added the ratings) is rebuilt once, as the app does.
    if (!(await pages.current())) await measure('rebuild the pages from the records (format change)', () => pages.rebuild(store));
    const generation = (await pages.current())!;
    const db = connection.db!;
    for (const batchSize of [8, 64]) {
      await measure(`fetch ${generation.pages} pages (batch ${batchSize})`, async () => {
        let bytes = 0;
        for await (const page of db.collection<{ _id: number; data: { buffer: Uint8Array } }>(generation.collection).find({}, { batchSize }))
          bytes += page.data.buffer.length;
        return bytes;
      });
    }
    const raw: Buffer[] = [];
    await measure('fetch pages as the preview does (readBook)', () =>
      pages.read(store, async (stream) => {
        for await (const data of stream) raw.push(data);
      }),
    );
    console.log(`  ${raw.length} pages, ${(raw.reduce((sum, data) => sum + data.length, 0) / 1048576).toFixed(1)} MiB deflated`);
    await measure('inflate every page', () => raw.map((data) => zlib.inflateRawSync(data).length));
    const dictionaries = new SharedDictionaries();
    const books = await measure('inflate and decode every page (pageBook)', () => raw.map((data) => pageBook(data, dictionaries)));
    const day = dayFromDate(values.asOf);
    const sums = new ObligorFactsAccumulator(day, DEFAULT_METRIC_SETTINGS, ['online-*']);
    await measure('accumulate obligor facts', () => books.forEach((page) => sums.add(page.book)));
    const ratings = await measure('collect the ratings from the pages', () => {
      const byObligor = new Map<string, RatingInput[]>();
      books.forEach((page) => addPageRatings(byObligor, page.ratings));
      console.log(`  ${[...byObligor.values()].reduce((sum, list) => sum + list.length, 0)} ratings of ${byObligor.size} obligors`);
      return byObligor;
    });
    await measure('read every rating document (store.ratings, as before)', async () => {
      const byObligor = new Map<string, RatingInput[]>();
      let count = 0;
      for await (const rating of store.ratings()) {
        count++;
        const input: RatingInput = { ratedDay: dayFromDate(rating.ratedAt), score: rating.score, grade: rating.grade, baseline: rating.baseline };
        const list = byObligor.get(rating.obligorId);
        if (list) list.push(input);
        else byObligor.set(rating.obligorId, [input]);
      }
      console.log(`  ${count} ratings of ${byObligor.size} obligors`);
      return byObligor;
    });
    const batch = await measure('finish the batch', () => sums.finish(ratings, { gradeScale: ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D'] }));
    await measure(`build the facts of ${batch.size} subjects`, () => {
      for (let index = 0; index < batch.size; index++) batch.facts(index);
    });
    await connection.close();
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
