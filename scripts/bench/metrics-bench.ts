/**
 * npm run bench:metrics -- [--pure 100000,1000000] [--end-to-end 100000] [--setup direct|import] [--installments 12]
 *
 * Obligor facts (every obligor as of the month end) and one month's portfolio facts, measured
 * two ways, each size in a fresh child process so peak memory (maxRSS) belongs to that run only:
 *  - pure: the book is generated straight into memory, then the computation is timed alone;
 *  - end to end: the database is set up first (not part of the run), then a new process streams
 *    the book pages out of the database and computes page by page. Set-up `direct` writes the
 *    pages straight from the generator (fast, any size); `import` runs the real import (records
 *    and pages; on FerretDB about 200 s per 100,000 loans).
 * `--end-to-end 100000,1000000` adds the million-loan run (on FerretDB about 12 minutes of
 * set-up on the loaded shared machine, then under a minute of reading).
 * `--compare-records` (with `--setup import`) also reads the same database the way it was read
 * before pages existed (every record into one book), for the ratio; slow on FerretDB.
 * Prints figures; it is not a test and asserts nothing.
 */
import { runBenchmark, withBenchDatabase } from './bench-database';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'metrics-bench-child.ts');

interface Figures {
  [name: string]: number | string;
}

function runChild(args: string[], environment: Record<string, string> = {}): Figures {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096', CHILD, ...args], {
    cwd: root,
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(output.toString().trim().split('\n').at(-1)!) as Figures;
}

const sizes = (raw: string) => raw.split(',').filter(Boolean).map(Number);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (loans: number, ms: number) => `${Math.round(loans / (ms / 1000)).toLocaleString('en')} loans/s`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pure: { type: 'string', default: '100000,1000000' },
      'end-to-end': { type: 'string', default: '100000' },
      setup: { type: 'string', default: 'direct' },
      installments: { type: 'string', default: '12' },
      'compare-records': { type: 'boolean', default: false },
    },
  });
  const installments = values.installments;
  const setup = values.setup === 'import' ? 'import' : 'direct';
  console.log(
    `Metric benchmark: ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, ${installments} installments per loan, load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}\n`,
  );

  for (const loans of sizes(values.pure)) {
    const figures = runChild(['pure', String(loans), installments]);
    const total = Number(figures.obligorMs) + Number(figures.portfolioMs);
    console.log(
      `pure        ${loans.toLocaleString('en').padStart(9)} loans | ${seconds(total)} (${rate(loans, total)}), peak RSS ${mib(Number(figures.maxRssBytes))} (includes generating the data)`,
    );
    console.log(
      `            obligor facts ${seconds(Number(figures.obligorMs))}, portfolio month ${seconds(Number(figures.portfolioMs))}; book built in ${seconds(Number(figures.buildMs))} (${mib(Number(figures.bookBytes))} of typed arrays)\n`,
    );
  }

  const endToEnd = sizes(values['end-to-end']);
  if (endToEnd.length === 0) return;
  await withBenchDatabase('metrics-bench', async (uri) => {
    for (const loans of endToEnd) {
      const databaseName = `bench_${loans}_${Date.now()}`;
      const prepared = runChild([setup, String(loans), installments], { MONGODB_URI: uri, BENCH_DATABASE: databaseName });
      console.log(
        `set-up      ${loans.toLocaleString('en').padStart(9)} loans | ${setup === 'import' ? 'import' : 'pages written directly'}: ${Number(prepared.records).toLocaleString('en')} records in ${seconds(Number(prepared.importMs))} [${prepared.engine}]`,
      );
      const figures = runChild(['read', String(loans), installments], { MONGODB_URI: uri, BENCH_DATABASE: databaseName });
      const total = Number(figures.totalMs);
      const share = (name: string) => `${((Number(figures[name]) / total) * 100).toFixed(0)}%`;
      console.log(
        `end to end  ${loans.toLocaleString('en').padStart(9)} loans | ${seconds(total)} (${rate(loans, total)}), peak RSS ${mib(Number(figures.maxRssBytes))}`,
      );
      console.log(
        `            database ${seconds(Number(figures.waitMs))} (${share('waitMs')}), unpacking pages ${seconds(Number(figures.decodeMs))} (${share('decodeMs')}), computing ${seconds(Number(figures.computeMs))} (${share('computeMs')})`,
      );
      console.log(
        `            ${figures.pages} pages, ${mib(Number(figures.bytes))} read; ${Number(figures.obligors).toLocaleString('en')} obligors; heap+buffers at the end ${mib(Number(figures.retainedBytes))}\n`,
      );
      if (values['compare-records'] && setup === 'import') {
        const records = runChild(['records', String(loans), installments], { MONGODB_URI: uri, BENCH_DATABASE: databaseName });
        const recordsMs = Number(records.totalMs);
        console.log(
          `records     ${loans.toLocaleString('en').padStart(9)} loans | ${seconds(recordsMs)} (${rate(loans, recordsMs)}), peak RSS ${mib(Number(records.maxRssBytes))}: reading ${seconds(Number(records.waitMs))} (${((Number(records.waitMs) / recordsMs) * 100).toFixed(1)}%), computing ${seconds(Number(records.computeMs))}`,
        );
        console.log(
          `            the same book read from the records into one book, as before pages: ${(recordsMs / total).toFixed(0)} times the time of the pages\n`,
        );
      }
    }
  });
}

runBenchmark(main);
