import fs from 'node:fs';
import { freePort } from '../../server/store/local-database';
import type { ServerProcess } from '../support/server-process';
import {
  countByStatus,
  probe,
  sleep,
  startEvaluationLoad,
  startFaultDatabase,
  startFaultServer,
  temporaryDirectory,
  waitForStored,
  waitUntil,
  type Answer,
  type FaultDatabase,
} from './support/database-faults';

/**
 * The decision log's guarantee under faults (docs/rulesets.md#the-decision-log): every decision id
 * answered with 200 is in the log once the database is back, whether the database was killed
 * under load or the server itself was. FAULT_OUTAGE_SECONDS sets how long the database stays down
 * (the default keeps this file under ~90 s; the 60 s run is described in the docs).
 */
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SECONDS ?? '15') * 1000;
const CLIENTS = 4;
// Small enough that the spool fills during the outage, so the test sees both answers: 200 (spooled) and 503 (full).
const SPOOL_MAX_DECISIONS = process.env.FAULT_SPOOL_MAX_DECISIONS ?? '3000';

jest.setTimeout(OUTAGE_MS + 150_000);

let database: FaultDatabase | undefined;
let server: ServerProcess | undefined;
const directories: string[] = [];

afterAll(async () => {
  await server?.stop('SIGKILL');
  await database?.stop();
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

test('a database killed under load loses no acknowledged decision, refuses with 503 while down, and recovers without a restart; so does a killed server', async () => {
  const databaseDirectory = temporaryDirectory('pp-fault-db-');
  const serverDirectory = temporaryDirectory('pp-fault-server-');
  directories.push(databaseDirectory, serverDirectory);
  database = await startFaultDatabase(databaseDirectory);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const environment = { DECISION_SPOOL_MAX_DECISIONS: SPOOL_MAX_DECISIONS };
  server = await startFaultServer(database.uri, serverDirectory, port, environment);

  // 1. The database is killed mid-load and stays down for the outage.
  const load = startEvaluationLoad(url, CLIENTS);
  await sleep(3000);
  const answeredBeforeKill = load.answers.length;
  const killedAt = Date.now();
  await database.kill();
  const probes: { route: string; status: number | string; ms: number; retryAfter?: string | null; database?: string }[] = [];
  while (Date.now() - killedAt < OUTAGE_MS) {
    const health = await probe(`${url}/api/v1/health`, 5000, undefined, false);
    probes.push({
      route: 'health',
      status: health.status,
      ms: health.ms,
      database: (health.body as { database?: { status?: string } } | undefined)?.database?.status,
    });
    const read = await probe(`${url}/api/v1/decisions?limit=1`, 5000);
    probes.push({ route: 'decisions', status: read.status, ms: read.ms, retryAfter: read.retryAfter });
    // A route with no check of its own: the driver's error after its wait becomes the 503.
    const users = await probe(`${url}/api/v1/users`, 5000);
    probes.push({ route: 'users', status: users.status, ms: users.ms, retryAfter: users.retryAfter });
    await sleep(500);
  }
  const duringOutage = load.answers.length - answeredBeforeKill;
  await database.restart();
  const restartedAt = Date.now();
  await waitUntil(async () => (await probe(`${url}/api/v1/decisions?limit=1`, 2000)).status === 200, 30_000, 'reads to work again without a server restart');
  const recoveredMs = Date.now() - restartedAt;
  await sleep(2000);
  await load.stop();

  const acknowledged = load.answers.filter((answer) => answer.status === 200).map((answer) => answer.decisionId!);
  const missing = await waitForStored(database.uri, acknowledged, 30_000);
  const slowest = Math.max(...load.answers.map((answer) => answer.ms));
  console.log(
    `database outage: ${OUTAGE_MS / 1000} s, ${load.answers.length} evaluations by ${CLIENTS} clients (${duringOutage} while down), answers ${JSON.stringify(countByStatus(load.answers))}, ` +
      `slowest ${slowest} ms; decisions acknowledged ${acknowledged.length}, stored ${acknowledged.length - missing.length}, missing ${missing.length}; ` +
      `probes while down ${JSON.stringify(countProbes(probes))}, slowest probe ${Math.max(...probes.map((item) => item.ms))} ms; reads back ${recoveredMs} ms after the database`,
  );
  expect(missing).toEqual([]);
  expectOnly200or503(load.answers);
  expect(slowest).toBeLessThan(2500);
  expect(load.answers.filter((answer) => answer.status === 503).every((answer) => answer.retryAfter !== null)).toBe(true);
  for (const item of probes) {
    expect(item.status).toBe(503);
    if (item.route === 'health') {
      expect(item.ms).toBeLessThan(1000);
      expect(item.database).toBe('down');
    } else {
      expect(item.ms).toBeLessThan(2000);
      expect(item.retryAfter).not.toBeNull();
    }
  }

  // 2. The database goes down again, decisions pile up in the spool, and the server is killed with them.
  const second = startEvaluationLoad(url, CLIENTS);
  await sleep(1000);
  await database.kill();
  await waitUntil(
    () => second.answers.filter((answer) => answer.status === 200 && answer.at > 1500).length >= 50,
    30_000,
    'decisions spooled while the database is down',
  );
  server.child.kill('SIGKILL');
  await server.exited;
  await second.stop();
  await database.restart();
  server = await startFaultServer(database.uri, serverDirectory, port, environment);
  const acknowledgedBeforeKill = second.answers.filter((answer) => answer.status === 200).map((answer) => answer.decisionId!);
  const lost = await waitForStored(database.uri, acknowledgedBeforeKill, 30_000);
  console.log(
    `server killed with the database down: ${second.answers.length} evaluations, answers ${JSON.stringify(countByStatus(second.answers))}; ` +
      `decisions acknowledged ${acknowledgedBeforeKill.length}, stored after the spool replay ${acknowledgedBeforeKill.length - lost.length}, missing ${lost.length}`,
  );
  expect(lost).toEqual([]);
  expect(second.answers.filter((answer) => typeof answer.status === 'number' && answer.status !== 200 && answer.status !== 503)).toEqual([]);
  expect(await waitForStored(database.uri, acknowledged, 1000)).toEqual([]);
});

function expectOnly200or503(answers: readonly Answer[]): void {
  expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
}

function countProbes(probes: readonly { route: string; status: number | string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of probes) counts[`${item.route} ${item.status}`] = (counts[`${item.route} ${item.status}`] ?? 0) + 1;
  return counts;
}
