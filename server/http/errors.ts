export interface ErrorDetail {
  /** JSON pointer into the request (e.g. `/body/roles/0`), or a parameter name. */
  path?: string;
  message: string;
  [extra: string]: unknown;
}

/** One error class: a status, a stable machine-readable code, and optional field-level details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = [], code = 'invalid_input') {
    super(400, code, message, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required', code = 'unauthenticated') {
    super(401, code, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this', code = 'forbidden') {
    super(403, code, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found') {
    super(404, code, message);
  }
}
export class ConflictError extends AppError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super(409, code, message, details);
  }
}
/** The request is well-formed but a business rule refuses it (failing rule tests, out-of-bounds values). */
export class UnprocessableError extends AppError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super(422, code, message, details);
  }
}
/** A dependency (the database, the decision log) cannot take the request now; the client retries after Retry-After. */
export class ServiceUnavailableError extends AppError {
  constructor(code: string, message: string, readonly retryAfterSeconds = 5) {
    super(503, code, message);
  }
}
