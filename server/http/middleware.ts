import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';
import { isDatabaseUnavailableError } from '../store/mongo-errors';
import { AppError, NotFoundError, ServiceUnavailableError } from './errors';

/** Sent with every response. */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
];

/** A sane id from a proxy is kept so logs line up across hops; otherwise a new one. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}

const requestLoggers = new WeakMap<Logger, Logger>();

/**
 * Only method, route and status: URLs can carry obligor ids, which stay out of logs. Those
 * fields need no redaction, which is most of what a line costs (about 11 of 22 µs), so request
 * lines go through a child logger without it.
 */
export function logRequest(logger: Logger, requestId: string, method: string | undefined, route: string, status: number, started: bigint): void {
  let requestLogger = requestLoggers.get(logger);
  if (!requestLogger) {
    requestLogger = logger.child({}, { redact: { paths: [] } });
    requestLoggers.set(logger, requestLogger);
  }
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  requestLogger.info({ requestId, method, route, status, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
}

/** Every request gets an id (or keeps a sane one from a proxy), echoed back and put in every log line. */
export function requestContext(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const requestId = requestIdFor(request.headers['x-request-id']);
    response.locals.requestId = requestId;
    response.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    response.on('finish', () => logRequest(logger, requestId, request.method, request.route?.path ?? 'unmatched', response.statusCode, started));
    next();
  };
}

export function securityHeaders() {
  return (_request: Request, response: Response, next: NextFunction): void => {
    for (const [name, value] of SECURITY_HEADERS) response.setHeader(name, value);
    next();
  };
}

export function notFoundHandler(request: Request): never {
  throw new NotFoundError(`No endpoint ${request.method} ${request.path}`, 'no_such_endpoint');
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  code?: string;
}

export interface ErrorResponse {
  status: number;
  /** Sent as Retry-After with a 503. */
  retryAfterSeconds?: number;
  body: { error: { code: string; message: string; details: AppError['details']; requestId: string | undefined } };
}

/** The one place errors become responses. Anything not an AppError is a bug: 500, logged, no stack to the client. */
export function errorResponse(error: unknown, requestId: string | undefined, logger: Logger): ErrorResponse {
  let appError = toAppError(error);
  if (!appError && isDatabaseUnavailableError(error)) {
    // Not a bug: the database is down or unreachable, and the request may work later.
    logger.warn({ requestId, err: error }, 'database unavailable');
    appError = new ServiceUnavailableError('database_unavailable', 'The database is unavailable; retry later');
  }
  if (!appError) {
    logger.error({ requestId, err: error }, 'unhandled error');
  }
  const rendered = appError ?? new AppError(500, 'internal_error', 'Something went wrong on our side; the request id identifies it in the logs');
  const retryAfterSeconds = rendered instanceof ServiceUnavailableError ? rendered.retryAfterSeconds : undefined;
  return {
    status: rendered.status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    body: { error: { ...rendered.toJSON().error, requestId } },
  };
}

export function errorHandler(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, _next: NextFunction): void => {
    const rendered = errorResponse(error, response.locals.requestId as string | undefined, logger);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (rendered.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(rendered.retryAfterSeconds));
    response.status(rendered.status).json(rendered.body);
  };
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'malformed_json', `The body is not valid JSON: ${parserError.message}`);
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', 'The body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_media_type', parserError.message);
    default:
      // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR) reach here untyped when a compressed body does not inflate.
      if (typeof parserError?.code === 'string' && parserError.code.startsWith('Z_')) {
        return new AppError(400, 'malformed_body', `The body does not decompress as its content-encoding says: ${parserError.message}`);
      }
      return undefined;
  }
}
