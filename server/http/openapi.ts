import { ERROR_CODES } from './error-codes';
import { NDJSON } from './progress-stream';
import type { RouteRegistry } from './routes';
import type { SchemaRegistry } from './schema-registry';

const ERROR_SCHEMA = 'common/error-response';

/**
 * OpenAPI 3.1 from the route registry and schemas/. 3.1 speaks JSON Schema 2020-12, so the
 * schemas are embedded as they are (keeping their $id, which resolves their relative $refs).
 */
export function buildOpenApiDocument(routes: RouteRegistry, schemas: SchemaRegistry, version: string): Record<string, unknown> {
  const componentOf = (name: string) => ({ $ref: `#/components/schemas/${schemas.get(name).componentName}` });
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes.list()) {
    const openApiPath = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const paramSchemas = route.params ? ((schemas.get(route.params).schema as { properties?: Record<string, Record<string, unknown>> }).properties ?? {}) : {};
    const parameters: unknown[] = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: paramSchemas[match[1]!] ?? { type: 'string' },
    }));
    if (route.query) {
      const querySchema = schemas.get(route.query).schema as { properties?: Record<string, { description?: string }>; required?: string[] };
      for (const [name, schema] of Object.entries(querySchema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: querySchema.required?.includes(name) ?? false, schema, description: schema.description });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      // A page (HTML) is text with no JSON schema; it still says what it is.
      const schema = spec.schema ? componentOf(spec.schema) : spec.contentType ? { type: 'string' } : undefined;
      responses[status] = {
        description: spec.description,
        ...(schema ? { content: { [spec.contentType ?? 'application/json']: { schema } } } : {}),
      };
    }
    // A route that reports progress answers the same 200 as NDJSON when asked: progress lines, then the result or the error envelope.
    const streamed = route.progress && route.responses[200]?.schema ? route.progress : undefined;
    if (streamed) {
      const ok = responses['200'] as { content: Record<string, unknown> };
      ok.content[NDJSON] = {
        schema: {
          description: `${streamed.description} One JSON document a line: each is one of these.`,
          oneOf: [
            componentOf(streamed.schema),
            { type: 'object', required: ['result'], additionalProperties: false, properties: { result: componentOf(route.responses[200]!.schema!) } },
            componentOf(ERROR_SCHEMA),
          ],
        },
      };
    }
    const errorStatuses = ['400', ...(route.auth === 'public' ? [] : ['401', '403']), '500'];
    for (const status of errorStatuses) {
      responses[status] ??= { description: 'Error', content: { 'application/json': { schema: componentOf(ERROR_SCHEMA) } } };
    }
    const requestBody = route.body
      ? { required: true, content: { 'application/json': { schema: componentOf(route.body) } } }
      : route.streamedBody
        ? { required: true, content: Object.fromEntries(route.streamedBody.map((type) => [type, { schema: { type: 'string' } }])) }
        : undefined;

    paths[openApiPath] ??= {};
    paths[openApiPath][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${openApiPath.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
      ...(route.auth === 'public' ? { security: [] } : { 'x-roles': route.auth.roles }),
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Credit insurance post-underwriting policy platform',
      version,
      description:
        'Rule sets, evaluation, metrics and monitoring for financing credit and guarantee insurance. Errors use one envelope: { error: { code, message, details } }; x-error-codes lists every code with its status and meaning.',
    },
    'x-error-codes': ERROR_CODES,
    servers: [{ url: '/' }],
    security: [{ bearerApiKey: [] }, { sessionCookie: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerApiKey: { type: 'http', scheme: 'bearer', description: 'An API key or a session token from /api/v1/auth/login' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'pp_session' },
      },
      schemas: Object.fromEntries(schemas.list().map((loaded) => [loaded.componentName, loaded.schema])),
    },
  };
}
