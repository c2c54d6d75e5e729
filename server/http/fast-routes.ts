import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import type { Logger } from '../logger';
import type { Principal } from '../identity/principal';
import { JSON_BODY_LIMIT_BYTES, parseJsonBody } from './json-body';
import { errorResponse, logRequest, requestIdFor, SECURITY_HEADERS } from './middleware';
import { authorise, successStatusOf, type Authenticator, type FastRouteDefinition, type RouteDefinition } from './routes';
import type { ResponseChecker } from './response-check';
import type { SchemaRegistry } from './schema-registry';

export interface FastRouteOptions {
  routes: readonly RouteDefinition<never, never>[];
  schemas: SchemaRegistry;
  authenticate: Authenticator;
  logger: Logger;
  /** Where the API is mounted, e.g. `/api/v1`. */
  prefix: string;
  /** Checks success answers against their declared schemas, as the Express routes do (tests, VALIDATE_RESPONSES). */
  responses?: ResponseChecker;
}

/** How many requests each path answered; tests use it to prove the fast path really ran. */
export interface FastPathCounters {
  served: number;
  passedOn: number;
}

interface FastRoute {
  definition: FastRouteDefinition<never, never>;
  method: string;
  pattern: RegExp;
  paramNames: string[];
  successStatus: number;
  /** A GET: no body read or validated. */
  bodiless: boolean;
}

const JSON_CONTENT_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;
/** Characters a path segment may hold without percent-decoding; anything else goes to Express. */
const PLAIN_SEGMENT = '([A-Za-z0-9._~-]+)';
const SECURITY_HEADER_LIST = SECURITY_HEADERS.flat();

/**
 * The hottest routes (`fast: true` in the registry) answered without Express. Express's
 * router, response helpers, body-parser and per-request middleware cost several times what
 * evaluating a rule set does; this listener does the same steps in the same order with the
 * same pieces: request id and security headers, authentication and roles, the JSON body with
 * body-parser's rules and messages, the registry's JSON Schema, the route's own handler, the
 * same error envelope and request log line.
 *
 * It takes only requests it can answer exactly as Express would, judged on the request line
 * and headers alone: the exact method and path (no trailing slash, case or percent-encoding
 * variants), a Content-Length within the limit, `application/json` in UTF-8, no content
 * encoding; for a GET (a read such as the underwriting check, asked thousands of times a second
 * by underwriting systems), no body at all. Everything else passes to Express, where the same
 * route is mounted as usual.
 */
export function fastRouteListener(options: FastRouteOptions, fallback: RequestListener, counters?: FastPathCounters): RequestListener {
  const routes = fastRoutes(options.routes, options.prefix);
  if (routes.length === 0) return fallback;
  const prefix = options.prefix;
  return (request, response) => {
    const url = request.url ?? '';
    if (url.startsWith(prefix)) {
      for (const route of routes) {
        if (request.method !== route.method) continue;
        const match = route.pattern.exec(url);
        if (!match || !(route.bodiless ? hasNoBody(request) : acceptsBody(request))) continue;
        if (counters) counters.served++;
        serve(route, match, request, response, options).catch((error: unknown) => {
          options.logger.error({ err: error }, 'the fast path failed to answer');
          response.destroy();
        });
        return;
      }
    }
    if (counters) counters.passedOn++;
    fallback(request, response);
  };
}

function fastRoutes(definitions: readonly RouteDefinition<never, never>[], prefix: string): FastRoute[] {
  const routes: FastRoute[] = [];
  definitions.forEach((definition, index) => {
    if (!definition.fast) return;
    // A GET takes no body (the underwriting check); every other method a JSON body. No query schema or stream either way.
    const bodiless = definition.method === 'get';
    if (bodiless ? definition.body !== undefined : !definition.body) {
      throw new Error(`Fast route ${definition.method} ${definition.path} must take ${bodiless ? 'no body' : 'a JSON body'}`);
    }
    if (definition.query || definition.streamedBody) throw new Error(`Fast route ${definition.method} ${definition.path} must take no query schema or stream`);
    // Express takes the first route that matches; a fast route must not jump ahead of one that could match the same address.
    const earlier = definitions.slice(0, index).find((other) => other.method === definition.method && !other.fast && samePaths(other.path, definition.path));
    if (earlier) throw new Error(`Fast route ${definition.method} ${definition.path} must be registered before ${earlier.method} ${earlier.path}`);
    const paramNames: string[] = [];
    const source = definition.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(segment.slice(1));
        return PLAIN_SEGMENT;
      })
      .join('/');
    routes.push({
      definition: definition as FastRouteDefinition<never, never>,
      method: definition.method.toUpperCase(),
      pattern: new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${source}(?:\\?(.*))?$`),
      paramNames,
      successStatus: successStatusOf(definition),
      bodiless,
    });
  });
  return routes;
}

/** Whether two registry paths can match one address: as many segments, each pair equal or one of them a parameter (the registry has no wildcards). */
function samePaths(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  return left.length === right.length && left.every((segment, index) => segment === right[index] || segment.startsWith(':') || right[index]!.startsWith(':'));
}

/** A GET the fast path answers has no body at all; one with a body (which Express would ignore) is left to Express. */
function hasNoBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (length === undefined || length === '0') && request.headers['transfer-encoding'] === undefined;
}

/** A body the fast path reads exactly as body-parser would; anything unusual is left to it. */
function acceptsBody(request: IncomingMessage): boolean {
  const headers = request.headers;
  const length = headers['content-length'];
  if (length === undefined || headers['transfer-encoding'] !== undefined || !/^\d{1,9}$/.test(length) || Number(length) > JSON_BODY_LIMIT_BYTES) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = headers['content-type'];
  return type !== undefined && JSON_CONTENT_TYPE.test(type);
}

async function serve(route: FastRoute, match: RegExpExecArray, request: IncomingMessage, response: ServerResponse, options: FastRouteOptions): Promise<void> {
  const requestId = requestIdFor(request.headers['x-request-id']);
  const logged = options.logger.isLevelEnabled('info');
  const started = logged ? process.hrtime.bigint() : 0n;
  if (logged) response.once('finish', () => logRequest(options.logger, requestId, request.method, route.definition.path, response.statusCode, started));
  let principal: Principal;
  try {
    principal = await authorise(route.definition, request, options.authenticate);
  } catch (error) {
    // As in Express, a refused request's body is left unread; Node discards it after the response.
    respondWithError(error, requestId, response, options.logger);
    return;
  }
  let raw: Buffer | undefined;
  try {
    raw = route.bodiless ? undefined : await readBody(request);
  } catch {
    // The client went away mid-body: there is no one to answer.
    response.destroy();
    return;
  }
  try {
    const path: Record<string, string> = {};
    route.paramNames.forEach((name, index) => (path[name] = match[index + 1]!));
    // As on the Express path: the address is checked before the body.
    const params = route.definition.params ? options.schemas.assertValid(route.definition.params, path, 'params') : path;
    const body = raw === undefined ? undefined : options.schemas.assertValid(route.definition.body!, parseJsonBody(raw), 'body');
    const search = match[route.paramNames.length + 1];
    const result = await route.definition.handler({
      principal,
      params: params as never,
      body: body as never,
      query: (search ? { ...querystring.parse(search) } : {}) as never,
    });
    if (result === undefined) {
      const status = route.successStatus === 200 ? 204 : route.successStatus;
      options.responses?.assertValid(route.definition, status, undefined);
      response.writeHead(status, ['x-request-id', requestId, ...SECURITY_HEADER_LIST]);
      response.end();
    } else {
      options.responses?.assertValid(route.definition, route.successStatus, result);
      writeJson(response, route.successStatus, requestId, JSON.stringify(result));
    }
  } catch (error) {
    respondWithError(error, requestId, response, options.logger);
  }
}

/** Node has already checked the length against Content-Length, which is within the limit. */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once('error', reject);
    request.once('aborted', () => reject(new Error('request aborted')));
  });
}

function respondWithError(error: unknown, requestId: string, response: ServerResponse, logger: Logger): void {
  const rendered = errorResponse(error, requestId, logger);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  writeJson(
    response,
    rendered.status,
    requestId,
    JSON.stringify(rendered.body),
    rendered.retryAfterSeconds === undefined ? [] : ['retry-after', String(rendered.retryAfterSeconds)],
  );
}

/** The headers Express sends with `res.json` in this app (no ETag, no X-Powered-By), in one write. */
function writeJson(response: ServerResponse, status: number, requestId: string, json: string, extraHeaders: readonly string[] = []): void {
  response.writeHead(status, [
    'x-request-id',
    requestId,
    ...SECURITY_HEADER_LIST,
    ...extraHeaders,
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(json)),
  ]);
  response.end(json);
}
