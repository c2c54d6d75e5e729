import { startTestApp, type TestApp } from '../support/test-app';

type OpenApi = { paths: Record<string, Record<string, { parameters: { name: string; in: string; schema: unknown }[] }>> };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

// Handlers read typed path parameters (no `params.x!`): the route's params schema names each one.
test('every route with a path parameter declares it in a params schema', async () => {
  const undeclared = app.platform.routes
    .list()
    .filter((route) => route.path.includes('/:'))
    .flatMap((route) => {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
      const declared = route.params ? Object.keys((app.platform.schemas.get(route.params).schema as { properties: object }).properties) : [];
      return names.filter((name) => !declared.includes(name)).map((name) => `${route.method} ${route.path} :${name}`);
    });
  expect(undeclared).toEqual([]);
});

test('the OpenAPI document describes each path parameter by its params schema: a non-empty string unless the schema says more', async () => {
  const document = (await app.request<OpenApi>('GET', '/api/v1/openapi.json', { as: null })).body;
  const untyped = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) =>
      operation.parameters
        .filter((parameter) => parameter.in === 'path' && JSON.stringify(parameter.schema) === JSON.stringify({ type: 'string' }))
        .map((parameter) => `${method} ${path} ${parameter.name}`),
    ),
  );
  expect(untyped).toEqual([]);
});
