import type { Connection } from 'mongoose';
import type { Health } from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import { describeDatabase } from '../store/connection';

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
        const info = await describeDatabase(connection);
        await connection.db!.admin().ping();
        return { status: 'ok', version, uptimeSeconds, database: { status: 'up', ...info, pingMs: Math.round((performance.now() - pingStarted) * 10) / 10 } };
      } catch (error) {
        response.status(503).json({ status: 'degraded', version, uptimeSeconds, database: { status: 'down', engine: 'unknown', version: 'unknown', error: (error as Error).message } } satisfies Health);
        return undefined;
      }
    },
  });
}
