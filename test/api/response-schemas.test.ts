import { ERROR_CODES } from '../../server/http/error-codes';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The OpenAPI document promises a body for each success answer; a route whose 2xx answer has no
 * schema cannot be checked (the test app checks every answer against its declared schema), so
 * such a route is itself a failure. No content (204) and non-JSON pages (HTML) need none.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

test('every route declares a success answer, and every JSON success answer has a schema', async () => {
  const document = await app.request<{ paths: Record<string, Record<string, Operation>> }>('GET', '/api/v1/openapi.json', { as: null });
  const lacking: string[] = [];
  for (const [path, operations] of Object.entries(document.body.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (successes.length === 0) lacking.push(`${method.toUpperCase()} ${path}: no 2xx answer declared`);
      for (const [status, response] of successes) {
        if (status === '204') {
          if (response.content) lacking.push(`${method.toUpperCase()} ${path} ${status}: no content, yet a body is declared`);
          continue;
        }
        const content = Object.entries(response.content ?? {});
        if (content.length === 0) lacking.push(`${method.toUpperCase()} ${path} ${status}: no response schema`);
        for (const [type, media] of content) {
          if (/json/.test(type) && !media.schema) lacking.push(`${method.toUpperCase()} ${path} ${status} ${type}: no response schema`);
        }
      }
    }
  }
  expect(lacking).toEqual([]);
  // The walk saw the registry's routes, not an empty document.
  expect(Object.keys(document.body.paths).length).toBeGreaterThan(50);
});

test('the OpenAPI document lists every error code with its status and meaning', async () => {
  const document = await app.request<{ 'x-error-codes': Record<string, { status: number; description: string }>; components: { schemas: { ErrorResponse: unknown } } }>('GET', '/api/v1/openapi.json', { as: null });
  expect(document.body['x-error-codes']).toEqual(JSON.parse(JSON.stringify(ERROR_CODES)));
  expect(JSON.stringify(document.body.components.schemas.ErrorResponse)).toContain('"stale_version"');
});
