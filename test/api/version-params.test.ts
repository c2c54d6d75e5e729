import { startTestApp, type TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string; details: { path: string }[] } };
type OpenApi = { paths: Record<string, Record<string, { parameters: { name: string; in: string; schema: unknown }[] }>> };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const versionRoutes = () => app.platform.routes.list().filter((route) => route.path.includes(':version'));
const SAMPLE: Record<string, string> = { key: 'warning.obligor', orgUnit: 'HQ', ruleSetKey: 'warning.obligor' };

test('every route addressed by a version declares it, once, as a positive integer in its params schema', async () => {
  expect(versionRoutes().length).toBeGreaterThanOrEqual(14);
  const document = (await app.request<OpenApi>('GET', '/api/v1/openapi.json', { as: null })).body;
  for (const route of versionRoutes()) {
    const operation = document.paths[`/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`]![route.method]!;
    expect({ route: route.path, version: operation.parameters.find((parameter) => parameter.name === 'version')?.schema }).toEqual({
      route: route.path,
      version: { type: 'integer', minimum: 1 },
    });
  }
});

test('a version that is not a positive integer is a 400 at /params/version on every such route, whatever the body', async () => {
  for (const route of versionRoutes()) {
    for (const version of ['abc', '0', '1.5']) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, (_, name: string) => (name === 'version' ? version : SAMPLE[name]!))}`;
      const response = await app.request<ErrorBody>(route.method.toUpperCase(), path, route.method === 'get' ? undefined : { body: {} });
      expect({ path, status: response.status, code: response.body.error.code, at: response.body.error.details.map((detail) => detail.path) }).toEqual({
        path,
        status: 400,
        code: 'invalid_input',
        at: ['/params/version'],
      });
    }
  }
});
