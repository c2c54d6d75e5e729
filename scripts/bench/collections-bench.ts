/**
 * npm run bench:collections — the collection gate and the activity log at size.
 *
 * Seeds --activities=5000000 activities and their counters straight into the store (bounded
 * batches, timed), imports --obligors=20000 obligors' loans, starts the server as `npm start`
 * does, then:
 *  1. the gate: POST /collection/check at --rate=1000 checks/s for --seconds=20 (after a warm-up),
 *     each for a seeded obligor and number, printing p50/p99 against the target of 10 ms;
 *  2. recording: --batches=5 requests of 10,000 activities (NDJSON) through POST
 *     /collection/activities, printing activities/s against the target of 10,000/s.
 * The gate reads counters by _id (debtor-day, number-day, reachability), never the log, so its
 * cost does not grow with the log: --activities=0 runs the same gate on an empty log for comparison.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { loadCollectionGateSettings } from '../../server/collections/gate/gate-settings';
import { DEVELOPMENT_SESSION_SECRET } from '../../server/config';
import { freePort } from '../../server/store/local-database';
import { startServerProcess } from '../../test/support/server-process';
import { runBenchmark, withBenchDatabase } from './bench-database';
import { processCpuMs } from './process-cpu';
import { benchNumber, benchObligor, seedCollectionLog } from './collections-seed';

const flag = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const totalActivities = Number(flag('activities') ?? 5_000_000);
const obligors = Number(flag('obligors') ?? 20_000);
const rate = Number(flag('rate') ?? 1000);
const seconds = Number(flag('seconds') ?? 20);
const batches = Number(flag('batches') ?? 5);
const GATE_P99_TARGET_MS = 10;
const RECORDING_TARGET_PER_SECOND = 10_000;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

const format = (value: number) => Math.round(value).toLocaleString('en-US');

runBenchmark(() =>
  withBenchDatabase('bench-collections', async (uri, databasePid) => {
    const databaseName = 'bench_collections';
    const client = await MongoClient.connect(uri);
    const db = client.db(databaseName);
    // The server's number key: the development default, derived from the development session secret.
    const secret = loadCollectionGateSettings({}, false, DEVELOPMENT_SESSION_SECRET, []).numberSecret;
    console.log(`seeding ${format(totalActivities)} activities over ${format(obligors)} obligors straight into the store...`);
    const seed = await seedCollectionLog(db, totalActivities, obligors, secret, (text) => console.log(text));
    console.log(
      `seeded ${format(seed.activities)} activities and ${format(seed.counters)} counter documents in ${seed.seconds.toFixed(0)} s (${format(seed.activities / Math.max(seed.seconds, 0.001))} activities/s)`,
    );
    await client.close();

    const port = await freePort();
    const server = startServerProcess({
      PORT: String(port),
      MONGODB_URI: `${uri}${databaseName}`,
      ADMIN_API_KEY: ADMIN_KEY,
      SEED_DEMO: 'false',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
    });
    try {
      await server.waitForOutput(/listening on/, 180_000);
      const base = `http://127.0.0.1:${port}/api/v1`;
      const headers = { authorization: `Bearer ${ADMIN_KEY}` };
      await importLoans(base, headers);

      const bodies = Array.from({ length: 5_000 }, (_, index) => {
        const obligor = (index * 7919) % obligors;
        return JSON.stringify({
          obligorId: benchObligor(obligor),
          channel: index % 10 === 0 ? 'sms' : 'call',
          phoneNumber: benchNumber(obligor),
          target: { type: 'obligor' },
          actor: { type: 'agency', agencyId: `AG-${obligor % 7}`, agentId: 'bench' },
          payeeAccountType: 'company',
          ...(index % 10 === 1 ? { reserve: true } : {}),
        });
      });
      const load = (duration: number) =>
        autocannon({
          url: `${base}/collection/check`,
          connections: 50,
          duration,
          overallRate: rate,
          ignoreCoordinatedOmission: true,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          requests: bodies.map((body) => ({ body })),
        });
      await load(5);
      const serverBefore = processCpuMs(server.child.pid!);
      const databaseBefore = databasePid ? processCpuMs(databasePid) : undefined;
      const result = await load(seconds);
      const serverCpu = (processCpuMs(server.child.pid!) ?? 0) - (serverBefore ?? 0);
      const databaseCpu = databasePid ? (processCpuMs(databasePid) ?? 0) - (databaseBefore ?? 0) : undefined;
      const errors = result.errors + result.non2xx;
      console.log('');
      console.log(`gate: POST /collection/check at ${rate}/s for ${seconds} s on one process, ${format(totalActivities)} activities stored`);
      console.log('checks/s   p50 ms   p90 ms   p99 ms   max ms   errors   cpu ms/check server, db   p99 / target (10 ms)');
      console.log(
        `${format(result.requests.average).padStart(8)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p90).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(result.latency.max).padStart(8)} ${String(errors).padStart(8)}   ${(serverCpu / result.requests.total).toFixed(2).padStart(12)}, ${databaseCpu === undefined ? '-' : (databaseCpu / result.requests.total).toFixed(2)}   ${(result.latency.p99 / GATE_P99_TARGET_MS).toFixed(2)}`,
      );

      console.log('');
      console.log(`recording: ${batches} requests of 10,000 activities (NDJSON) through POST /collection/activities`);
      console.log('request   activities   seconds   activities/s   ratio to 10,000/s');
      let recorded = 0;
      let totalSeconds = 0;
      for (let batch = 0; batch < batches; batch++) {
        const lines = Array.from({ length: 10_000 }, (_, index) => {
          const obligor = (batch * 10_000 + index) % obligors;
          const minute = String(index % 60).padStart(2, '0');
          return JSON.stringify({
            activityId: `bench-${batch}-${index}`,
            obligorId: benchObligor(obligor),
            at: `2026-11-${String(10 + batch).padStart(2, '0')}T1${index % 10}:${minute}:00+08:00`,
            channel: 'call',
            actor: { type: 'agency', agencyId: `AG-${obligor % 7}` },
            target: { type: 'obligor' },
            phoneNumber: benchNumber(obligor),
            outcome: index % 4 === 0 ? 'effective' : 'no-answer',
          });
        });
        const started = performance.now();
        const response = await fetch(`${base}/collection/activities`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-ndjson' },
          body: lines.join('\n'),
        });
        const answer = (await response.json()) as { recordedCount?: number; rejectedCount?: number };
        const elapsed = (performance.now() - started) / 1000;
        if (response.status !== 200 || answer.rejectedCount !== 0)
          throw new Error(`recording failed: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
        recorded += answer.recordedCount ?? 0;
        totalSeconds += elapsed;
        console.log(
          `${String(batch + 1).padStart(7)} ${format(answer.recordedCount ?? 0).padStart(12)} ${elapsed.toFixed(2).padStart(9)} ${format((answer.recordedCount ?? 0) / elapsed).padStart(14)}   ${((answer.recordedCount ?? 0) / elapsed / RECORDING_TARGET_PER_SECOND).toFixed(2)}`,
        );
      }
      console.log(
        `${'all'.padStart(7)} ${format(recorded).padStart(12)} ${totalSeconds.toFixed(2).padStart(9)} ${format(recorded / totalSeconds).padStart(14)}   ${(recorded / totalSeconds / RECORDING_TARGET_PER_SECOND).toFixed(2)}`,
      );
    } finally {
      await server.stop();
    }
  }),
);

/** One loan per obligor, at HQ, through the import (NDJSON). */
async function importLoans(base: string, headers: Record<string, string>): Promise<void> {
  const lines = Array.from({ length: obligors }, (_, index) =>
    JSON.stringify({
      kind: 'loans',
      loanId: `BL-${index}`,
      obligorId: benchObligor(index),
      orgUnit: 'HQ',
      channel: 'branch',
      policyId: 'P1',
      product: 'consumer',
      customerTier: 'prime',
      principal: 1000,
      disbursedAt: '2026-06-10',
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
