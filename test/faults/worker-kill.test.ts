import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { createLogger } from '../../server/logger';
import { SCHEDULE_SETTINGS } from '../../server/jobs/job-settings';
import { syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { freePort } from '../../server/store/local-database';
import { startServerProcess, startWorkerProcess, type ServerProcess } from '../support/server-process';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/polling';

/**
 * A worker killed (SIGKILL) in the middle of the daily obligor monitoring run: another worker
 * takes the run over within seconds (JOB_STALE_AFTER_MS, lowered here), one attempt succeeds for
 * the day, and what the killed attempt half-wrote is completed rather than doubled: one open
 * alert per obligor and signal, every task an alert ordered stored once, and a further run over
 * the same day finds nothing left to do.
 */
// What must be quick is asserted (recovery within its bound); the timeout only stops a hung test. The whole
// scenario takes 50-60 s on an idle 2-core machine and over 180 s when other work shares it.
jest.setTimeout(300_000);

const ADMIN_KEY = `fault-admin-key-${randomBytes(8).toString('hex')}`;
const MONTH = new Date().toISOString().slice(0, 7);
const TODAY = new Date().toISOString().slice(0, 10);
const JOB = 'obligor-monitoring';
const STALE_AFTER_MS = 3000;
const databaseName = `f_worker_kill_${randomBytes(4).toString('hex')}`;
const uri = `${process.env.MONGODB_URI!.replace(/\/?$/, '/')}${databaseName}`;

const book = [...syntheticPortfolio({ loans: 8000, months: 12, seed: 41, endMonth: MONTH })];
const ndjson = book.map((record) => JSON.stringify(record)).join('\n');

const processes: ServerProcess[] = [];
let port = 0;
let client: MongoClient;
let db: Db;
let clean: TestApp | undefined;

/**
 * The run's tasks carry out alerts' measures; the workers' other jobs may add tasks of their own (a compliance task for
 * each of the demo book's personal-account and cash repayments), which the run neither orders nor counts.
 */
const RUN_TASKS = { alertId: { $type: 'string' as const } };

/** Alerts (id, level, status, revision) and the run's tasks (id, status) of a database, sorted: what a run leaves, to compare. */
async function outcome(database: Db): Promise<{ alerts: string[]; tasks: string[] }> {
  const alerts = await database.collection<{ _id: string; level: string; status: string; revision: number }>('monitoring_alerts').find().toArray();
  const tasks = await database.collection<{ _id: string; status: string }>('monitoring_tasks').find(RUN_TASKS).toArray();
  return {
    alerts: alerts.map((alert) => `${alert._id}|${alert.level}|${alert.status}|${alert.revision}`).sort(),
    tasks: tasks.map((task) => `${task._id}|${task.status}`).sort(),
  };
}

/** The worker as docker-compose runs it, taking jobs quickly and running no schedules of its own. */
async function startWorker(name: string): Promise<ServerProcess> {
  const schedulesOff = Object.fromEntries(Object.values(SCHEDULE_SETTINGS).map((setting) => [setting.variable, 'off']));
  const worker = startWorkerProcess({
    MONGODB_URI: uri,
    PASSWORD_HASH_COST: '14',
    LOG_LEVEL: 'info',
    JOBS_PROCESS_EVERY_MS: '250',
    JOB_STALE_AFTER_MS: String(STALE_AFTER_MS),
    WORKER_HEARTBEAT_FILE: path.join(os.tmpdir(), `${databaseName}-${name}.heartbeat`),
    ...schedulesOff,
  });
  processes.push(worker);
  await worker.waitForOutput(/worker ready/, 60_000);
  return worker;
}

async function api<T>(method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ status: number; body: T }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    body,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': contentType } : {}) },
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface RunDocument {
  _id: string;
  attempt: number;
  paramsKey: string;
  status: string;
  worker: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  counts: Record<string, number>;
  problems: { message: string }[];
}
const runsOfToday = () =>
  db
    .collection<RunDocument>('job_runs')
    .find({ job: JOB, paramsKey: `asOf=${TODAY}` })
    .sort({ attempt: 1 })
    .toArray();

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(databaseName);
});
afterAll(async () => {
  for (const child of processes) await child.stop('SIGKILL');
  await clean?.close();
  await client
    .db(databaseName)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

test('SIGKILL of the worker mid-run: another worker completes the day once, without doubled alerts or tasks', async () => {
  const started = Date.now();
  port = await freePort();
  // The API server only queues jobs (JOBS_ENABLED=false); the workers run them.
  const server = startServerProcess({
    PORT: String(port),
    MONGODB_URI: uri,
    ADMIN_API_KEY: ADMIN_KEY,
    SEED_DEMO: 'false',
    JOBS_ENABLED: 'false',
    PASSWORD_HASH_COST: '14',
    LOG_LEVEL: 'warn',
  });
  processes.push(server);
  await server.waitForOutput(/listening on/, 60_000);
  const imported = await api<{ rejectedCount: number }>('POST', '/portfolio/import', ndjson, 'application/x-ndjson');
  expect(imported.status).toBe(200);
  expect(imported.body.rejectedCount).toBe(0);
  const first = await startWorker('first');
  const seeded = Date.now();

  const requested = await api<{ runId: string; status: string }>('POST', `/jobs/${JOB}/run`, JSON.stringify({ asOf: TODAY }));
  expect(requested.status).toBe(202);
  // Killed once the run is under way on the first worker and has written some of its alerts.
  const running = await waitUntil(
    async () => {
      const run = await db.collection<RunDocument>('job_runs').findOne({ _id: requested.body.runId });
      return run?.status === 'running' && (await db.collection('monitoring_alerts').estimatedDocumentCount()) > 0 && run;
    },
    30_000,
    'the run to start writing alerts',
    20,
  );
  expect(await first.stop('SIGKILL')).toBe('SIGKILL');
  const killedAt = Date.now();
  expect(running.worker).toContain(`:${first.child.pid}:`);
  const alertsAtKill = await db.collection('monitoring_alerts').countDocuments();
  const tasksAtKill = await db.collection('monitoring_tasks').countDocuments();

  const second = await startWorker('second');
  const succeeded = await waitUntil(
    async () => (await runsOfToday()).find((run) => run.status === 'succeeded'),
    45_000,
    'another worker to complete the run',
    20,
  ).catch(async (error: Error) => {
    const agendaJobs = await db.collection('agenda_jobs').find({ name: JOB }).toArray();
    throw new Error(
      `${error.message}\nruns: ${JSON.stringify(await runsOfToday())}\nAgenda: ${JSON.stringify(agendaJobs)}\nfirst worker:\n${first.output().slice(-3000)}\nsecond worker:\n${second.output().slice(-3000)}`,
    );
  });
  const recoveredAt = succeeded.finishedAt!.getTime();
  const runs = await runsOfToday();

  const alerts = await db
    .collection<{ _id: string; subjectKey: string; signal: string; status: string; measures?: { taskId: string }[] }>('monitoring_alerts')
    .find()
    .toArray();
  const tasks = await db
    .collection<{ _id: string; alertId: string }>('monitoring_tasks')
    .find(RUN_TASKS, { projection: { alertId: 1 } })
    .toArray();
  const open = alerts.filter((alert) => alert.status === 'open');
  console.log(
    [
      `book: ${book.filter((record) => record.kind === 'loans').length} loans, imported and a worker ready in ${Math.round((seeded - started) / 1000)} s`,
      `killed worker pid ${first.child.pid} running ${running._id} (attempt ${running.attempt}) ${((killedAt - running.startedAt!.getTime()) / 1000).toFixed(1)} s after it started, with ${alertsAtKill} alerts and ${tasksAtKill} tasks written`,
      `runs for ${TODAY}: ${runs.map((run) => `${run._id} attempt ${run.attempt} ${run.status} on ${run.worker ?? '-'}${run.problems[0] ? ` (${run.problems[0].message})` : ''}`).join('; ')}`,
      `recovered by pid ${second.child.pid} ${((recoveredAt - killedAt) / 1000).toFixed(1)} s after the kill (attempt ${succeeded.attempt} ran ${((recoveredAt - succeeded.startedAt!.getTime()) / 1000).toFixed(1)} s); counts ${JSON.stringify(succeeded.counts)}`,
      `after: ${alerts.length} alerts (${open.length} open), ${tasks.length} tasks; ${Math.round((Date.now() - started) / 1000)} s in all`,
    ].join('\n'),
  );

  // One attempt of the day succeeded, on the second worker; the killed one is no longer shown as running.
  expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(1);
  expect(succeeded.worker).toContain(`:${second.child.pid}:`);
  expect(succeeded.attempt).toBeGreaterThan(running.attempt);
  expect(runs.filter((run) => run.status === 'running' || run.status === 'queued')).toEqual([]);
  expect(recoveredAt - killedAt).toBeLessThan(45_000);

  // The results are whole and single: one open alert per subject (an obligor's line of business) and signal, every
  // measure an alert lists stored once as a task.
  expect(open.length).toBeGreaterThan(0);
  expect(new Set(open.map((alert) => `${alert.subjectKey}|${alert.signal}`)).size).toBe(open.length);
  const taskIds = new Set(tasks.map((task) => task._id));
  const ordered = alerts.flatMap((alert) => (alert.measures ?? []).map((measure) => measure.taskId));
  expect(ordered.filter((taskId) => !taskIds.has(taskId))).toEqual([]);
  expect(new Set(ordered).size).toBe(tasks.length);

  // As a clean run leaves it: the same book in a database of its own, the day run once, without a kill.
  clean = await startTestApp({ JOBS_ENABLED: 'false' });
  const cleanImport = await clean.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    rawBody: ndjson,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(cleanImport.status).toBe(200);
  const cleanStarted = Date.now();
  await clean.platform.services.obligorMonitoring.run(TODAY, { actor: 'obligor-monitoring', logger: createLogger('silent') });
  const cleanMs = Date.now() - cleanStarted;
  const [recovered, untouched] = [await outcome(db), await outcome(client.db(clean.databaseName))];
  console.log(
    `the clean run (${(cleanMs / 1000).toFixed(1)} s): ${untouched.alerts.length} alerts, ${untouched.tasks.length} tasks; after the kill and takeover: ${recovered.alerts.length} alerts, ${recovered.tasks.length} tasks`,
  );
  expect(recovered).toEqual(untouched);

  // And the same day again (attempt 3, on purpose) finds nothing to change.
  const again = await api<{ status: string; counts: Record<string, number> }>('POST', `/jobs/${JOB}/run`, JSON.stringify({ asOf: TODAY, waitSeconds: 40 }));
  expect(again.status).toBe(200);
  expect(again.body.status).toBe('succeeded');
  expect(again.body.counts.changing ?? 0).toBe(0);
  expect(await db.collection('monitoring_tasks').countDocuments(RUN_TASKS)).toBe(tasks.length);
});
