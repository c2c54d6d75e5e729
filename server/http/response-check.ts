import { AppError, type ErrorDetail } from './errors';
import type { ResponseSpec } from './routes';
import type { SchemaRegistry } from './schema-registry';

/** What a route declares about its answers (a RouteDefinition is one). */
interface DeclaredRoute {
  method: string;
  path: string;
  responses: Record<number, ResponseSpec>;
}

export interface ResponseMismatch {
  route: string;
  status: number;
  details: ErrorDetail[];
}

/** A success response that is not what the route (and so the OpenAPI document) says it is: a bug on our side. */
export class ResponseMismatchError extends AppError {
  constructor(route: string, status: number, details: ErrorDetail[]) {
    super(500, 'response_schema_mismatch', `The ${status} response of ${route} does not match what the API declares`, details);
  }
}

/** How many mismatches are kept for the test app to report; the rest only fail their requests. */
const KEPT = 100;

/**
 * Checks every success response against the schema its route declares, so the OpenAPI document
 * cannot drift from what the server sends. On in tests (and with VALIDATE_RESPONSES in
 * development), never in production: it serialises and validates every body once more.
 */
export class ResponseChecker {
  /** Every mismatch seen, so the test app can fail a test whose requests did not look at the status. */
  readonly mismatches: ResponseMismatch[] = [];

  constructor(private readonly schemas: SchemaRegistry) {}

  /**
   * Throws ResponseMismatchError when a 2xx answer is undeclared, lacks its declared body, or does
   * not fit the declared schema. `body` is what the handler returned (undefined: no body).
   */
  assertValid(route: DeclaredRoute, status: number, body: unknown): void {
    if (status < 200 || status >= 300) return;
    const details = this.problems(route, status, body);
    if (details.length === 0) return;
    const name = `${route.method.toUpperCase()} ${route.path}`;
    if (this.mismatches.length < KEPT) this.mismatches.push({ route: name, status, details });
    throw new ResponseMismatchError(name, status, details);
  }

  /** Throws ResponseMismatchError when a part of a streamed answer (a progress line) does not fit its schema. */
  assertSchema(route: DeclaredRoute, schema: string, body: unknown): void {
    const details = this.schemas.checkResponse(schema, JSON.parse(JSON.stringify(body) ?? 'null'));
    if (details.length === 0) return;
    const name = `${route.method.toUpperCase()} ${route.path}`;
    if (this.mismatches.length < KEPT) this.mismatches.push({ route: name, status: 200, details });
    throw new ResponseMismatchError(name, 200, details);
  }

  private problems(route: DeclaredRoute, status: number, body: unknown): ErrorDetail[] {
    const spec = route.responses[status];
    if (!spec) return [{ path: '/response', message: `status ${status} is not a declared response (declared: ${Object.keys(route.responses).join(', ')})` }];
    if (spec.contentType && !/json/.test(spec.contentType)) return [];
    if (body === undefined) return spec.schema ? [{ path: '/response', message: `has no body, but ${spec.schema} is declared` }] : [];
    if (!spec.schema) return [{ path: '/response', message: 'has a JSON body but no declared schema' }];
    // What the client receives: dates as strings, undefined properties gone.
    const sent: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
    return this.schemas.checkResponse(spec.schema, sent);
  }
}
