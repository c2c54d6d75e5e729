import pino from 'pino';
import { PERSONAL_REDACT_PATHS } from './privacy/masking';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
          'password',
          '*.password',
          'passwordHash',
          '*.passwordHash',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'headers.cookie',
          'apiKey',
          '*.apiKey',
          'token',
          '*.token',
          // Personal data as the schemas mark it (x-personal-data), from server/privacy.
          ...PERSONAL_REDACT_PATHS,
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
