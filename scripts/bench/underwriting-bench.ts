/**
 * npm run bench:underwriting — the underwriting check (GET /underwriting/checks/:obligorId) on a
 * --obligors=100000 book.
 *
 * Imports one loan per obligor (NDJSON), starts the server as `npm start` does, records
 * --notices=2000 funder-notice blocks and a few segment records through the API (so the
 * read model has documents and the segment cache is not empty: every obligor without a
 * document is looked up in the book), then asks GET /underwriting/checks/:obligorId at
 * --rate=500 checks/s for --seconds=20 after a warm-up, one obligor in ten blocked, each answer
 * logged in the decision log (its spool synced, as `npm start` runs it; --spool=write or off to compare). Prints p50/p95/p99
 * against the 10 ms target with the ratio, then the batch form (500 ids a request).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { freePort } from '../../server/store/local-database';
import { startServerProcess } from '../../test/support/server-process';
import { runBenchmark, withBenchDatabase } from './bench-database';
import { processCpuMs } from './process-cpu';

const flag = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const obligors = Number(flag('obligors') ?? 100_000);
const notices = Number(flag('notices') ?? 2_000);
const rate = Number(flag('rate') ?? 500);
const seconds = Number(flag('seconds') ?? 20);
/** DECISION_SPOOL of the server: `fsync` (the default, as `npm start` runs) syncs each group of decisions before the answer. */
const spool = flag('spool') ?? 'fsync';
const P99_TARGET_MS = 10;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const CHANNELS = ['bank-branch', 'broker', 'online-platform-a', 'app'];
const TIERS = ['prime', 'near-prime', 'subprime'];

const format = (value: number) => Math.round(value).toLocaleString('en-US');
const obligorOf = (index: number) => `UB-${String(index).padStart(6, '0')}`;

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN;
}

runBenchmark(() =>
  withBenchDatabase('bench-underwriting', async (uri, databasePid) => {
    const port = await freePort();
    const server = startServerProcess({
      PORT: String(port),
      MONGODB_URI: `${uri}bench_underwriting`,
      ADMIN_API_KEY: ADMIN_KEY,
      SEED_DEMO: 'false',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      DECISION_SPOOL: spool,
    });
    try {
      await server.waitForOutput(/listening on/, 180_000);
      const base = `http://127.0.0.1:${port}/api/v1`;
      const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
      await importLoans(base, headers);

      let started = performance.now();
      // One obligor in ten of the first notices × 10 is blocked by a funder's notice (a read-model document each).
      for (let index = 0; index < notices; index++) {
        const response = await fetch(`${base}/underwriting/notices`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ obligorId: obligorOf(index * 10), funder: 'bench', date: '2026-01-01', evidenceRef: `B-${index}` }),
        });
        if (response.status !== 201) throw new Error(`notice failed: ${response.status} ${await response.text()}`);
      }
      for (const segment of [
        { channel: 'app', customerTier: 'subprime' },
        { channel: 'broker', vintage: '2026-03' },
      ]) {
        const response = await fetch(`${base}/underwriting/records`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ kind: 'limit', segment, share: 0.2, reason: 'bench' }),
        });
        if (response.status !== 201) throw new Error(`segment record failed: ${response.status} ${await response.text()}`);
      }
      console.log(`recorded ${format(notices)} funder notices and 2 segment limits in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const requests = Array.from({ length: 5_000 }, (_, index) => ({ path: `/api/v1/underwriting/checks/${obligorOf((index * 7919) % obligors)}` }));
      const load = async (duration: number) => {
        const latencies: number[] = [];
        const instance = autocannon({
          url: `http://127.0.0.1:${port}`,
          connections: 20,
          duration,
          overallRate: rate,
          ignoreCoordinatedOmission: true,
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
          requests,
          // The instance is an event emitter as well as a promise of the result; each answer's time is collected for p95.
        }) as unknown as Promise<autocannon.Result> & { on(event: 'response', listener: (...args: never[]) => void): void };
        instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
        const result = await instance;
        return { result, latencies: latencies.sort((a, b) => a - b) };
      };
      await load(5);
      const serverBefore = processCpuMs(server.child.pid!);
      const databaseBefore = databasePid ? processCpuMs(databasePid) : undefined;
      const loadBefore = os.loadavg()[0]!;
      const { result, latencies } = await load(seconds);
      const loadAfter = os.loadavg()[0]!;
      const serverCpu = (processCpuMs(server.child.pid!) ?? 0) - (serverBefore ?? 0);
      const databaseCpu = databasePid ? (processCpuMs(databasePid) ?? 0) - (databaseBefore ?? 0) : undefined;
      const errors = result.errors + result.non2xx;
      const [p50, p95, p99] = [0.5, 0.95, 0.99].map((share) => percentile(latencies, share));
      console.log('');
      console.log(
        `GET /underwriting/checks/:obligorId at ${rate}/s for ${seconds} s on one process, ${format(obligors)} obligors, decisions logged (spool ${spool})`,
      );
      // The machine's load decides the tail as much as the code does: printed beside the figures.
      console.log(`load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} cores`);
      console.log(
        `p50 / target ${(p50! / P99_TARGET_MS).toFixed(2)}, p95 / target ${(p95! / P99_TARGET_MS).toFixed(2)}, p99 / target ${(p99! / P99_TARGET_MS).toFixed(2)}`,
      );
      console.log('checks/s   p50 ms   p95 ms   p99 ms   max ms   errors   cpu ms/check server, db   p99 / target (10 ms)');
      console.log(
        `${format(result.requests.average).padStart(8)} ${p50!.toFixed(2).padStart(8)} ${p95!.toFixed(2).padStart(8)} ${p99!.toFixed(2).padStart(8)} ${latencies.at(-1)!.toFixed(1).padStart(8)} ${String(errors).padStart(8)}   ${(serverCpu / result.requests.total).toFixed(2).padStart(12)}, ${databaseCpu === undefined ? '-' : (databaseCpu / result.requests.total).toFixed(2)}   ${(p99! / P99_TARGET_MS).toFixed(2)}`,
      );

      const batchTimes: number[] = [];
      for (let round = 0; round < 20; round++) {
        const obligorIds = Array.from({ length: 500 }, (_, index) => obligorOf((round * 500 + index * 13) % obligors));
        started = performance.now();
        const response = await fetch(`${base}/underwriting/checks`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ obligorIds: [...new Set(obligorIds)] }),
        });
        await response.text();
        if (response.status !== 200) throw new Error(`batch failed: ${response.status}`);
        batchTimes.push(performance.now() - started);
      }
      batchTimes.sort((a, b) => a - b);
      console.log('');
      console.log('POST /underwriting/checks, 500 obligors a request, 20 requests one after another');
      console.log(
        `p50 ${percentile(batchTimes, 0.5)!.toFixed(1)} ms, p95 ${percentile(batchTimes, 0.95)!.toFixed(1)} ms, max ${batchTimes.at(-1)!.toFixed(1)} ms`,
      );
    } finally {
      await server.stop();
    }
  }),
);

/** One loan per obligor through the import (NDJSON), spread over channels, tiers, two branches and vintages. */
async function importLoans(base: string, headers: Record<string, string>): Promise<void> {
  const lines = Array.from({ length: obligors }, (_, index) =>
    JSON.stringify({
      kind: 'loans',
      loanId: `UL-${index}`,
      obligorId: obligorOf(index),
      orgUnit: 'HQ',
      channel: CHANNELS[index % CHANNELS.length],
      policyId: `UP-${index % 100}`,
      product: 'consumer',
      customerTier: TIERS[index % TIERS.length],
      principal: 1000,
      disbursedAt: `2026-0${1 + (index % 6)}-10`,
      installments: [{ seq: 1, dueDate: '2026-10-10', principal: 1000, interest: 0 }],
    }),
  );
  const started = performance.now();
  const response = await fetch(`${base}/portfolio/import`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
  if (response.status !== 200) throw new Error(`loan import failed: ${response.status} ${await response.text()}`);
  console.log(`imported ${format(obligors)} loans in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
