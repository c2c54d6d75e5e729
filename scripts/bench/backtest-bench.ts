/**
 * npm run bench:backtest                         # 100,000 loans
 * npm run bench:backtest -- --loans 1000000      # the other target
 *
 * A 12-month backtest of warning.obligor (a draft with one threshold changed, against the published version) over a
 * generated book, on the real app (`server/main.ts` as its own process) and database: the book is written as the book
 * pages the jobs read straight from the generator (24 months ending 2026-10), then the backtest is requested over HTTP and
 * polled until it ends. Prints the wall time, the run's own time, the observations and the ratio to the target
 * (100,000 loans: 60 s; 1,000,000 loans: 10 minutes; one process).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ORG_UNITS } from '../../server/authority/demo-authority';
import { startServerProcess } from '../../test/support/server-process';
import { runBenchmark, withBenchDatabase } from './bench-database';
import { ReadsClient } from './reads-setup';

const root = path.resolve(__dirname, '..', '..');
const ADMIN_KEY = 'bench-backtest-admin-key-0123456789abcdef';

interface BacktestView {
  backtestId: string;
  status: string;
  error?: string | null;
  progress: { phase: string; done: number; total: number };
  result?: {
    subjects: number;
    observations: number;
    durationMs: number;
    phases?: Record<string, number>;
    version: { overall: { auc: number | null; bad: number } };
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { loans: { type: 'string', default: '100000' }, setup: { type: 'string', default: 'direct' } } });
  const loans = Number(values.loans);
  const targetMs = loans > 100_000 ? 600_000 : 60_000;
  console.log(`Backtest benchmark: ${loans.toLocaleString('en')} loans, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, Node ${process.version}\n`);
  await withBenchDatabase('backtest-bench', async (uri) => {
    const databaseName = `bench_backtest_${loans}_${Date.now()}`;
    const setupStarted = performance.now();
    execFileSync(
      process.execPath,
      ['--import', 'tsx', '--max-old-space-size=6144', path.join(__dirname, 'metrics-bench-child.ts'), values.setup!, String(loans), '12'],
      {
        cwd: root,
        env: { ...process.env, MONGODB_URI: uri, BENCH_DATABASE: databaseName },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    console.log(`setup: ${values.setup} of ${loans.toLocaleString('en')} loans in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (not measured)`);
    const databaseUri = new URL(uri);
    databaseUri.pathname = `/${databaseName}`;
    const server = startServerProcess(
      {
        MONGODB_URI: databaseUri.toString(),
        PORT: '0',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        ADMIN_API_KEY: ADMIN_KEY,
        JOBS_PROCESS_EVERY_MS: '200',
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
      for (const unit of DEMO_ORG_UNITS) await client.must('POST', '/org-units', client.adminKey, { ...unit });
      const hq = await client.login('bench-hq', ['admin', 'policy-owner'], 'HQ');
      const { draftVersion } = await draftWithOneThreshold(client, hq);
      const started = performance.now();
      let view = await client.must<BacktestView>('POST', '/backtests', hq, {
        key: 'warning.obligor',
        version: draftVersion,
        to: '2026-04',
        months: 12,
        outcomeMonths: 6,
      });
      while (view.status === 'queued' || view.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        view = await client.must<BacktestView>('GET', `/backtests/${view.backtestId}`, hq);
      }
      const wallMs = performance.now() - started;
      if (view.status !== 'succeeded') throw new Error(`backtest ended ${view.status}: ${view.error ?? ''}`);
      const result = view.result!;
      console.log(
        `${'loans'.padStart(10)} ${'subjects'.padStart(9)} ${'observations'.padStart(13)} ${'run'.padStart(8)} ${'wall'.padStart(8)} ${'target'.padStart(8)} ${'ratio'.padStart(6)}`,
      );
      console.log(
        `${loans.toLocaleString('en').padStart(10)} ${result.subjects.toLocaleString('en').padStart(9)} ${result.observations.toLocaleString('en').padStart(13)} ${`${(result.durationMs / 1000).toFixed(1)} s`.padStart(8)} ${`${(wallMs / 1000).toFixed(1)} s`.padStart(8)} ${`${targetMs / 1000} s`.padStart(8)} ${(wallMs / targetMs).toFixed(2).padStart(6)}`,
      );
      console.log(
        `(12 month-ends 2025-05..2026-04 evaluated by two versions, outcomes over the 6 months after; bad ${result.version.overall.bad}, AUC ${result.version.overall.auc?.toFixed(3)})`,
      );
      printPhases(result.phases ?? {}, result.durationMs);
    } finally {
      await server.stop();
    }
  });
}

/** Where the run's time went: database reads, unpacking, adding up, building facts, evaluating, measuring. */
function printPhases(phases: Record<string, number>, durationMs: number): void {
  const names: [string, string][] = [
    ['readMs', 'database reads (book pages)'],
    ['decodeMs', 'unpacking pages'],
    ['accumulateMs', 'facts: adding up loans per month-end'],
    ['factsMs', 'facts: building each month-end'],
    ['evaluationMs', 'evaluation (both versions)'],
    ['measuresMs', 'measures'],
  ];
  console.log(`\n${'phase'.padEnd(40)} ${'s'.padStart(7)} ${'share'.padStart(6)}`);
  for (const [key, label] of names) {
    const ms = phases[key] ?? 0;
    console.log(`${label.padEnd(40)} ${(ms / 1000).toFixed(1).padStart(7)} ${`${((ms / Math.max(1, durationMs)) * 100).toFixed(0)}%`.padStart(6)}`);
  }
  console.log(`(${phases.bookReads ?? 0} reads of the book)`);
}

async function draftWithOneThreshold(client: ReadsClient, token: string): Promise<{ draftVersion: number }> {
  const published = await client.must<{ ruleSet: { parameters: Record<string, { value: unknown }> } & Record<string, unknown> }>(
    'GET',
    '/rulesets/warning.obligor/versions/1',
    token,
  );
  const ruleSet = structuredClone(published.ruleSet);
  ruleSet.parameters.orangeDpd!.value = 31;
  const draft = await client.must<{ version: number }>('POST', '/rulesets/warning.obligor/versions', token, {
    basedOnVersion: 1,
    reason: 'bench: one threshold changed',
    ruleSet,
  });
  return { draftVersion: draft.version };
}

runBenchmark(main);
