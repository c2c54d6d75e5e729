import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('health reports the database engine and version without credentials', async () => {
  const response = await app.request<{ status: string; database: { status: string; engine: string; version: string; database: string } }>(
    'GET',
    '/api/v1/health',
    { as: null },
  );
  expect(response.status).toBe(200);
  expect(response.body.status).toBe('ok');
  expect(response.body.database.status).toBe('up');
  expect(response.body.database.database).toBe(app.databaseName);
  // The local run is FerretDB 1.24.2; a MONGODB_URI may point at a real MongoDB instead.
  if (response.body.database.engine === 'FerretDB') expect(response.body.database.version).toBe('v1.24.2');
  else expect(response.body.database).toMatchObject({ engine: 'MongoDB', version: expect.stringMatching(/^\d+\.\d+/) });
  expect(response.headers.get('x-request-id')).toBeTruthy();
});

test('an unknown endpoint is a 404 in the error envelope', async () => {
  const response = await app.request<{ error: { code: string; message: string; details: unknown[] } }>('GET', '/api/v1/no-such-thing');
  expect(response.status).toBe(404);
  expect(response.body.error).toMatchObject({ code: 'no_such_endpoint', details: [] });
});

test('the OpenAPI 3.1 document lists every registered route with its schemas', async () => {
  const response = await app.request<{
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    components: { schemas: Record<string, unknown> };
  }>('GET', '/api/v1/openapi.json', { as: null });
  expect(response.status).toBe(200);
  expect(response.body.openapi).toBe('3.1.0');
  for (const route of app.platform.routes.list()) {
    const openApiPath = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const operation = response.body.paths[openApiPath]?.[route.method];
    expect(operation).toBeDefined();
    if (route.body) expect(operation!.requestBody).toBeDefined();
  }
  expect(response.body.paths['/api/v1/users']!.post!.responses['201']).toBeDefined();
  expect(response.body.components.schemas.UserCreateRequest).toBeDefined();
  expect(response.body.components.schemas.ErrorResponse).toBeDefined();
});

test('the root URL serves the studio page', async () => {
  const response = await fetch(app.url + '/');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/html/);
  expect(await response.text()).toMatch(/policy/i);
});
