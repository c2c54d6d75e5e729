import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../../server/config';
import { fastRouteListener } from '../../../server/http/fast-routes';
import { errorHandler, notFoundHandler, requestContext } from '../../../server/http/middleware';
import { ResponseChecker } from '../../../server/http/response-check';
import { RouteRegistry, type Authenticator } from '../../../server/http/routes';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import type { Principal } from '../../../server/identity/principal';
import { createLogger } from '../../../server/logger';

/**
 * The response check on its own, no database: a success answer that does not fit the schema its
 * route declares is a 500 naming the misfit, on Express and on the fast path alike.
 */
const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const auditor: Principal = { kind: 'user', name: 'ann', orgUnit: 'HQ', roles: ['auditor'], via: 'api-key' };
const authenticate: Authenticator = async () => auditor;
const HEALTHY = { status: 'ok', version: '1', uptimeSeconds: 1, database: { status: 'up', engine: 'FerretDB', version: 'v1' } };

/** What each handler answers, by the `:case` path parameter. */
function answer(which: string): unknown {
  if (which === 'good') return HEALTHY;
  if (which === 'wrong-type') return { ...HEALTHY, uptimeSeconds: '12' };
  if (which === 'extra') return { ...HEALTHY, surprise: true };
  if (which === 'date') return { ...HEALTHY, version: new Date(0) };
  return undefined;
}

function registry(): RouteRegistry {
  const routes = new RouteRegistry();
  routes.add({
    method: 'post',
    path: '/fast/:case',
    tag: 't',
    summary: 's',
    auth: { roles: ['auditor'] },
    body: 'decisions/replay-request',
    fast: true,
    responses: { 200: { description: 'ok', schema: 'health/health' } },
    handler: ({ params }) => answer(params.case!),
  });
  routes.add({
    method: 'get',
    path: '/slow/:case',
    tag: 't',
    summary: 's',
    auth: { roles: ['auditor'] },
    responses: { 200: { description: 'ok', schema: 'health/health' } },
    handler: ({ params }) => answer(params.case!),
  });
  routes.add({
    method: 'get',
    path: '/own/:status',
    tag: 't',
    summary: 's',
    auth: { roles: ['auditor'] },
    responses: { 200: { description: 'ok', schema: 'health/health' } },
    // Answers by itself, as the job route does with 202.
    handler: ({ params, response }) => {
      response.status(Number(params.status)).json(HEALTHY);
    },
  });
  routes.add({
    method: 'get',
    path: '/undeclared',
    tag: 't',
    summary: 's',
    auth: { roles: ['auditor'] },
    responses: { 200: { description: 'ok' } },
    handler: () => HEALTHY,
  });
  return routes;
}

let checker: ResponseChecker;
let servers: http.Server[] = [];
let expressUrl: string;
let fastUrl: string;

async function listen(listener: RequestListener): Promise<string> {
  const server = http.createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const logger = createLogger('silent');
  checker = new ResponseChecker(schemas);
  const routes = registry();
  const api = express.Router();
  routes.mount(api, schemas, authenticate, checker);
  api.use(notFoundHandler);
  const app = express();
  app.use(requestContext(logger));
  app.use('/api', api);
  app.use(errorHandler(logger));
  expressUrl = await listen(app);
  fastUrl = await listen(fastRouteListener({ routes: routes.list(), schemas, authenticate, logger, prefix: '/api', responses: checker }, app));
});
afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
  servers = [];
});

async function call(
  url: string,
  method = 'GET',
): Promise<{ status: number; body: { error?: { code: string; details: { path?: string; message: string }[] } } }> {
  const response = await fetch(url, method === 'POST' ? { method, headers: { 'content-type': 'application/json' }, body: '{}' } : { method });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

test.each([
  ['Express', 'GET', '/slow'],
  ['the fast path', 'POST', '/fast'],
])('%s answers 500 naming the misfit when a success body drifts from its declared schema', async (_name, method, prefix) => {
  const base = (method === 'POST' ? fastUrl : expressUrl) + '/api' + prefix;
  expect((await call(`${base}/good`, method)).status).toBe(200);
  // A date goes out as a string, which the schema allows for `version`: the check sees the wire form.
  expect((await call(`${base}/date`, method)).status).toBe(200);

  const wrongType = await call(`${base}/wrong-type`, method);
  expect(wrongType.status).toBe(500);
  expect(wrongType.body.error).toMatchObject({ code: 'response_schema_mismatch', details: [{ path: '/response/uptimeSeconds', message: 'must be number' }] });

  const extra = await call(`${base}/extra`, method);
  expect(extra.body.error).toMatchObject({ code: 'response_schema_mismatch', details: [{ path: '/response/surprise', message: 'unknown field "surprise"' }] });

  // No body where one is declared: the registry would answer 204, which the route does not declare.
  const nothing = await call(`${base}/nothing`, method);
  expect([nothing.status, nothing.body.error?.details[0]?.message]).toEqual([500, expect.stringContaining('status 204 is not a declared response')]);
});

test('a handler that answers by itself is checked too, including its status', async () => {
  expect((await call(`${expressUrl}/api/own/200`)).status).toBe(200);
  const undeclaredStatus = await call(`${expressUrl}/api/own/202`);
  expect([undeclaredStatus.status, undeclaredStatus.body.error?.details[0]?.message]).toEqual([
    500,
    expect.stringContaining('status 202 is not a declared response'),
  ]);
});

test('a JSON success answer without a declared schema is refused', async () => {
  const answerWithoutSchema = await call(`${expressUrl}/api/undeclared`);
  expect([answerWithoutSchema.status, answerWithoutSchema.body.error?.details[0]?.message]).toEqual([500, 'has a JSON body but no declared schema']);
});

test('every mismatch is kept for the test app to report', () => {
  expect(checker.mismatches.map((mismatch) => mismatch.route)).toEqual(
    expect.arrayContaining(['POST /fast/:case', 'GET /slow/:case', 'GET /own/:status', 'GET /undeclared']),
  );
});

test('the response check neither coerces nor fills defaults', () => {
  // The body validator would turn "12" into 12 for a query and add orgUnit "HQ"; a response check must do neither.
  const body = { username: 'ann', password: 'x'.repeat(12), roles: ['auditor'] };
  expect(schemas.checkResponse('identity/user-create-request', body)).toEqual([]);
  expect(body).toEqual({ username: 'ann', password: 'x'.repeat(12), roles: ['auditor'] });
  expect(schemas.checkResponse('health/health', { ...HEALTHY, uptimeSeconds: '12' })).toEqual([expect.objectContaining({ path: '/response/uptimeSeconds' })]);
});

test('VALIDATE_RESPONSES is on in tests, off by default in development, and refused in production', () => {
  expect(loadConfig({ NODE_ENV: 'test' }).validateResponses).toBe(true);
  expect(loadConfig({ NODE_ENV: 'development' }).validateResponses).toBe(false);
  expect(loadConfig({ NODE_ENV: 'development', VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
  const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), MONGODB_URI: 'mongodb://db.example/x' };
  expect(loadConfig(production).validateResponses).toBe(false);
  expect(() => loadConfig({ ...production, VALIDATE_RESPONSES: 'true' })).toThrow(/VALIDATE_RESPONSES is for development and tests/);
});
