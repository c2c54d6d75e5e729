import http from 'node:http';
import { Readable } from 'node:stream';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ IMPORT_MAX_LINE_BYTES: String(1024 * 1024) });
});
afterAll(() => app.close());

const loan = (loanId: string) => ({
  loanId,
  obligorId: `OB-${loanId}`,
  policyId: 'P1',
  orgUnit: 'BR-SH',
  product: 'consumer',
  channel: 'online',
  customerTier: 'prime',
  principal: 1200,
  disbursedAt: '2025-01-15',
  installments: [{ seq: 1, dueDate: '2025-02-15', principal: 1200, interest: 10 }],
});

const OVERSIZED_BYTES = 64 * 1024 * 1024;
// What the oversized value is made of: the answer must not contain even a short run of it.
const FILLER = 'Q'.repeat(64 * 1024);

/**
 * A body streamed lazily: the lines before, then one line of OVERSIZED_BYTES made of FILLER
 * (generated chunk by chunk, never held as one string), then the lines after.
 */
function oversizedBody(before: string[], oversized: { prefix: string; suffix: string }, after: string[]): Readable {
  let sent = 0;
  let stage = 0;
  return new Readable({
    read() {
      if (stage === 0) {
        stage = 1;
        this.push(before.map((line) => `${line}\n`).join('') + oversized.prefix);
      } else if (stage === 1) {
        this.push(FILLER);
        sent += FILLER.length;
        if (sent >= OVERSIZED_BYTES) stage = 2;
      } else if (stage === 2) {
        stage = 3;
        this.push(`${oversized.suffix}\n${after.map((line) => `${line}\n`).join('')}`);
      } else this.push(null);
    },
  });
}

/** Streams the body over HTTP and resolves with the answer as soon as it comes (the server may answer before reading everything). */
function streamImport(path: string, contentType: string, body: Readable): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(app.url + path);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text }));
      response.on('error', reject);
    });
    // A server that answers early may close while the rest is still being sent; the answer is what counts.
    request.on('error', (error) => reject(error));
    body.on('error', reject);
    body.pipe(request);
  });
}

async function expectServerAnswers(): Promise<void> {
  const health = await app.request('GET', '/api/v1/health');
  expect(health.status).toBe(200);
}

test('an NDJSON line over the line limit is refused with 413 naming the line, without echoing it, and the server goes on', async () => {
  const body = oversizedBody([JSON.stringify({ kind: 'loans', ...loan('LIM1') })], { prefix: '{"kind":"loans","loanId":"', suffix: '"}' }, [
    JSON.stringify({ kind: 'loans', ...loan('LIM2') }),
  ]);
  const answer = await streamImport('/api/v1/portfolio/import', 'application/x-ndjson', body);
  expect(answer.status).toBe(413);
  const error = (JSON.parse(answer.text) as { error: { code: string; message: string; details: { path: string; message: string }[] } }).error;
  expect(error.code).toBe('import_line_too_large');
  expect(error.details).toEqual([expect.objectContaining({ path: '/line/2' })]);
  expect(error.message).toMatch(/line 2/);
  expect(answer.text.length).toBeLessThan(2_000);
  expect(answer.text).not.toContain('QQQQQQQQ');
  await expectServerAnswers();
});

test('a CSV line over the line limit is refused with 413 naming the line, and the server goes on', async () => {
  const header = 'repaymentId,loanId,paidAt,amount';
  const body = oversizedBody([header, 'CL1,LIM1,2025-02-15,10'], { prefix: 'CL2,LIM1,2025-02-15,', suffix: '' }, ['CL3,LIM1,2025-02-15,10']);
  const answer = await streamImport('/api/v1/portfolio/import/repayments', 'text/csv', body);
  expect(answer.status).toBe(413);
  const error = (JSON.parse(answer.text) as { error: { code: string; details: { path: string }[] } }).error;
  expect(error.code).toBe('import_line_too_large');
  expect(error.details).toEqual([expect.objectContaining({ path: '/line/3' })]);
  expect(answer.text).not.toContain('QQQQQQQQ');
  await expectServerAnswers();
});

test('a long value within the line limit is rejected for its row without being echoed back', async () => {
  const longId = 'Q'.repeat(200_000);
  const lines = [
    JSON.stringify({ kind: 'loans', ...loan(longId) }),
    JSON.stringify({ kind: 'loans', ...loan('LIM3') }),
    `{"kind":"loans","${longId}":1}`,
    `${longId}`,
  ];
  const response = await app.request<{
    accepted: Record<string, number>;
    rejected: { index: number; id: string | null; errors: { path: string; message: string }[] }[];
  }>('POST', '/api/v1/portfolio/import', { rawBody: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({ loans: 1 });
  expect(response.body.rejected.map((row) => row.index)).toEqual([1, 3, 4]);
  expect(response.body.rejected[0]).toMatchObject({ id: null, errors: expect.arrayContaining([expect.objectContaining({ path: '/loanId' })]) });
  expect(response.text).not.toContain('QQQQQQQQ');
  expect(response.text.length).toBeLessThan(5_000);

  const csv = ['repaymentId,loanId,paidAt,amount', `CL4,LIM3,2025-02-15,${'9'.repeat(100_000)}x`].join('\n');
  const csvAnswer = await app.request<{ rejected: { errors: { path: string }[] }[] }>('POST', '/api/v1/portfolio/import/repayments', {
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(csvAnswer.status).toBe(200);
  expect(csvAnswer.body.rejected[0]!.errors[0]!.path).toBe('/amount');
  expect(csvAnswer.text).not.toContain('99999999');
});

test('a client that breaks off an NDJSON upload midway leaves the server answering', async () => {
  const url = new URL(app.url + '/api/v1/portfolio/import');
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${TEST_ADMIN_KEY}` },
  });
  request.on('error', () => undefined);
  request.write(`${JSON.stringify({ kind: 'loans', ...loan('LIM4') })}\n{"kind":"loans","loanId":"LIM5`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  request.destroy();
  await expectServerAnswers();
});
