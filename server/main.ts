import { defaultProjectRoot, loadConfigOrExit } from './config';
import { EXIT } from './exit-codes';
import { StartupRefusedError } from './identity/bootstrap';
import { createLogger } from './logger';
import { guardProcess } from './process-guard';
import { PortInUseError, startPlatform } from './platform';
import { DatabaseUnreachableError } from './store/connection';
import { LocalDatabaseError } from './store/local-database';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  let running;
  try {
    running = await startPlatform(config, logger, defaultProjectRoot());
  } catch (error) {
    const code =
      error instanceof PortInUseError
        ? EXIT.portInUse
        : error instanceof DatabaseUnreachableError || error instanceof LocalDatabaseError
          ? EXIT.database
          : error instanceof StartupRefusedError
            ? EXIT.refused
            : EXIT.unexpected;
    logger.fatal({ err: code === EXIT.unexpected ? error : undefined }, (error as Error).message);
    console.error(`Start failed: ${(error as Error).message}`);
    process.exit(code);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took over 15 s; exiting anyway');
      process.exit(EXIT.unexpected);
    }, 15_000);
    force.unref();
    running
      .stop()
      .then(() => {
        logger.info('stopped');
        process.exit(EXIT.ok);
      })
      .catch(() => process.exit(EXIT.unexpected));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Announced only once a stop signal is handled: whoever waits for this line may stop us at once.
  console.log(`Policy platform listening on ${running.url} (API under ${running.url}/api/v1)`);
}

void main();
