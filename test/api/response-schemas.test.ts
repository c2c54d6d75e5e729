import { ERROR_CODES } from '../../server/http/error-codes';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';

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
  const document = await app.request<{
    'x-error-codes': Record<string, { status: number; description: string }>;
    components: { schemas: { ErrorResponse: unknown } };
  }>('GET', '/api/v1/openapi.json', { as: null });
  expect(document.body['x-error-codes']).toEqual(JSON.parse(JSON.stringify(ERROR_CODES)));
  expect(JSON.stringify(document.body.components.schemas.ErrorResponse)).toContain('"stale_version"');
});

test('an answer that drifts from its schema fails the test that asked, and the app at close for answers no test looked at', async () => {
  const drifting = await startTestApp();
  try {
    // Declare a schema GET /auth/me does not answer with, as a route whose schema fell behind its handler would.
    const me = drifting.platform.routes.list().find((route) => route.method === 'get' && route.path === '/auth/me')!;
    me.responses[200] = { description: 'The caller', schema: 'health/health' };
    await expect(drifting.request('GET', '/api/v1/auth/me')).rejects.toThrow(
      /GET \/api\/v1\/auth\/me answered with a body its declared response schema refuses:[\s\S]*response_schema_mismatch[\s\S]*\/response\/status/,
    );
    // A call that bypasses `request` (a browser's, a raw fetch) is a 500 too, and reported when the app closes.
    const raw = await fetch(`${drifting.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(raw.status).toBe(500);
  } finally {
    await expect(drifting.close()).rejects.toThrow(/Answers that do not match their declared response schemas:\n200 GET \/auth\/me/);
  }
});
