import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import type { Principal, Role } from '../identity/principal';
import { hasAnyRole } from '../identity/principal';
import { AppError, ForbiddenError, UnauthenticatedError } from './errors';
import type { SchemaRegistry } from './schema-registry';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** schema name under schemas/ */
  schema?: string;
  contentType?: string;
}

export interface RouteDefinition<Body = unknown, Query = Record<string, unknown>> {
  method: HttpMethod;
  /** Express-style path relative to /api/v1, e.g. `/users/:username`. */
  path: string;
  summary: string;
  tag: string;
  /** `public` needs no credentials; otherwise any of the listed roles (admin always passes). */
  auth: 'public' | { roles: readonly Role[] };
  /** Evaluate-only keys may call this route (evaluation itself, who-am-I, logout); every other authenticated route refuses them. */
  evaluateOnlyAllowed?: true;
  body?: string;
  /** Content types accepted when the route reads the raw stream itself (imports). */
  streamedBody?: string[];
  query?: string;
  responses: Record<number, ResponseSpec>;
  handler: (context: RouteContext<Body, Query>) => Promise<unknown> | unknown;
}

export interface RouteContext<Body, Query> {
  request: Request;
  response: Response;
  principal: Principal;
  body: Body;
  query: Query;
  params: Record<string, string>;
}

export type Authenticator = (request: Request) => Promise<Principal | undefined>;

const ANONYMOUS: Principal = { kind: 'user', name: 'anonymous', orgUnit: '', roles: [], via: 'session' };
const JSON_BODY_LIMIT = '10mb';

/**
 * Routes declare their schemas and roles once; the registry both mounts them on Express and
 * describes them in the OpenAPI document, so the two cannot drift apart.
 */
export class RouteRegistry {
  private readonly definitions: RouteDefinition<never, never>[] = [];

  add<Body = unknown, Query = Record<string, unknown>>(definition: RouteDefinition<Body, Query>): void {
    this.definitions.push(definition as unknown as RouteDefinition<never, never>);
  }

  list(): readonly RouteDefinition<never, never>[] {
    return this.definitions;
  }

  mount(router: Router, schemas: SchemaRegistry, authenticate: Authenticator): void {
    const parseJson = express.json({ limit: JSON_BODY_LIMIT, strict: true, type: () => true });
    for (const definition of this.definitions) {
      const handlers = [
        this.authenticationStep(definition, authenticate),
        ...(definition.body ? [requireJsonContentType, parseJson] : []),
        this.handlerStep(definition, schemas),
      ];
      router[definition.method](definition.path, ...handlers);
    }
  }

  private authenticationStep(definition: RouteDefinition<never, never>, authenticate: Authenticator) {
    return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
      const principal = await authenticate(request);
      if (definition.auth !== 'public') {
        if (!principal) throw new UnauthenticatedError();
        if (!hasAnyRole(principal, definition.auth.roles)) {
          throw new ForbiddenError(`This needs one of the roles: ${definition.auth.roles.join(', ')}`);
        }
        if (principal.restrictions?.evaluateOnly && !definition.evaluateOnlyAllowed) {
          throw new ForbiddenError('This API key may only evaluate rule sets', 'evaluate_only');
        }
      }
      response.locals.principal = principal ?? ANONYMOUS;
      next();
    };
  }

  private handlerStep(definition: RouteDefinition<never, never>, schemas: SchemaRegistry) {
    return async (request: Request, response: Response): Promise<void> => {
      // No body at all counts as `{}`: a schema with required fields still says which are missing.
      const body = definition.body ? schemas.assertValid(definition.body, request.body ?? {}, 'body') : undefined;
      const query = definition.query ? schemas.assertValid(definition.query, { ...request.query }, 'query') : request.query;
      const result = await definition.handler({
        request,
        response,
        principal: response.locals.principal as Principal,
        body: body as never,
        query: query as never,
        params: request.params as Record<string, string>,
      });
      if (response.headersSent) return;
      const successStatus = Number(Object.keys(definition.responses).find((status) => Number(status) < 300) ?? 200);
      if (result === undefined) response.status(successStatus === 200 ? 204 : successStatus).end();
      else response.status(successStatus).json(result);
    };
  }
}

function requireJsonContentType(request: Request, _response: Response, next: NextFunction): void {
  const contentLength = Number(request.headers['content-length'] ?? 0);
  const hasBody = contentLength > 0 || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && !request.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  next();
}
