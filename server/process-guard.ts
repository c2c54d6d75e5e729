import type { Logger } from './logger';

/**
 * A promise rejected with nobody listening (a forgotten catch in some request's background work)
 * is logged and the process goes on. Node's default ends the process, and with it every other
 * client's requests, for an error that concerned one of them. An exception thrown outside any
 * request or promise (in a stream's or timer's callback) may leave shared state half-changed, so
 * that one keeps Node's default: the process ends with code 1 and its supervisor starts it again
 * (docker-compose restarts the server and the worker).
 */
export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; the process keeps running');
  });
}
