import fs from 'node:fs';
import { loadConfigOrExit } from './config';
import { EXIT } from './exit-codes';
import { SessionStore } from './identity/session.store';
import { createLogger } from './logger';
import { DEFAULT_DATABASE_NAME, databaseNameIn } from './platform';
import { connectDatabase } from './store/connection';
import { createWebhookDispatching } from './webhooks/webhooks.module';

/**
 * The scheduled-work process for production (docker-compose runs it beside the API server).
 * It shares the database with the server, so it needs MONGODB_URI; a local `npm start` runs
 * the same work in-process instead. It touches a heartbeat file that the container health
 * check reads.
 */
const HEARTBEAT_FILE = process.env.WORKER_HEARTBEAT_FILE ?? '/tmp/policy-platform-worker.heartbeat';
const SWEEP_INTERVAL_MS = 60 * 60_000;
const HEARTBEAT_INTERVAL_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel).child({ process: 'worker' });
  if (!config.mongodbUri) {
    console.error('The worker needs MONGODB_URI: it shares the database with the API server. (npm start runs scheduled work in-process.)');
    process.exit(EXIT.config);
  }
  const connection = await connectDatabase(config.mongodbUri, { serverSelectionTimeoutMs: config.databaseTimeoutMs, databaseName: databaseNameIn(config.mongodbUri) ? undefined : DEFAULT_DATABASE_NAME }).catch(
    (error: Error) => {
      console.error(error.message);
      process.exit(EXIT.database);
    },
  );
  const sessions = new SessionStore(connection);
  const sweep = async () => {
    const removed = await sessions.deleteExpired(new Date());
    logger.info({ removed }, 'removed expired sessions');
  };
  const heartbeat = () => fs.writeFileSync(HEARTBEAT_FILE, new Date().toISOString());
  heartbeat();
  await sweep();
  const timers = [setInterval(() => void sweep().catch((error: unknown) => logger.error({ err: error }, 'session sweep failed')), SWEEP_INTERVAL_MS), setInterval(heartbeat, HEARTBEAT_INTERVAL_MS)];
  // Until Agenda runs scheduled work (server/jobs), the worker sends webhook deliveries from this loop.
  const webhooks = createWebhookDispatching(connection, config.webhooks, logger);
  webhooks.loop.start();
  logger.info('worker ready');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'worker shutting down');
    timers.forEach(clearInterval);
    void webhooks.loop
      .stop()
      .then(() => connection.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
