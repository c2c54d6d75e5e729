import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { errorHandler } from '../../server/http/middleware';
import { createLogger } from '../../server/logger';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('malformed JSON is a 400 malformed_json', async () => {
  const response = await app.request<{ error: { code: string } }>('POST', '/api/v1/users', {
    rawBody: '{"username": "x",',
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('malformed_json');
});

test('a body that is not JSON is a 415', async () => {
  const response = await app.request<{ error: { code: string } }>('POST', '/api/v1/auth/login', {
    rawBody: 'username=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    as: null,
  });
  expect(response.status).toBe(415);
  expect(response.body.error.code).toBe('unsupported_media_type');
});

test('a missing body where one is required is a 400', async () => {
  const response = await app.request<{ error: { code: string } }>('POST', '/api/v1/users');
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_input');
});

test('an unexpected error is a 500 with a request id, logged, and no stack trace for the client', async () => {
  const lines: string[] = [];
  const logger = createLogger('error', { write: (line: string) => lines.push(line) });
  const broken = express();
  broken.use((_request, response, next) => {
    response.locals.requestId = 'req-123';
    next();
  });
  broken.get('/boom', () => {
    throw new Error('secret internal detail at /srv/app/file.ts:12');
  });
  broken.use(errorHandler(logger));
  const server = http.createServer(broken);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: expect.any(String), details: [], requestId: 'req-123' } });
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('file.ts');
    expect(lines.join('\n')).toContain('secret internal detail');
    expect(lines.join('\n')).toContain('req-123');
  } finally {
    server.close();
  }
});
