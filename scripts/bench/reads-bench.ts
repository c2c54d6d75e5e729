/**
 * npm run bench:reads                                  # 2,000 loans
 * npm run bench:reads -- --loans 100000                # the sizes of the targets: 2000, 100000, 1000000
 * npm run bench:reads -- --loans 20000 --reads alerts,tasks --repeat 5
 *
 * Every studio read over HTTP on the real app (`server/main.ts` as its own process) and database,
 * after a generated book is imported (the real import up to 100,000 loans; above, only the book
 * pages the jobs and metrics read, written straight from the generator) and the daily obligor
 * monitoring has run for two consecutive days (then claim triggers and the month's portfolio
 * monitoring, so every list has rows). Each read is timed `--repeat` times (default 20) as an HQ
 * user and as a branch user (BR-SH), one request at a time; a read slower than its time budget
 * (`--budget` seconds per read and user, default 60) stops after three. Prints per read the
 * median, p95, target and p95/target, and the rows it returned, then the monitoring days.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../../test/support/server-process';
import { runBenchmark, withBenchDatabase } from './bench-database';
import { READS, rowsOf, type BenchContext, type Call, type Read } from './reads-catalogue';
import { ReadsClient, prepareBook, reportsRebuilt, runMonitoringDays, type DayFigures } from './reads-setup';

const root = path.resolve(__dirname, '..', '..');
const ADMIN_KEY = 'bench-reads-admin-key-0123456789abcdef';
const MONTH = '2026-10';
const DAYS = ['2026-10-30', '2026-10-31'];

interface Timing {
  read: string;
  who: string;
  samples: number[];
  rows: number;
  status: string;
  targetMs: number;
}

function importBook(uri: string, databaseName: string, loans: number, mode: 'import' | 'direct'): number {
  const started = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=6144', path.join(__dirname, 'metrics-bench-child.ts'), mode, String(loans), '12'], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: uri, BENCH_DATABASE: databaseName },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return performance.now() - started;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function timeRead(client: ReadsClient, token: string, calls: Call[], repeat: number, budgetMs: number) {
  const samples: number[] = [];
  let rows = 0;
  let status = 'ok';
  const started = performance.now();
  while (samples.length < repeat && (samples.length < Math.min(3, repeat) || performance.now() - started < budgetMs)) {
    const begin = performance.now();
    const answers = await Promise.all(calls.map((call) => client.call(call.method, call.path, token, call.body)));
    samples.push(performance.now() - begin);
    const failed = answers.find((answer) => answer.status >= 300);
    if (failed) status = `${failed.status} ${failed.text.slice(0, 80)}`;
    rows = answers.reduce((sum, answer) => sum + rowsOf(answer.body), 0);
  }
  return { samples, rows, status };
}

function printTable(timings: readonly Timing[], header = true): void {
  const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
  if (header)
    console.log(
      `${'read'.padEnd(22)} ${'who'.padEnd(6)} ${'n'.padStart(3)} ${'first'.padStart(9)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'target'.padStart(9)} ${'p95/target'.padStart(10)} ${'rows'.padStart(7)}`,
    );
  for (const timing of timings) {
    const sorted = [...timing.samples].sort((a, b) => a - b);
    const p95 = quantile(sorted, 0.95);
    const ratio = p95 / timing.targetMs;
    console.log(
      `${timing.read.padEnd(22)} ${timing.who.padEnd(6)} ${String(sorted.length).padStart(3)} ${ms(timing.samples[0] ?? 0).padStart(9)} ${ms(quantile(sorted, 0.5)).padStart(9)} ${ms(p95).padStart(9)} ${ms(timing.targetMs).padStart(9)} ${ratio.toFixed(2).padStart(9)}${ratio > 1 ? '!' : ' '} ${String(timing.rows).padStart(7)}${timing.status === 'ok' ? '' : `  ${timing.status}`}`,
    );
  }
}

function printDays(days: readonly DayFigures[], loans: number): void {
  // Targets at 1,000,000 loans: the first day 300 s, a later day 120 s.
  for (const [index, day] of days.entries()) {
    const targetMs = index === 0 ? 300_000 : 120_000;
    const phases = Object.entries(day.phases)
      .filter(([name]) => ['facts', 'openAlerts', 'evaluation', 'changingAlerts', 'writes', 'writesOpenAlertIndex'].includes(name))
      .map(([name, value]) => `${name} ${(value / 1000).toFixed(1)} s`)
      .join(', ');
    const verdict =
      loans >= 1_000_000 ? `target ${targetMs / 1000} s, ratio ${(day.wallMs / targetMs).toFixed(2)}` : `target ${targetMs / 1000} s at 1,000,000 loans`;
    console.log(
      `obligor monitoring ${day.asOf} (${index === 0 ? 'first day' : 'later day'}): wall ${(day.wallMs / 1000).toFixed(1)} s (run ${(day.durationMs / 1000).toFixed(1)} s: ${phases}) for ${day.obligors.toLocaleString('en')} obligors; ${verdict}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      loans: { type: 'string', default: '2000' },
      reads: { type: 'string', default: '' },
      repeat: { type: 'string', default: '20' },
      budget: { type: 'string', default: '60' },
      setup: { type: 'string' },
    },
  });
  const loans = Number(values.loans);
  const only = values.reads ? values.reads.split(',').map((name) => name.trim()) : [];
  const reads = READS.filter((read) => only.length === 0 || only.includes(read.name));
  const targetOf = (read: Read) => (loans > 100_000 ? read.target.million : read.target.upTo100k);
  const setup = (values.setup ?? (loans > 100_000 ? 'direct' : 'import')) as 'import' | 'direct';
  console.log(`Reads benchmark: ${loans.toLocaleString('en')} loans, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, Node ${process.version}\n`);

  await withBenchDatabase('reads-bench', async (uri) => {
    const databaseName = `bench_reads_${loans}_${Date.now()}`;
    const importMs = importBook(uri, databaseName, loans, setup);
    console.log(`setup: ${setup} of ${loans.toLocaleString('en')} loans in ${(importMs / 1000).toFixed(1)} s (not measured below)`);
    const databaseUri = new URL(uri);
    databaseUri.pathname = `/${databaseName}`;
    const server = startServerProcess(
      {
        MONGODB_URI: databaseUri.toString(),
        PORT: '0',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        ADMIN_API_KEY: ADMIN_KEY,
        PASSWORD_HASH_COST: '14',
        ...Object.fromEntries(
          ['OBLIGOR_MONITORING', 'CLAIM_TRIGGERS', 'OVERDUE_TASKS', 'PORTFOLIO_MONITORING', 'MAINTENANCE'].map((job) => [`SCHEDULE_${job}`, 'off']),
        ),
      },
      ['--max-old-space-size=6144'],
    );
    try {
      await server.waitForOutput(/listening on (http:\/\/\S+)/, 300_000);
      const url = /listening on (http:\/\/\S+)/.exec(server.output())![1]!;
      const client = new ReadsClient(`${url}/api/v1`, ADMIN_KEY);
      const { hq, branch } = await prepareBook(client, MONTH);
      const days = await runMonitoringDays(client, DAYS, MONTH);
      // Printed now too: at a million loans the rebuild and the reads that follow take another hour.
      printDays(days, loans);
      const waiting = performance.now();
      // The rebuild reads every open alert and pending task once: minutes at a million loans.
      const rebuildMs = await reportsRebuilt(client, Math.max(1_800_000, loans * 6));
      const rebuilt =
        rebuildMs === undefined
          ? 'no monthly-reports run queued'
          : `the month's reports rebuilt in the background in ${(rebuildMs / 1000).toFixed(1)} s (waited ${((performance.now() - waiting) / 1000).toFixed(1)} s after the last run)`;
      const context: BenchContext = { month: MONTH, asOf: DAYS.at(-1)!, sample: loans, ...(await client.benchContext(hq, MONTH)) };
      console.log(
        `obligor page for ${context.obligorId}; impact preview of warning.obligor v${context.draftVersion} (orangeDpd 30 → 31) over ${context.sample} obligors; ${rebuilt}\n`,
      );

      const timings: Timing[] = [];
      for (const read of reads) {
        for (const who of read.who) {
          const token = who === 'hq' ? hq : branch;
          const { samples, rows, status } = await timeRead(client, token, read.calls(context), Number(values.repeat), Number(values.budget) * 1000);
          const timing = { read: read.name, who, samples, rows, status, targetMs: targetOf(read) };
          timings.push(timing);
          printTable([timing], timings.length === 1);
        }
      }
      console.log(`\n${loans.toLocaleString('en')} loans, p95 over ${values.repeat} requests (fewer where a read ran past its budget):`);
      printTable(timings);
      printDays(days, loans);
    } catch (error) {
      // A 500 names only a request id: the server's log lines say what failed.
      console.error(`The server's output, last 8,000 characters:\n${server.output().slice(-8000)}`);
      throw error;
    } finally {
      await server.stop();
    }
  });
}

runBenchmark(main);
