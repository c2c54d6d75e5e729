import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';
import { AppError, NotFoundError } from './errors';

/** Every request gets an id (or keeps a sane one from a proxy), echoed back and put in every log line. */
export function requestContext(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const incoming = request.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    response.locals.requestId = requestId;
    response.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // Only method, route and status: URLs can carry obligor ids, which stay out of logs.
      logger.info(
        { requestId, method: request.method, route: request.route?.path ?? 'unmatched', status: response.statusCode, durationMs: Math.round(durationMs * 10) / 10 },
        'request',
      );
    });
    next();
  };
}

export function notFoundHandler(request: Request): never {
  throw new NotFoundError(`No endpoint ${request.method} ${request.path}`, 'no_such_endpoint');
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** The one place errors become responses. Anything not an AppError is a bug: 500, logged, no stack to the client. */
export function errorHandler(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, _next: NextFunction): void => {
    const requestId = response.locals.requestId as string | undefined;
    const appError = toAppError(error);
    if (!appError) {
      logger.error({ requestId, err: error }, 'unhandled error');
    }
    const rendered = appError ?? new AppError(500, 'internal_error', 'Something went wrong on our side; the request id identifies it in the logs');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const body = rendered.toJSON();
    response.status(rendered.status).json({ error: { ...body.error, requestId } });
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
      return undefined;
  }
}
