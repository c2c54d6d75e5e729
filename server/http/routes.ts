import type { IncomingMessage } from 'node:http';
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import type { Principal, Role } from '../identity/principal';
import { hasAnyRole } from '../identity/principal';
import { AppError, ForbiddenError, UnauthenticatedError } from './errors';
import { assertNotCrossSite } from './cross-site';
import { assertJsonDepth, JSON_BODY_LIMIT_BYTES } from './json-body';
import type { Logger } from '../logger';
import { errorResponse } from './middleware';
import { clientGone, ProgressStream, wantsProgress, type ProgressReporter } from './progress-stream';
import type { ResponseChecker } from './response-check';
import type { SchemaRegistry } from './schema-registry';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** schema name under schemas/ */
  schema?: string;
  contentType?: string;
}

interface RouteBase {
  method: HttpMethod;
  /** Express-style path relative to /api/v1, e.g. `/users/:username`. */
  path: string;
  summary: string;
  tag: string;
  /** `public` needs no credentials; otherwise any of the listed roles (admin always passes). */
  auth: 'public' | { roles: readonly Role[] };
  /** Evaluate-only keys may call this route (evaluation itself, who-am-I, logout); every other authenticated route refuses them. */
  evaluateOnlyAllowed?: true;
  /**
   * The scope an API key restricted to scopes (restrictions.scopes) needs to call this route; `self` routes (who-am-I,
   * logout) are open to every key. A route without a scope refuses scoped keys (403 scope_not_allowed).
   */
  scope?: 'underwriting:check' | 'self';
  body?: string;
  /** Content types accepted when the route reads the raw stream itself (imports). */
  streamedBody?: string[];
  query?: string;
  /** Schema of the path parameters (coerced like a query): a bad one is a 400 at /params/<name> before the body is read. */
  params?: string;
  responses: Record<number, ResponseSpec>;
  /**
   * The route reports progress: asked for `application/x-ndjson`, it answers progress lines (this
   * schema) and then its 200 result or an error, one JSON document a line (progress-stream.ts).
   */
  progress?: { schema: string; description: string };
}

/** Path parameters as Express hands them over, for routes without a params schema. */
export type RawParams = Record<string, string>;

export interface GeneralRouteDefinition<Body = unknown, Query = Record<string, unknown>, Params = RawParams> extends RouteBase {
  fast?: false;
  handler: (context: RouteContext<Body, Query, Params>) => Promise<unknown> | unknown;
}

/**
 * Also answered by the fast path in front of Express (fast-routes.ts), for the hottest routes.
 * The handler is the same for both paths, so it gets no Express request or response.
 */
export interface FastRouteDefinition<Body = unknown, Query = Record<string, unknown>, Params = RawParams> extends RouteBase {
  fast: true;
  handler: (context: PlainRouteContext<Body, Query, Params>) => Promise<unknown> | unknown;
}

export type RouteDefinition<Body = unknown, Query = Record<string, unknown>, Params = RawParams> =
  GeneralRouteDefinition<Body, Query, Params> | FastRouteDefinition<Body, Query, Params>;

export interface PlainRouteContext<Body, Query, Params = RawParams> {
  principal: Principal;
  body: Body;
  query: Query;
  /** Typed by the route's params schema when it has one (e.g. RuleSetVersionParams). */
  params: Params;
}

export interface RouteContext<Body, Query, Params = RawParams> extends PlainRouteContext<Body, Query, Params> {
  request: Request;
  response: Response;
  /** Where the work reports how far it got: streamed to a client that asked for it (see RouteBase.progress), else ignored. */
  progress: ProgressReporter;
  /** Aborted when the client closes the connection before the answer is complete: long work stops there. */
  signal: AbortSignal;
}

/** Reads only the request's headers, so the fast path can pass Node's plain request. */
export type Authenticator = (request: IncomingMessage) => Promise<Principal | undefined>;

const ANONYMOUS: Principal = { kind: 'user', name: 'anonymous', orgUnit: '', roles: [], via: 'session' };

/**
 * Who may call a route, for both the Express routes and the fast path, so the two cannot check
 * differently: credentials, API key scopes, roles, evaluate-only keys. Rule-set scope is the handlers' business.
 */
export async function authorise(definition: RouteBase, request: IncomingMessage, authenticate: Authenticator): Promise<Principal> {
  const principal = await authenticate(request);
  if (principal?.via === 'session') assertNotCrossSite(request);
  if (definition.auth !== 'public') {
    if (!principal) throw new UnauthenticatedError();
    // A key restricted to scopes hears first that the route is outside them, whatever its roles.
    const scopes = principal.restrictions?.scopes;
    if (scopes && definition.scope !== 'self' && !(definition.scope && scopes.includes(definition.scope))) {
      throw new ForbiddenError(`This API key may only call the routes of its scopes: ${scopes.join(', ')}`, 'scope_not_allowed');
    }
    if (!hasAnyRole(principal, definition.auth.roles)) {
      throw new ForbiddenError(`This needs one of the roles: ${definition.auth.roles.join(', ')}`);
    }
    if (principal.restrictions?.evaluateOnly && !definition.evaluateOnlyAllowed) {
      throw new ForbiddenError('This API key may only evaluate rule sets', 'evaluate_only');
    }
  }
  return principal ?? ANONYMOUS;
}

/** The status of a route's success response: its first 2xx, 200 if none is declared. */
export function successStatusOf(definition: RouteBase): number {
  return Number(Object.keys(definition.responses).find((status) => Number(status) < 300) ?? 200);
}

/**
 * Routes declare their schemas and roles once; the registry both mounts them on Express and
 * describes them in the OpenAPI document, so the two cannot drift apart.
 */
export class RouteRegistry {
  private readonly definitions: RouteDefinition<never, never>[] = [];

  add<Body = unknown, Query = Record<string, unknown>, Params = RawParams>(definition: RouteDefinition<Body, Query, Params>): void {
    // A second registration would be mounted behind the first and never answer: refuse it at start-up.
    if (this.definitions.some((known) => known.method === definition.method && known.path === definition.path))
      throw new Error(`${definition.method.toUpperCase()} ${definition.path} is registered twice`);
    this.definitions.push(definition as unknown as RouteDefinition<never, never>);
  }

  list(): readonly RouteDefinition<never, never>[] {
    return this.definitions;
  }

  /** With a ResponseChecker (tests, VALIDATE_RESPONSES), every success answer is checked against its declared schema. */
  mount(router: Router, schemas: SchemaRegistry, authenticate: Authenticator, responses?: ResponseChecker, logger?: Logger): void {
    // The depth check runs on the raw body before body-parser parses it (the fast path does the same in parseJsonBody).
    const parseJson = express.json({
      limit: JSON_BODY_LIMIT_BYTES,
      strict: true,
      type: () => true,
      verify: (_request, _response, raw) => assertJsonDepth(raw.toString('utf8')),
    });
    for (const definition of this.definitions) {
      const handlers = [
        this.authenticationStep(definition, authenticate),
        ...(definition.body ? [requireJsonContentType, parseJson] : []),
        this.handlerStep(definition, schemas, responses, logger),
      ];
      router[definition.method](definition.path, ...handlers);
    }
  }

  private authenticationStep(definition: RouteDefinition<never, never>, authenticate: Authenticator) {
    return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
      response.locals.principal = await authorise(definition, request, authenticate);
      next();
    };
  }

  private handlerStep(definition: RouteDefinition<never, never>, schemas: SchemaRegistry, responses: ResponseChecker | undefined, logger?: Logger) {
    return async (request: Request, response: Response): Promise<void> => {
      if (responses) checkJsonAnswers(definition, response, responses);
      // The path names the resource: a bad address is answered before the body is looked at.
      const params = definition.params ? schemas.assertValid(definition.params, { ...request.params }, 'params') : request.params;
      // No body at all counts as `{}`: a schema with required fields still says which are missing.
      const body = definition.body ? schemas.assertValid(definition.body, request.body ?? {}, 'body') : undefined;
      const query = definition.query ? schemas.assertValid(definition.query, { ...request.query }, 'query') : request.query;
      const signal = clientGone(response);
      const progressSchema = definition.progress?.schema;
      const stream =
        progressSchema && wantsProgress(request)
          ? new ProgressStream(response, (line) => responses?.assertSchema(definition, progressSchema, line))
          : undefined;
      const context = {
        request,
        response,
        principal: response.locals.principal as Principal,
        body: body as never,
        query: query as never,
        params: params as never,
        progress: stream?.report ?? (() => undefined),
        signal,
      };
      if (stream) return streamAnswer(definition, context, stream, responses, logger);
      const result = await definition.handler(context);
      if (response.headersSent) return;
      const successStatus = successStatusOf(definition);
      if (result === undefined) {
        const status = successStatus === 200 ? 204 : successStatus;
        responses?.assertValid(definition, status, undefined);
        response.status(status).end();
      } else response.status(successStatus).json(result);
    };
  }
}

/**
 * Runs a route that streams its progress. Until its first progress line the answer is ordinary (an
 * error thrown before the work starts keeps its status and envelope); after it, the result or the
 * error envelope is the last line. A client that went away gets nothing more.
 */
async function streamAnswer(
  definition: RouteDefinition<never, never>,
  context: RouteContext<never, never, never>,
  stream: ProgressStream,
  responses: ResponseChecker | undefined,
  logger: Logger | undefined,
): Promise<void> {
  try {
    const result = await definition.handler(context);
    if (context.signal.aborted) return;
    // The result line is the 200 answer: checked against its declared schema like any other.
    responses?.assertValid(definition, 200, result);
    if (!stream.started) context.response.status(successStatusOf(definition)).json(result);
    else stream.finish(result);
  } catch (error) {
    if (context.signal.aborted) return;
    if (!stream.started) throw error;
    if (!logger) return void context.response.destroy();
    stream.fail(errorResponse(error, context.response.locals.requestId as string | undefined, logger).body);
  }
}

/**
 * Checks each JSON answer as it is sent, so handlers that answer themselves (another 2xx status,
 * a cookie) are covered too. A mismatch throws inside the handler step: the error middleware
 * answers 500 with the schema's complaints.
 */
function checkJsonAnswers(definition: RouteBase, response: Response, responses: ResponseChecker): void {
  const send = response.json.bind(response);
  response.json = (body: unknown) => {
    responses.assertValid(definition, response.statusCode, body);
    return send(body);
  };
}

function requireJsonContentType(request: Request, _response: Response, next: NextFunction): void {
  const contentLength = Number(request.headers['content-length'] ?? 0);
  const hasBody = contentLength > 0 || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && !request.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  next();
}
