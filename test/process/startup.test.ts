import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, isAlive } from '../../server/store/local-database';
import { startServerProcess } from '../support/server-process';

jest.setTimeout(120_000);

const sharedUri = () => `${process.env.MONGODB_URI!.replace(/\/?$/, '/')}t_startup_${process.pid}`;

test('without MONGODB_URI the start provisions its own FerretDB, serves health, and SIGTERM stops both', async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-start-'));
  const port = await freePort();
  const server = startServerProcess({ PORT: String(port), DATA_DIR: dataDirectory, SEED_DEMO: 'false', PASSWORD_HASH_COST: '14' });
  try {
    await server.waitForOutput(/listening on/);
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).json()) as { database: { engine: string; status: string } };
    expect(health.database).toMatchObject({ engine: 'FerretDB', status: 'up' });
    const owner = JSON.parse(fs.readFileSync(path.join(dataDirectory, 'ferretdb', 'owner.json'), 'utf8')) as { databasePid: number };
    expect(isAlive(owner.databasePid)).toBe(true);
    // The first start without ADMIN_API_KEY creates demo users. Its output here is a pipe (as a log
    // file would be), not a terminal: it names the users and the owner-only file, never a password.
    const credentialsFile = path.join(dataDirectory, 'demo-credentials.txt');
    expect(fs.statSync(credentialsFile).mode & 0o777).toBe(0o600);
    const passwords = [...fs.readFileSync(credentialsFile, 'utf8').matchAll(/^ {2}(admin|owner|approver)\s+(\S{12,})/gm)].map((match) => match[2]!);
    expect(passwords).toHaveLength(3);
    expect(server.output()).toMatch(/demo users admin, owner, approver created; their passwords are in .*demo-credentials\.txt/);
    for (const password of passwords) expect(server.output()).not.toContain(password);

    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(isAlive(owner.databasePid)).toBe(false);
  } finally {
    await server.stop('SIGKILL');
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
});

test('a second start on a port in use exits with code 3 and says so', async () => {
  const blocker = net.createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    const server = startServerProcess({ PORT: String(port), MONGODB_URI: sharedUri() });
    expect(await server.exited).toBe(3);
    expect(server.output()).toMatch(new RegExp(`Port ${port} .*already in use`));
  } finally {
    blocker.close();
  }
});

test('an unreachable MONGODB_URI exits with code 4 and a readable message', async () => {
  const closedPort = await freePort();
  const server = startServerProcess({ PORT: String(await freePort()), MONGODB_URI: `mongodb://127.0.0.1:${closedPort}/x`, DATABASE_TIMEOUT_MS: '1500' });
  expect(await server.exited).toBe(4);
  expect(server.output()).toMatch(new RegExp(`Cannot reach the database at mongodb://127.0.0.1:${closedPort}/x`));
});

test('invalid configuration exits with code 2 listing every problem', async () => {
  const server = startServerProcess({ PORT: 'abc', LOG_LEVEL: 'loud' });
  expect(await server.exited).toBe(2);
  expect(server.output()).toMatch(/PORT must be an integer[\s\S]*LOG_LEVEL must be one of/);
});

test('production refuses missing secrets, then refuses demo users', async () => {
  const noSecrets = startServerProcess({ NODE_ENV: 'production', PORT: String(await freePort()) });
  expect(await noSecrets.exited).toBe(2);
  expect(noSecrets.output()).toMatch(/SESSION_SECRET is required/);

  // A development start on an empty database creates demo users...
  const uri = sharedUri();
  const port = await freePort();
  const development = startServerProcess({ PORT: String(port), MONGODB_URI: uri, PASSWORD_HASH_COST: '14' });
  await development.waitForOutput(/listening on/);
  expect(await development.stop()).toBe(0);

  // ...and production then refuses to run with them active, even with proper secrets.
  const production = startServerProcess({
    NODE_ENV: 'production',
    PORT: String(await freePort()),
    MONGODB_URI: uri,
    SESSION_SECRET: 'p'.repeat(48),
    ADMIN_API_KEY: 'a'.repeat(32),
  });
  expect(await production.exited).toBe(5);
  expect(production.output()).toMatch(/demo users are active \(admin, owner, approver\)/);
});

test('two processes starting together on one empty database both come up', async () => {
  const environments: Record<string, string>[] = [{ ADMIN_API_KEY: 'k'.repeat(32) }, {}];
  for (const environment of environments) {
    const uri = `${process.env.MONGODB_URI!.replace(/\/?$/, '/')}t_race_${Object.keys(environment).length}_${process.pid}`;
    const servers = await Promise.all(
      [0, 1].map(async () =>
        startServerProcess({ PORT: String(await freePort()), MONGODB_URI: uri, SEED_DEMO: 'false', PASSWORD_HASH_COST: '14', ...environment }),
      ),
    );
    try {
      await Promise.all(servers.map((server) => server.waitForOutput(/listening on/)));
      // Demo users are announced by whichever process created them, never twice (their passwords only on a terminal).
      const printed = servers.map((server) => (/demo users (.+) created;/.exec(server.output())?.[1]?.split(', ') ?? []).length);
      expect(printed.reduce((a, b) => a + b, 0)).toBe('ADMIN_API_KEY' in environment ? 0 : 3);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }
});
