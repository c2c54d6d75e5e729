import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import autocannon from 'autocannon';
import { createLogger } from '../../server/logger';
import { connectDatabase } from '../../server/store/connection';
import { freePort, startLocalDatabase } from '../../server/store/local-database';
import { startServerProcess } from '../../test/support/server-process';
import { syntheticObligorFacts } from './obligor-facts';
import { processCpuMs } from './process-cpu';

export interface ApiLoadOptions {
  root: string;
  /** Which servers to measure, one process each (see SERVERS). */
  paths: string[];
  durationSeconds: number;
  /** Load before the measured run, so the figures are of a warmed-up process (not counted). */
  warmupSeconds: number;
  /** Node flags for the server process. */
  nodeFlags?: string[];
  /** More environment for the server process (e.g. DECISION_LOG_FLUSH_MS), for experiments. */
  serverEnvironment?: Record<string, string>;
  /** Requests per second to send in all (autocannon's overallRate) instead of as many as 50 connections manage. */
  rate?: number;
  /** Another checkout of the project (e.g. `git archive` of an earlier commit, with node_modules): its servers are measured too, as `baseline:<name>`. */
  baselineRoot?: string;
}

/** The servers the bench can compare: evaluation path and whether the fast path answers. */
export const SERVERS: Record<string, Record<string, string>> = {
  interpreted: { EVALUATION_PATH: 'interpreted' },
  'compiled-express': { EVALUATION_PATH: 'compiled', EVALUATION_FAST_PATH: 'false' },
  compiled: { EVALUATION_PATH: 'compiled' },
};

const format = (value: number) => value.toLocaleString('en-US');
const perRequest = (ms: number | undefined, requests: number) => (ms === undefined || requests === 0 ? '-' : String(Math.round((ms * 1000) / requests)));

/**
 * The evaluation API under autocannon (50 connections, decision log on), one server process per
 * path, all sharing one local FerretDB. Besides requests/s and latency it prints the CPU time per
 * request of the server, the database and the load generator (this process), read from /proc,
 * because on a shared 2-core machine those stay comparable where requests/s does not. After each
 * server's graceful stop it counts the decision log, which must hold every accepted request.
 */
export async function measureEvaluationApi(options: ApiLoadOptions): Promise<void> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
  const logger = createLogger('warn');
  const database = await startLocalDatabase({ projectRoot: options.root, dataDirectory, logger });
  const adminKey = 'bench-admin-key-0123456789abcdef';
  // Fixed bodies let autocannon build each request once; building them per request (setupRequest)
  // made the load generator the largest CPU user on a 2-core machine after the server.
  const bodies = syntheticObligorFacts(400, 3).map((facts) => ({ body: JSON.stringify({ facts }) }));
  console.log(
    `\nevaluation API on loopback: 50 connections${options.rate ? ` at ${format(options.rate)} requests/s in all` : ''}, ${options.durationSeconds} s after ${options.warmupSeconds} s of warm-up, decision log on, one server process each`,
  );
  // Other work on the machine moves requests/s and p99 a lot; the CPU columns much less.
  console.log(
    `load average before: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  console.log('CPU columns: microseconds of CPU per request (server process / FerretDB / load generator)');
  console.log('log lag: how long after the run the server and FerretDB took to store what was still buffered;');
  console.log("logged/s: the run's requests over the run plus that lag, the rate the API and its log sustained together");
  console.log('server                     requests/s     p50 ms    p99 ms    errors   cpu server  cpu db  cpu load   log lag ms   logged/s');
  try {
    const servers = options.paths.flatMap((name) => (options.baselineRoot ? [`baseline:${name}`, name] : [name]));
    for (const [run, evaluationPath] of servers.entries()) {
      const baseline = evaluationPath.startsWith('baseline:');
      const serverEnvironment = SERVERS[evaluationPath.replace(/^baseline:/, '')];
      if (!serverEnvironment) throw new Error(`unknown server "${evaluationPath}"; one of ${Object.keys(SERVERS).join(', ')}`);
      const port = await freePort();
      const databaseName = `bench_${run}_${evaluationPath.replace(/\W/g, '_')}`;
      const server = startServerProcess(
        {
          PORT: String(port),
          MONGODB_URI: `${database.uri}${databaseName}`,
          ADMIN_API_KEY: adminKey,
          SEED_DEMO: 'false',
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          ...serverEnvironment,
          ...options.serverEnvironment,
        },
        options.nodeFlags,
        baseline ? options.baselineRoot : undefined,
      );
      let accepted = 0;
      try {
        await server.waitForOutput(/listening on/, 120_000);
        const load = (duration: number) =>
          autocannon({
            url: `http://127.0.0.1:${port}/api/v1/rulesets/warning.obligor/evaluate`,
            connections: 50,
            duration,
            // autocannon sends each connection's share of a second at the start of it, and its
            // correction for coordinated omission assumes 1 ms between requests: off, it only adds made-up latencies.
            ...(options.rate ? { overallRate: options.rate, ignoreCoordinatedOmission: true } : {}),
            method: 'POST',
            headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
            requests: bodies,
          });
        if (options.warmupSeconds > 0) accepted += (await load(options.warmupSeconds))['2xx'];
        // Waiting for quiet rather than reading the log: on FerretDB any query of the decisions
        // scans the whole collection, which would swamp the database's figure.
        await untilIdle([server.child.pid!, database.pid]);
        const serverBefore = processCpuMs(server.child.pid!);
        const databaseBefore = processCpuMs(database.pid);
        const loadBefore = process.cpuUsage();
        const result = await load(options.durationSeconds);
        const loadCpu = process.cpuUsage(loadBefore);
        // Decisions of the last requests may still be buffered: the figures include writing them.
        const lagMs = await untilIdle([server.child.pid!, database.pid]);
        const serverCpu = difference(processCpuMs(server.child.pid!), serverBefore);
        const databaseCpu = difference(processCpuMs(database.pid), databaseBefore);
        accepted += result['2xx'];
        const requests = result.requests.total;
        const errors = result.errors + result.non2xx;
        console.log(
          `${evaluationPath.padEnd(25)} ${format(Math.round(result.requests.average)).padStart(11)} ${String(result.latency.p50).padStart(10)} ${String(result.latency.p99).padStart(9)} ${String(errors).padStart(9)}` +
            `   ${perRequest(serverCpu, requests).padStart(10)} ${perRequest(databaseCpu, requests).padStart(7)} ${perRequest((loadCpu.user + loadCpu.system) / 1000, requests).padStart(9)}` +
            `   ${format(Math.round(lagMs)).padStart(10)}   ${format(Math.round(requests / (result.duration + lagMs / 1000))).padStart(8)}`,
        );
      } finally {
        await server.stop();
      }
      const logged = await countDecisions(database.uri, databaseName);
      // autocannon stops counting with up to one request per connection still in flight; the server answers and logs those too.
      const complete = logged >= accepted && logged <= accepted + 50 * (options.warmupSeconds > 0 ? 2 : 1);
      console.log(
        `${''.padEnd(16)}decision log after shutdown: ${format(logged)} decisions for ${format(accepted)} 2xx answers counted (requests in flight when a run stops are answered and logged too)${complete ? '' : '  DECISIONS MISSING OR EXTRA'}`,
      );
    }
  } finally {
    await database.stop();
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
}

/**
 * Waits until the processes have used under 10 ms of CPU in 300 ms (three times the log's flush
 * interval): the server has written what it buffered and the database has stored it. Returns
 * how long that took.
 */
async function untilIdle(pids: number[]): Promise<number> {
  const started = performance.now();
  const total = () => pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
  const samples: number[] = [total()];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    samples.push(total());
    if (samples.length > 6 && samples[samples.length - 1]! - samples[samples.length - 7]! < 10) return performance.now() - started - 300;
    if (performance.now() - started > 120_000) throw new Error('the server and the database did not go quiet within 2 minutes');
  }
}

async function countDecisions(uri: string, databaseName: string): Promise<number> {
  const connection = await connectDatabase(uri, { databaseName });
  try {
    return await connection.db!.collection('decisions').countDocuments();
  } finally {
    await connection.close();
  }
}

function difference(after: number | undefined, before: number | undefined): number | undefined {
  return after === undefined || before === undefined ? undefined : after - before;
}
