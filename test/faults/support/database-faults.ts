import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { createLogger } from '../../../server/logger';
import { connectDatabase } from '../../../server/store/connection';
import { freePort, startLocalDatabase, type LocalDatabase } from '../../../server/store/local-database';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { PROJECT_ROOT } from '../../support/test-app';
import { sleep, waitUntil } from '../../support/polling';

/**
 * Processes for fault tests of the database and the decision log: a FerretDB of the test's own
 * (not the jest run's shared one, which other files use) that can be killed and brought back on
 * the same port and data, the real server as a process, and a bounded evaluation load that
 * records every answer.
 */
export const FAULT_ADMIN_KEY = 'fault-admin-key-0123456789abcdef';
export const FAULT_DATABASE_NAME = 'faults';

export interface FaultDatabase {
  uri: string;
  port: number;
  /** SIGKILL: no shutdown, connections reset. */
  kill(): Promise<void>;
  /** Starts FerretDB again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultDatabase(dataDirectory: string): Promise<FaultDatabase> {
  const logger = createLogger('warn');
  const port = await freePort();
  let database: LocalDatabase = await startLocalDatabase({ projectRoot: PROJECT_ROOT, dataDirectory, port, logger });
  return {
    uri: `mongodb://127.0.0.1:${port}/${FAULT_DATABASE_NAME}`,
    port,
    async kill() {
      process.kill(database.pid, 'SIGKILL');
      await waitUntil(() => !isRunning(database.pid), 10_000, 'the killed database to exit');
    },
    async restart() {
      database = await startLocalDatabase({ projectRoot: PROJECT_ROOT, dataDirectory, port, logger });
    },
    stop: () => database.stop(),
  };
}

export function temporaryDirectory(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The server as `npm start` runs it, on a database of the test's own, with its own DATA_DIR (where the decision spool lives). */
export async function startFaultServer(
  databaseUri: string,
  dataDirectory: string,
  port: number,
  environment: Record<string, string> = {},
): Promise<ServerProcess> {
  const server = startServerProcess({
    PORT: String(port),
    MONGODB_URI: databaseUri,
    DATA_DIR: dataDirectory,
    ADMIN_API_KEY: FAULT_ADMIN_KEY,
    SEED_DEMO: 'false',
    JOBS_ENABLED: 'false',
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    PASSWORD_HASH_COST: '14',
    LOG_LEVEL: 'warn',
    ...environment,
  });
  try {
    await waitUntil(
      async () => (await probe(`http://127.0.0.1:${port}/api/v1/health`, 2000, undefined, false)).status === 200,
      60_000,
      'the server to answer health',
    );
  } catch (error) {
    await server.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n${server.output()}`);
  }
  return server;
}

export interface Answer {
  status: number | 'no answer';
  ms: number;
  decisionId?: string;
  retryAfter?: string | null;
  /** When the request started, relative to the load's start. */
  at: number;
}

export interface Load {
  answers: Answer[];
  /** Stops the clients and waits for their requests in flight. */
  stop(): Promise<void>;
}

/** `clients` loops evaluating warning.obligor against the server until stopped; every answer is kept. */
export function startEvaluationLoad(url: string, clients: number): Load {
  const answers: Answer[] = [];
  const started = Date.now();
  let running = true;
  let sequence = 0;
  const client = async () => {
    while (running) {
      const at = Date.now() - started;
      const facts = { obligorId: `OB-${sequence++}`, dpd: sequence % 120, overdueAmount: (sequence % 50) * 1000 };
      const answer = await probe(`${url}/api/v1/rulesets/warning.obligor/evaluate`, 5000, { facts });
      answers.push({ ...answer, at });
      // A refused request is retried later, as a client honouring Retry-After would, without spinning.
      if (answer.status !== 200) await sleep(50);
    }
  };
  const done = Promise.all(Array.from({ length: clients }, client));
  return {
    answers,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** One request with a deadline; a refused connection or a timeout is 'no answer'. */
export async function probe(url: string, timeoutMs: number, body?: unknown, signedIn = true): Promise<Omit<Answer, 'at'> & { body?: unknown }> {
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(signedIn ? { authorization: `Bearer ${FAULT_ADMIN_KEY}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    const decisionId = response.status === 200 ? (parsed as { decisionId?: string }).decisionId : undefined;
    return { status: response.status, ms: Date.now() - started, decisionId, retryAfter: response.headers.get('retry-after'), body: parsed };
  } catch {
    return { status: 'no answer', ms: Date.now() - started };
  }
}

/** Which of these decision ids the database does not hold (the id is the document's _id). */
export async function missingDecisions(connection: Connection, ids: readonly string[]): Promise<string[]> {
  const collection = connection.collection<{ _id: string }>('decisions');
  const found = new Set<string>();
  for (let offset = 0; offset < ids.length; offset += 2000) {
    const chunk = ids.slice(offset, offset + 2000);
    for (const document of await collection.find({ _id: { $in: chunk } }, { projection: { _id: 1 } }).toArray()) found.add(document._id);
  }
  return ids.filter((id) => !found.has(id));
}

/** Polls until nothing is missing or the deadline passes; returns what is still missing. */
export async function waitForStored(databaseUri: string, ids: readonly string[], timeoutMs: number): Promise<string[]> {
  const connection = await connectDatabase(databaseUri);
  try {
    const deadline = Date.now() + timeoutMs;
    let missing = await missingDecisions(connection, ids);
    while (missing.length > 0 && Date.now() < deadline) {
      await sleep(500);
      missing = await missingDecisions(connection, missing);
    }
    return missing;
  } finally {
    await connection.close();
  }
}

export function countByStatus(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[String(answer.status)] = (counts[String(answer.status)] ?? 0) + 1;
  return counts;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export { sleep, waitUntil };
