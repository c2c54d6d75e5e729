import type { Health } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { describeDatabase, isDatabaseConnected, pingDatabase, type Connection } from '../store/connection';

/** Health answers within a second: a database that takes longer to answer a ping counts as down. */
const PING_TIMEOUT_MS = 800;

export function registerHealthRoutes(routes: RouteRegistry, connection: Connection, version: string): void {
  const started = Date.now();
  routes.add({
    method: 'get',
    path: '/health',
    tag: 'health',
    summary: 'Liveness and the database engine, version and round-trip time',
    auth: 'public',
    responses: { 200: { description: 'Healthy', schema: 'health/health' }, 503: { description: 'The database is down', schema: 'health/health' } },
    handler: async ({ response }): Promise<Health | undefined> => {
      const uptimeSeconds = Math.round((Date.now() - started) / 1000);
      const pingStarted = performance.now();
      try {
        // The driver knows the database is gone from the first failed heartbeat or reset connection: no need to wait.
        if (!isDatabaseConnected(connection)) throw new Error('not connected to the database');
        const info = await withinTime(describeDatabase(connection), PING_TIMEOUT_MS);
        await withinTime(pingDatabase(connection), PING_TIMEOUT_MS - (performance.now() - pingStarted));
        return { status: 'ok', version, uptimeSeconds, database: { status: 'up', ...info, pingMs: Math.round((performance.now() - pingStarted) * 10) / 10 } };
      } catch (error) {
        response
          .status(503)
          .setHeader('retry-after', '5')
          .json({
            status: 'degraded',
            version,
            uptimeSeconds,
            database: { status: 'down', engine: 'unknown', version: 'unknown', error: (error as Error).message },
          } satisfies Health);
        return undefined;
      }
    },
  });
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${PING_TIMEOUT_MS} ms`)), Math.max(0, ms));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
