import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type PlatformApp } from './app';
import type { Config } from './config';
import type { Logger } from './logger';
import { connectDatabase, redactUri, type Connection } from './store/connection';
import { startLocalDatabase, type LocalDatabase } from './store/local-database';

export const DEFAULT_DATABASE_NAME = 'policy_platform';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export interface RunningPlatform {
  url: string;
  platform: PlatformApp;
  connection: Connection;
  localDatabase?: LocalDatabase;
  stop(): Promise<void>;
}

/**
 * The start-up sequence, in the order that fails fastest: claim the HTTP port (a second start
 * on a busy port stops before touching any database), then the database, then the app.
 * Until the app is ready, the port answers 503.
 */
export async function startPlatform(config: Config, logger: Logger, projectRoot: string): Promise<RunningPlatform> {
  let handler: http.RequestListener = (_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
    response.end(JSON.stringify({ error: { code: 'starting', message: 'The platform is starting', details: [] } }));
  };
  const server = http.createServer((request, response) => handler(request, response));
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

  // Shutdown runs in this order: stop taking requests, stop background work, then the database.
  let localDatabase: LocalDatabase | undefined;
  let connection: Connection | undefined;
  let platform: PlatformApp | undefined;
  const stop = async () => {
    const steps: [string, (() => Promise<void>) | undefined][] = [
      ['http server', () => closeServer(server)],
      ['background work', platform?.close],
      ['database connection', connection ? () => connection!.close() : undefined],
      ['local database', localDatabase?.stop],
    ];
    for (const [name, step] of steps) {
      await step?.().catch((error: unknown) => logger.error({ err: error, step: name }, 'error during shutdown'));
    }
  };
  try {
    let uri = config.mongodbUri;
    if (!uri) {
      localDatabase = await startLocalDatabase({ projectRoot, dataDirectory: config.dataDirectory, port: config.localDatabasePort, logger });
      uri = localDatabase.uri;
    }
    logger.info({ database: redactUri(uri) }, 'connecting to the database');
    connection = await connectDatabase(uri, {
      databaseName: databaseNameIn(uri) ? undefined : DEFAULT_DATABASE_NAME,
      serverSelectionTimeoutMs: config.databaseTimeoutMs,
      selectionTimeoutMs: config.databaseSelectionTimeoutMs,
    });
    platform = await createApp({ config, connection, logger, projectRoot });
    await platform.bootstrap();
    if (config.jobs.enabled) await platform.startJobs();
    handler = platform.listener;
    logger.info({ url }, 'platform ready');
    return { url, platform, connection, localDatabase, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new PortInUseError(`Port ${port} on ${host} is already in use. Stop the other process or set PORT to a free port.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  });
}

/** The database named in a URI, if any; a URI without one uses DEFAULT_DATABASE_NAME. */
export function databaseNameIn(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] || undefined;
}
