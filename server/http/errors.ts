import type { ErrorCode, ErrorCodeFor, ErrorStatus } from './error-codes';

export interface ErrorDetail {
  /** JSON pointer into the request (e.g. `/body/roles/0`), or a parameter name. */
  path?: string;
  message: string;
  [extra: string]: unknown;
}

/**
 * One error class: a status, a stable machine-readable code from the catalogue (error-codes.ts)
 * that goes with that status, and optional field-level details.
 */
export class AppError<Status extends ErrorStatus = ErrorStatus> extends Error {
  readonly code: ErrorCode;

  constructor(
    readonly status: Status,
    code: ErrorCodeFor<Status>,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }

  toJSON(): { error: { code: ErrorCode; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export class ValidationError extends AppError<400> {
  constructor(message: string, details: ErrorDetail[] = [], code: ErrorCodeFor<400> = 'invalid_input') {
    super(400, code, message, details);
  }
}
export class UnauthenticatedError extends AppError<401> {
  constructor(message = 'Authentication required', code: ErrorCodeFor<401> = 'unauthenticated') {
    super(401, code, message);
  }
}
export class ForbiddenError extends AppError<403> {
  constructor(message = 'You are not allowed to do this', code: ErrorCodeFor<403> = 'forbidden') {
    super(403, code, message);
  }
}
export class NotFoundError extends AppError<404> {
  constructor(message: string, code: ErrorCodeFor<404> = 'not_found') {
    super(404, code, message);
  }
}
export class ConflictError extends AppError<409> {
  constructor(code: ErrorCodeFor<409>, message: string, details: ErrorDetail[] = []) {
    super(409, code, message, details);
  }
}
/** The request is well-formed but a business rule refuses it (failing rule tests, out-of-bounds values). */
export class UnprocessableError extends AppError<422> {
  constructor(code: ErrorCodeFor<422>, message: string, details: ErrorDetail[] = []) {
    super(422, code, message, details);
  }
}
/** A dependency (the database, the decision log) cannot take the request now; the client retries after Retry-After. */
export class ServiceUnavailableError extends AppError<503> {
  constructor(
    code: ErrorCodeFor<503>,
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(503, code, message);
  }
}
