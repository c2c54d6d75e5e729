import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { fastRouteListener, type FastPathCounters } from '../../../server/http/fast-routes';
import { errorHandler, notFoundHandler, requestContext, securityHeaders } from '../../../server/http/middleware';
import { RouteRegistry, type Authenticator } from '../../../server/http/routes';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import type { Principal } from '../../../server/identity/principal';
import { createLogger } from '../../../server/logger';

/**
 * The fast path's HTTP layer on its own, no database: the same registry mounted on Express and
 * served by the fast listener must answer alike, including for handler bugs and empty results.
 */
const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const auditor: Principal = { kind: 'user', name: 'ann', orgUnit: 'HQ', roles: ['auditor'], via: 'api-key' };
const authenticate: Authenticator = async (request) => (request.headers.authorization === 'Bearer good' ? auditor : undefined);

function registry(): RouteRegistry {
  const routes = new RouteRegistry();
  routes.add({
    method: 'post',
    path: '/things/:id/check',
    tag: 't',
    summary: 's',
    auth: { roles: ['auditor'] },
    body: 'decisions/replay-request',
    fast: true,
    responses: { 200: { description: 'ok' } },
    handler: ({ params, body, principal, query }) => {
      if (params.id === 'bug') throw new Error('a secret detail');
      if (params.id === 'nothing') return undefined;
      return { id: params.id, body, who: principal.name, query };
    },
  });
  routes.add({
    method: 'post',
    path: '/things/:id/approve',
    tag: 't',
    summary: 's',
    auth: { roles: ['approver'] },
    body: 'decisions/replay-request',
    fast: true,
    responses: { 200: { description: 'ok' } },
    handler: () => ({ approved: true }),
  });
  routes.add({
    method: 'post',
    path: '/things/:id/open',
    tag: 't',
    summary: 's',
    auth: 'public',
    body: 'decisions/replay-request',
    fast: true,
    responses: { 201: { description: 'created' } },
    handler: ({ principal }) => ({ who: principal.name }),
  });
  // A read without a body (as the underwriting check): the fast path answers GETs too, only those that carry no body.
  routes.add({
    method: 'get',
    path: '/things/:obligorId',
    tag: 't',
    summary: 's',
    auth: { roles: ['auditor'] },
    params: 'underwriting/underwriting-check-params',
    fast: true,
    responses: { 200: { description: 'ok' } },
    handler: ({ params, body, principal, query }) => {
      if (params.obligorId === 'bug') throw new Error('a secret detail');
      return { id: params.obligorId, hasBody: body !== undefined, who: principal.name, query };
    },
  });
  return routes;
}

async function listen(listener: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const lines: string[] = [];
const logger = createLogger('error', { write: (line: string) => lines.push(line) });
const counters: FastPathCounters = { served: 0, passedOn: 0 };
let servers: { url: string; close: () => Promise<void> }[];

beforeAll(async () => {
  const routes = registry();
  const api = express.Router();
  routes.mount(api, schemas, authenticate);
  api.use(notFoundHandler);
  const app = express();
  app.set('etag', false);
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.use(securityHeaders());
  app.use('/api', api);
  app.use(errorHandler(logger));
  servers = [await listen(app), await listen(fastRouteListener({ routes: routes.list(), schemas, authenticate, logger, prefix: '/api' }, app, counters))];
});
afterAll(() => Promise.all(servers.map((server) => server.close())));

async function both(urlPath: string, body: string, token = 'good'): Promise<{ status: number; text: string; headers: string }> {
  const served = counters.served;
  const answers = await Promise.all(
    servers.map(async (server) => {
      const response = await fetch(server.url + urlPath, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'fixed' },
        body,
      });
      const headers: string[] = [];
      response.headers.forEach((value, name) => {
        if (name !== 'date') headers.push(`${name}: ${value}`);
      });
      return { status: response.status, text: await response.text(), headers: headers.sort().join('\n') };
    }),
  );
  expect(answers[1]).toEqual(answers[0]);
  expect(counters.served).toBe(served + 1);
  return answers[0]!;
}

test('a result, with path parameters, the validated body with defaults, the principal and the query', async () => {
  const answer = await both('/api/things/t-1/check?a=1&a=2&b=x', '{"version": 2}');
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.text)).toEqual({ id: 't-1', body: { version: 2 }, who: 'ann', query: { a: ['1', '2'], b: 'x' } });
});

test('a handler bug is a 500 without its detail, logged once per path with the request id', async () => {
  lines.length = 0;
  const answer = await both('/api/things/bug/check', '{}');
  expect(answer.status).toBe(500);
  expect(JSON.parse(answer.text)).toEqual({ error: { code: 'internal_error', message: expect.any(String), details: [], requestId: 'fixed' } });
  expect(answer.text).not.toContain('secret');
  expect(lines.filter((line) => line.includes('a secret detail') && line.includes('"requestId":"fixed"'))).toHaveLength(2);
});

test('no result is a 204; a route whose success is 201 answers 201; a public route takes anyone', async () => {
  expect((await both('/api/things/nothing/check', '{}')).status).toBe(204);
  const open = await both('/api/things/x/open', '{}', 'unknown');
  expect([open.status, JSON.parse(open.text)]).toEqual([201, { who: 'anonymous' }]);
});

test('missing roles or credentials and bad bodies are refused alike', async () => {
  expect((await both('/api/things/x/check', '{}', 'unknown')).status).toBe(401);
  const wrongRole = await both('/api/things/x/approve', '{}');
  expect([wrongRole.status, JSON.parse(wrongRole.text).error.code]).toEqual([403, 'forbidden']);
  expect((await both('/api/things/x/check', '{"version": "two"}')).status).toBe(400);
  expect((await both('/api/things/x/check', '{"version": 2')).status).toBe(400);
});

async function bothGet(urlPath: string, token = 'good', served = 1): Promise<{ status: number; text: string }> {
  const before = counters.served;
  const answers = await Promise.all(
    servers.map(async (server) => {
      const response = await fetch(server.url + urlPath, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'fixed' } });
      const headers: string[] = [];
      response.headers.forEach((value, name) => {
        if (name !== 'date') headers.push(`${name}: ${value}`);
      });
      return { status: response.status, text: await response.text(), headers: headers.sort().join('\n') };
    }),
  );
  expect(answers[1]).toEqual(answers[0]);
  expect(counters.served).toBe(before + served);
  return answers[0]!;
}

test('a GET without a body is answered by the fast path as Express answers it: result, query, refusals, bugs', async () => {
  const answer = await bothGet('/api/things/t-1?a=1&b=x');
  expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { id: 't-1', hasBody: false, who: 'ann', query: { a: '1', b: 'x' } }]);
  expect((await bothGet('/api/things/t-1', 'unknown')).status).toBe(401);
  expect((await bothGet('/api/things/bug')).status).toBe(500);
  // A bad parameter is a 400 at /params on both paths.
  const bad = await bothGet(`/api/things/${'x'.repeat(300)}`);
  expect(bad.status).toBe(400);
  // A GET that carries a body is left to Express (which ignores the body).
  const before = counters.passedOn;
  const response = await fetch(`${servers[1]!.url}/api/things/t-2`, {
    method: 'GET',
    headers: { authorization: 'Bearer good', 'content-type': 'application/json', 'content-length': '2' },
    body: '{}',
  } as RequestInit).catch(() => undefined);
  if (response) expect(response.status).toBe(200);
  expect(counters.passedOn).toBe(before + (response ? 1 : 0));
});

test('a fast route must be registered before the general routes of its method that match the same address; a GET takes no body, others a JSON body', () => {
  const late = new RouteRegistry();
  late.add({ method: 'post', path: '/a/:id/:step', tag: 't', summary: 's', auth: 'public', responses: {}, handler: () => undefined });
  late.add({
    method: 'post',
    path: '/a/:id/b',
    tag: 't',
    summary: 's',
    auth: 'public',
    body: 'decisions/replay-request',
    fast: true,
    responses: {},
    handler: () => undefined,
  });
  expect(() => fastRouteListener({ routes: late.list(), schemas, authenticate, logger, prefix: '/api' }, () => undefined)).toThrow(
    /must be registered before post \/a\/:id\/:step/,
  );
  // The rule was "a JSON body" for every fast route; a GET now takes none (the underwriting check), every other method still needs one.
  const bodiless = new RouteRegistry();
  bodiless.add({ method: 'post', path: '/a', tag: 't', summary: 's', auth: 'public', fast: true, responses: {}, handler: () => undefined });
  expect(() => fastRouteListener({ routes: bodiless.list(), schemas, authenticate, logger, prefix: '/api' }, () => undefined)).toThrow(/must take a JSON body/);
  const getWithBody = new RouteRegistry();
  getWithBody.add({
    method: 'get',
    path: '/a',
    tag: 't',
    summary: 's',
    auth: 'public',
    body: 'decisions/replay-request',
    fast: true,
    responses: {},
    handler: () => 1,
  });
  expect(() => fastRouteListener({ routes: getWithBody.list(), schemas, authenticate, logger, prefix: '/api' }, () => undefined)).toThrow(/must take no body/);
  // A general GET registered earlier on another address does not stand in the way; one that could match the same address does.
  const reads = new RouteRegistry();
  reads.add({ method: 'get', path: '/b/:id', tag: 't', summary: 's', auth: 'public', responses: {}, handler: () => 1 });
  reads.add({ method: 'get', path: '/a/:id', tag: 't', summary: 's', auth: 'public', fast: true, responses: {}, handler: () => 1 });
  expect(() => fastRouteListener({ routes: reads.list(), schemas, authenticate, logger, prefix: '/api' }, () => undefined)).not.toThrow();
  reads.add({ method: 'get', path: '/:kind/x', tag: 't', summary: 's', auth: 'public', responses: {}, handler: () => 1 });
  reads.add({ method: 'get', path: '/c/:id', tag: 't', summary: 's', auth: 'public', fast: true, responses: {}, handler: () => 1 });
  expect(() => fastRouteListener({ routes: reads.list(), schemas, authenticate, logger, prefix: '/api' }, () => undefined)).toThrow(
    /must be registered before get \/:kind\/x/,
  );
});
