import fs from 'node:fs';
import { createApp } from './app';
import { defaultProjectRoot, loadConfigOrExit } from './config';
import { EXIT } from './exit-codes';
import { createLogger } from './logger';
import { guardProcess } from './process-guard';
import { DEFAULT_DATABASE_NAME, databaseNameIn } from './platform';
import { connectDatabase } from './store/connection';

/**
 * The scheduled-work process for production (docker-compose runs it beside the API server,
 * which only queues jobs). It builds the same app as the server, without listening, and runs
 * jobs through Agenda; add workers by adding processes. It shares the database with the
 * server, so it needs MONGODB_URI; a local `npm start` runs the same jobs in-process instead.
 * The app it builds also sends webhook deliveries (the webhook module's loop). It touches a
 * heartbeat file that the container health check reads.
 */
const HEARTBEAT_FILE = process.env.WORKER_HEARTBEAT_FILE ?? '/tmp/policy-platform-worker.heartbeat';
const HEARTBEAT_INTERVAL_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel).child({ process: 'worker' });
  guardProcess(logger);
  if (!config.mongodbUri) {
    console.error('The worker needs MONGODB_URI: it shares the database with the API server. (npm start runs scheduled work in-process.)');
    process.exit(EXIT.config);
  }
  const connection = await connectDatabase(config.mongodbUri, {
    serverSelectionTimeoutMs: config.databaseTimeoutMs,
    selectionTimeoutMs: config.databaseSelectionTimeoutMs,
    databaseName: databaseNameIn(config.mongodbUri) ? undefined : DEFAULT_DATABASE_NAME,
  }).catch((error: Error) => {
    console.error(error.message);
    process.exit(EXIT.database);
  });
  const platform = await createApp({ config, connection, logger, projectRoot: defaultProjectRoot() });
  const heartbeat = () => fs.writeFileSync(HEARTBEAT_FILE, new Date().toISOString());
  heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);
  await platform.startJobs();

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'worker shutting down');
    clearInterval(timer);
    void platform.close().finally(() => void connection.close().then(() => process.exit(0)));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Announced only once a stop signal is handled: whoever waits for this line may stop us at once.
  logger.info('worker ready');
}

void main();
