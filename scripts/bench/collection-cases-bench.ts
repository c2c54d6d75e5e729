/**
 * The daily collection-cases job at a size (`--loans`, default 100,000): a generated book imported
 * through the real import, the org tree of its branches, then the job through the jobs API on two
 * consecutive days and once more on the second (a rerun, which must change nothing). Prints each
 * run's wall time, counts and phases. `npx tsx scripts/bench/collection-cases-bench.ts --loans 100000`
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
const ADMIN_KEY = 'bench-collection-cases-admin-key-0123456789';
const DAYS = ['2026-10-30', '2026-10-31', '2026-10-31'];

interface RunView {
  runId: string;
  status: string;
  durationMs: number | null;
  counts: Record<string, number>;
  phases: Record<string, number>;
  errors?: { message: string }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { loans: { type: 'string', default: '100000' } } });
  const loans = Number(values.loans);
  console.log(`collection-cases benchmark: ${loans.toLocaleString('en')} loans, ${os.cpus().length} CPU(s), Node ${process.version}`);
  await withBenchDatabase('collection-cases-bench', async (uri) => {
    const databaseName = `bench_cases_${loans}_${Date.now()}`;
    const started = performance.now();
    execFileSync(
      process.execPath,
      ['--import', 'tsx', '--max-old-space-size=6144', path.join(__dirname, 'metrics-bench-child.ts'), 'import', String(loans), '12'],
      {
        cwd: root,
        env: { ...process.env, MONGODB_URI: uri, BENCH_DATABASE: databaseName },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    console.log(`import: ${((performance.now() - started) / 1000).toFixed(1)} s (not measured below)`);
    const databaseUri = new URL(uri);
    databaseUri.pathname = `/${databaseName}`;
    const schedulesOff = ['OBLIGOR_MONITORING', 'CLAIM_TRIGGERS', 'COLLECTION_CASES', 'OVERDUE_TASKS', 'PORTFOLIO_MONITORING', 'MAINTENANCE'];
    const server = startServerProcess(
      {
        MONGODB_URI: databaseUri.toString(),
        PORT: '0',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        ADMIN_API_KEY: ADMIN_KEY,
        PASSWORD_HASH_COST: '14',
        ...Object.fromEntries(schedulesOff.map((job) => [`SCHEDULE_${job}`, 'off'])),
      },
      ['--max-old-space-size=6144'],
    );
    try {
      await server.waitForOutput(/listening on (http:\/\/\S+)/, 300_000);
      const url = /listening on (http:\/\/\S+)/.exec(server.output())![1]!;
      const client = new ReadsClient(`${url}/api/v1`, ADMIN_KEY);
      for (const unit of DEMO_ORG_UNITS) await client.must('POST', '/org-units', ADMIN_KEY, { ...unit });
      for (const asOf of DAYS) {
        const begin = performance.now();
        let run = await client.must<RunView>('POST', '/jobs/collection-cases/run', ADMIN_KEY, { asOf, waitSeconds: 600 });
        while (run.status === 'queued' || run.status === 'running') {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          run = await client.must<RunView>('GET', `/jobs/runs/${encodeURIComponent(run.runId)}`, ADMIN_KEY);
        }
        if (run.status !== 'succeeded') throw new Error(`collection-cases ${asOf} ended ${run.status}: ${JSON.stringify(run.errors)}`);
        console.log(
          `${asOf}: wall ${((performance.now() - begin) / 1000).toFixed(1)} s, run ${((run.durationMs ?? 0) / 1000).toFixed(1)} s, counts ${JSON.stringify(run.counts)}, phases ${JSON.stringify(run.phases)}`,
        );
      }
    } finally {
      await server.stop();
    }
  });
}

runBenchmark(main);
