import http from 'node:http';
import { createLogger } from '../../../server/logger';
import { emptyPage, pageRecord } from '../../../server/portfolio/book-page.codec';
import { BookPages } from '../../../server/portfolio/book-pages';
import { normalizeRow } from '../../../server/portfolio/import-rows';
import { PortfolioStore } from '../../../server/portfolio/portfolio.store';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../../support/test-app';

/**
 * An import is all or nothing as readers see it: obligor facts (read from the records) and
 * portfolio facts (read from the book pages) show none of a running or failed import, and all of
 * a finished one, and always agree.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

// The current month is always computed afresh (an ended month would be a stored snapshot).
const now = new Date();
const MONTH = now.toISOString().slice(0, 7);
const DISBURSED = `${MONTH}-01`;
const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString().slice(0, 10);

const loan = (loanId: string, obligorId: string, principal = 1000) => ({
  kind: 'loans',
  loanId,
  obligorId,
  policyId: 'P1',
  orgUnit: 'BR-SH',
  product: 'consumer',
  channel: 'atomic',
  customerTier: 'prime',
  principal,
  disbursedAt: DISBURSED,
  installments: [{ seq: 1, dueDate: due, principal, interest: 10 }],
});

interface Figures {
  obligorLoanAmount: number | null;
  obligorLoans: number;
  loanCount: number;
  loanAmount: number;
}

/** What the two kinds of reader say about the book: obligor OB-ATOM-1's facts and the current month's portfolio total. */
async function figures(): Promise<Figures> {
  const obligor = await app.request<{ facts: { loanAmount: number }; loans: unknown[] }>('GET', `/api/v1/metrics/obligors/OB-ATOM-1?asOf=${DISBURSED}`);
  const portfolio = await app.request<{ segments: { segment: { channel: string }; metrics: { loanCount: number; loanAmount: number } }[] }>(
    'GET',
    `/api/v1/metrics/portfolio?month=${MONTH}&groupBy=channel`,
  );
  const segment = portfolio.body.segments.find((item) => item.segment.channel === 'atomic')?.metrics;
  return {
    obligorLoanAmount: obligor.status === 200 ? obligor.body.facts.loanAmount : null,
    obligorLoans: obligor.status === 200 ? obligor.body.loans.length : 0,
    loanCount: segment?.loanCount ?? 0,
    loanAmount: segment?.loanAmount ?? 0,
  };
}

/** An NDJSON upload sent in parts, so the test decides when the server has read how much. */
function openUpload(): { request: http.ClientRequest; answer: Promise<{ status: number; text: string }> } {
  const url = new URL(`${app.url}/api/v1/portfolio/import`);
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${TEST_ADMIN_KEY}` },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text }));
    });
    request.on('error', reject);
  });
  return { request, answer };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Rows staged (of any import in progress), from the chunks' row counts. */
const staged = async () =>
  (
    await app.connection
      .db!.collection('portfolio_import_staged')
      .find({}, { projection: { rows: 1 } })
      .toArray()
  ).reduce((sum, chunk) => sum + (chunk.rows as number), 0);
/** Rows of the test that reached the database, staged or not (the first batch of an upload is written by the time this passes 1,000). */
const written = async () => (await staged()) + (await app.connection.db!.collection('portfolio_loans').countDocuments({ channel: 'atomic' }));
const journal = () => app.connection.db!.collection('portfolio_book_imports').countDocuments();

// 1,500 new loans (the server stages them in batches of 1,000) and a changed OB-ATOM-1 loan.
const upload = [loan('ATOM-1', 'OB-ATOM-1', 3000), ...Array.from({ length: 1500 }, (_unused, index) => loan(`ATOM-N${index}`, `OB-ATOM-N${index}`))].map(
  (row) => JSON.stringify(row),
);

test('a running import is invisible to both readers until it ends, then visible to both at once', async () => {
  const base = await app.request('POST', '/api/v1/portfolio/import', {
    rawBody: JSON.stringify(loan('ATOM-1', 'OB-ATOM-1', 1000)),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(base.status).toBe(200);
  const before = await figures();
  expect(before).toEqual({ obligorLoanAmount: 1000, obligorLoans: 1, loanCount: 1, loanAmount: 1000 });

  const { request, answer } = openUpload();
  request.write(upload.slice(0, 1200).join('\n') + '\n');
  // The first thousand rows are written by now; the import is still waiting for the rest.
  await until(async () => (await written()) >= 1001, 'the first batch is written');
  expect(await figures()).toEqual(before);
  expect(await app.connection.db!.collection('portfolio_loans').countDocuments({ channel: 'atomic' })).toBe(1);

  request.end(upload.slice(1200).join('\n'));
  const done = await answer;
  expect(done.status).toBe(200);
  expect(JSON.parse(done.text)).toMatchObject({ accepted: { loans: 1501 }, rejectedCount: 0 });
  const after = await figures();
  console.log('figures before, during and after an import:', JSON.stringify({ before, after }));
  expect(after).toEqual({ obligorLoanAmount: 3000, obligorLoans: 1, loanCount: 1501, loanAmount: 3000 + 1500 * 1000 });
  expect(await staged()).toBe(0);
  expect(await journal()).toBe(0);
});

test('an upload broken off midway leaves nothing behind; sending it again stores every row once', async () => {
  const before = await figures();
  // OB-ATOM-1's loan changed again and 1,500 more loans, so every row that lands shows.
  const rows = [loan('ATOM-1', 'OB-ATOM-1', 6000), ...Array.from({ length: 1500 }, (_unused, index) => loan(`ATOM-B${index}`, `OB-ATOM-B${index}`, 2000))].map(
    (row) => JSON.stringify(row),
  );
  const { request, answer } = openUpload();
  answer.catch(() => undefined);
  request.write(rows.slice(0, 1200).join('\n') + '\n');
  await until(async () => (await written()) >= 1501 + 1000, 'the first batch is written');
  request.destroy();
  // The server gives the import up: its staged rows go, and nothing of it was ever visible.
  await until(async () => (await staged()) === 0 && (await journal()) === 0, 'the broken import is discarded');
  expect(await figures()).toEqual(before);

  const rerun = await app.request<{ accepted: Record<string, number> }>('POST', '/api/v1/portfolio/import', {
    rawBody: rows.join('\n'),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(rerun.body.accepted).toEqual({ loans: 1501 });
  expect(await figures()).toEqual({ obligorLoanAmount: 6000, obligorLoans: 1, loanCount: 3001, loanAmount: 6000 + 1500 * 1000 + 1500 * 2000 });
  expect(await app.connection.db!.collection('portfolio_loans').countDocuments({ channel: 'atomic' })).toBe(3001);
});

test('a batch that committed but was not applied (its process died) is read from its staged rows, and the next import applies it', async () => {
  const store = new PortfolioStore(app.connection);
  const pages = new BookPages(app.connection, createLogger('silent'));
  const row = normalizeRow('loans', loan('ATOM-1', 'OB-ATOM-1', 7000)).row!;
  // As the import does up to its commit: journal entry, staged rows, pages published listing the batch; then it "dies".
  const delta = await pages.beginImport(store);
  await store.stage('loans', [row], delta.markerId);
  const current = await pages.current();
  const page = emptyPage();
  const paged = pageRecord('loans', row.document)!;
  paged.add(page);
  await pages.publish(new Map([[paged.page, page]]), undefined, [delta.markerId]);
  expect((await pages.current())!.generation).toBe(current!.generation + 1);

  const committed = await figures();
  expect(committed).toEqual({ obligorLoanAmount: 7000, obligorLoans: 1, loanCount: 3001, loanAmount: 7000 + 1500 * 1000 + 1500 * 2000 });
  expect(await app.connection.db!.collection('portfolio_loans').findOne({ _id: 'ATOM-1' as never })).toMatchObject({ principalCents: 600000 });

  const next = await app.request('POST', '/api/v1/portfolio/import', {
    rawBody: JSON.stringify({ kind: 'ratings', obligorId: 'OB-ATOM-9', ratedAt: DISBURSED, score: 500, grade: 'C' }),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(next.status).toBe(200);
  expect(await app.connection.db!.collection('portfolio_loans').findOne({ _id: 'ATOM-1' as never })).toMatchObject({ principalCents: 700000 });
  expect(await staged()).toBe(0);
  expect(await journal()).toBe(0);
  expect(await figures()).toEqual(committed);
});
