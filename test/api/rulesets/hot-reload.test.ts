import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../../../server/store/connection';
import { freePort } from '../../../server/store/local-database';
import { PROJECT_ROOT, TEST_ADMIN_KEY, TEST_PASSWORD } from '../../support/test-app';
import { STANDARD_PACK_KEYS } from '../../support/standard-pack';
import { standardContent } from './helpers';

/**
 * Two real server processes on one database: a version published through one is used by the
 * other within 5 seconds, without a restart. Both start at the same moment, which also races
 * the seeding of the standard pack.
 */
jest.setTimeout(120_000);

interface Server {
  child: ChildProcess;
  url: string;
  output: string[];
}

const databaseName = `t_hot_${randomBytes(5).toString('hex')}`;
const uri = `${process.env.MONGODB_URI!.replace(/\/?$/, '/')}${databaseName}`;
const servers: Server[] = [];

async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      MONGODB_URI: uri,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      PASSWORD_HASH_COST: '14',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: Server = { child, url: `http://127.0.0.1:${port}`, output: [] };
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${server.output.join('')}`)), 60_000);
    const listen = (chunk: Buffer) => {
      server.output.push(chunk.toString());
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${server.output.join('')}`));
    });
  });
  return server;
}

async function call<T>(server: Server, method: string, path: string, body?: unknown, token = TEST_ADMIN_KEY): Promise<{ status: number; body: T }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
}

async function login(server: Server, username: string, roles: string[]): Promise<string> {
  expect((await call(server, 'POST', '/api/v1/users', { username, password: TEST_PASSWORD, roles, orgUnit: 'HQ' })).status).toBe(201);
  const response = await call<{ token: string }>(server, 'POST', '/api/v1/auth/login', { username, password: TEST_PASSWORD });
  return response.body.token;
}

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (server.child.exitCode !== null) return resolve();
          server.child.once('exit', () => resolve());
          server.child.kill('SIGTERM');
        }),
    ),
  );
  const connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName });
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

test('a version published through one process is evaluated by the other within 5 seconds', async () => {
  const [first, second] = await Promise.all([startServer(), startServer()]);
  const list = await call<{ items: { key: string; latestVersion: number }[] }>(second!, 'GET', '/api/v1/rulesets');
  expect(list.body.items).toHaveLength(STANDARD_PACK_KEYS.length);
  expect(list.body.items.every((item) => item.latestVersion === 1)).toBe(true);

  const facts = { facts: { level: 'orange', previousReductions: 0, customerTier: 'near-prime' } };
  const before = await call<{ ruleSet: { version: number }; events: { params: { action: string; share?: number } }[] }>(
    second!,
    'POST',
    '/api/v1/rulesets/disposition/evaluate',
    facts,
  );
  expect(before.body.ruleSet.version).toBe(1);
  expect(before.body.events[0]!.params).toMatchObject({ action: 'reduce-credit-limit', share: 0.2 });

  const owner = await login(first!, 'hot-owner', ['policy-owner']);
  const approver = await login(first!, 'hot-approver', ['approver']);
  const content = standardContent('disposition');
  (content.parameters.orangeReductionShare as { value: number }).value = 0.25;
  const tests = content.tests as { name: string; expect: { events: { params?: Record<string, unknown> }[] } }[];
  // Further reductions keep their own parameter (0.2); only the first orange cut changes.
  for (const test of tests.filter((candidate) => !/further reduction/.test(candidate.name))) {
    for (const event of test.expect.events) if (event.params?.share === 0.2 && event.params.action === 'reduce-credit-limit') event.params.share = 0.25;
  }
  expect((await call(first!, 'POST', '/api/v1/rulesets/disposition/versions', { basedOnVersion: 1, ruleSet: content }, owner)).status).toBe(201);
  const submitted = await call<unknown>(first!, 'POST', '/api/v1/rulesets/disposition/versions/2/submit', {}, owner);
  expect(submitted.status).toBe(200);
  expect((await call(first!, 'POST', '/api/v1/rulesets/disposition/versions/2/approve', {}, approver)).status).toBe(200);
  expect((await call(first!, 'POST', '/api/v1/rulesets/disposition/versions/2/publish', {}, approver)).status).toBe(200);
  const publishedAt = Date.now();

  let seen: { ruleSet: { version: number }; events: { params: { share?: number } }[] } | undefined;
  while (Date.now() - publishedAt < 5000) {
    seen = (await call<typeof seen & object>(second!, 'POST', '/api/v1/rulesets/disposition/evaluate', facts)).body;
    if (seen.ruleSet.version === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const elapsed = Date.now() - publishedAt;
  expect(seen!.ruleSet.version).toBe(2);
  expect(seen!.events[0]!.params.share).toBe(0.25);
  expect(elapsed).toBeLessThan(5000);
});
