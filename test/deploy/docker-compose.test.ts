import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so this checks the file's shape rather than starting it.
const compose = parse(fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8')) as {
  services: Record<
    string,
    {
      image?: string;
      build?: string;
      command?: string[];
      environment?: Record<string, string>;
      healthcheck?: { test: string[] };
      restart?: string;
      volumes?: string[];
      depends_on?: Record<string, { condition: string }>;
    }
  >;
  volumes: Record<string, unknown>;
};

test('names MongoDB 7 as a replica set, the API server and a separate worker', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['mongodb', 'server', 'worker']);
  expect(compose.services.mongodb!.image).toMatch(/^mongo:7/);
  expect(compose.services.mongodb!.command).toEqual(expect.arrayContaining(['--replSet']));
  expect(compose.services.worker!.command!.join(' ')).toContain('server/worker.ts');
});

test('every service has a health check and the database a persistent volume', () => {
  const withoutHealthCheck = Object.entries(compose.services)
    .filter(([, service]) => (service.healthcheck?.test?.length ?? 0) < 2)
    .map(([name]) => name);
  expect(withoutHealthCheck).toEqual([]);
  expect(compose.services.mongodb!.volumes).toEqual(['mongodb-data:/data/db']);
  expect(compose.volumes).toHaveProperty('mongodb-data');
});

test('the server runs in production with secrets required from the environment and a replica-set URI', () => {
  const environment = compose.services.server!.environment!;
  expect(environment.NODE_ENV).toBe('production');
  expect(environment.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?/);
  expect(environment.ADMIN_API_KEY).toMatch(/^\$\{ADMIN_API_KEY:\?/);
  expect(environment.MONGODB_URI).toContain('replicaSet=rs0');
  expect(compose.services.server!.depends_on!.mongodb!.condition).toBe('service_healthy');
});

test('the server and the worker are restarted when their process dies (a crash must not leave the service down)', () => {
  for (const name of ['server', 'worker']) {
    // `no` (the default) would leave a crashed process down; these three all restart it after a failure.
    expect([name, compose.services[name]!.restart]).toEqual([name, expect.stringMatching(/^(always|unless-stopped|on-failure(:\d+)?)$/)]);
  }
});

test('the server keeps its data folder (the decision spool) on a persistent volume, so a recreated container replays what it acknowledged', () => {
  const server = compose.services.server!;
  const dataDirectory = server.environment!.DATA_DIR;
  expect(dataDirectory).toMatch(/^\//);
  const mounted = (server.volumes ?? []).map((volume) => volume.split(':'));
  expect(mounted).toContainEqual(['server-data', dataDirectory]);
  expect(compose.volumes).toHaveProperty('server-data');
});
