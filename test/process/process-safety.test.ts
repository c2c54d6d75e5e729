import { freePort } from '../../server/store/local-database';
import { startServerProcess } from '../support/server-process';

jest.setTimeout(120_000);

const uri = () => `${process.env.MONGODB_URI!.replace(/\/?$/, '/')}t_safety_${process.pid}`;

// A request's background work that forgets a catch must not take every other client down with it.
test('a promise rejected with nobody listening is logged and the server keeps answering', async () => {
  const port = await freePort();
  const server = startServerProcess(
    { PORT: String(port), MONGODB_URI: uri(), SEED_DEMO: 'false', ADMIN_API_KEY: 'process-safety-key-0123456789', PASSWORD_HASH_COST: '14' },
    ['--import', './test/support/stray-rejection.mjs'],
  );
  try {
    await server.waitForOutput(/listening on/);
    server.child.kill('SIGUSR2');
    await server.waitForOutput(/stray rejection from a test/, 30_000);
    expect(server.child.exitCode).toBeNull();
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(server.output()).toMatch(/unhandled promise rejection/);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
