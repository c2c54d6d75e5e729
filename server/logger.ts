import pino from 'pino';
import { PERSONAL_FIELDS } from './decisions/decision.masking';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Personal data as the fact schemas mark it (x-personal-data), and whole fact sets, up to two
 * levels down: `{ name }`, `{ obligor: { name } }`, `{ request: { body: { facts } } }`.
 */
const PERSONAL_PATHS = ['facts', ...PERSONAL_FIELDS].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * Structured JSON logs on stdout. Credentials and personal fields are redacted by path, so a
 * careless `logger.info({ body })` cannot leak them; obligor identity must never reach a log.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'policy-platform' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password', '*.password', 'passwordHash', '*.passwordHash',
          'authorization', '*.authorization', 'headers.authorization', 'headers.cookie',
          'apiKey', '*.apiKey', 'token', '*.token',
          ...PERSONAL_PATHS,
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
