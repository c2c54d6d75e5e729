import { financialsInput, loadLoanBook, loadPremiums } from '../../../server/metrics/book-loader';
import { monthIndexFromText } from '../../../server/ground/calendar';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { toPortfolioMetricsView } from '../../../server/metrics/metric.views';
import { computePortfolioMonth } from '../../../server/metrics/portfolio-month';
import { createLogger } from '../../../server/logger';
import { decodePage, emptyPage, pageOf } from '../../../server/portfolio/book-page.codec';
import { BookPages, DEAD_IMPORT_MS } from '../../../server/portfolio/book-pages';
import { normalizeRow } from '../../../server/portfolio/import-rows';
import type { IncomingRow } from '../../../server/portfolio/import.service';
import { PortfolioStore } from '../../../server/portfolio/portfolio.store';
import { syntheticPortfolio } from '../../../server/portfolio/synthetic/synthetic-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

let app: TestApp;
let pages: BookPages;
let store: PortfolioStore;
const logger = createLogger('silent');
const generated = [...syntheticPortfolio({ loans: 300, months: 18, seed: 5, endMonth: '2025-12' })];
const rows = (): IncomingRow[] => generated.map(({ kind, ...record }, index) => ({ kind, index, record }));

beforeAll(async () => {
  app = await startTestApp();
  pages = new BookPages(app.connection, logger);
  store = new PortfolioStore(app.connection);
  const result = await app.platform.services.portfolioImport.import(rows());
  expect(result.rejectedCount).toBe(0);
});
afterAll(() => app.close());

interface Facts {
  total: { metrics: Record<string, number | null> };
  segments: { segment: Record<string, string>; metrics: Record<string, number | null> }[];
}

/** The month computed the old way: every record read into one book. */
async function fromRecords(month: string) {
  const { book, indexOf } = await loadLoanBook(store);
  const premiums = await loadPremiums(store, indexOf);
  const financials = (await store.financials()).map(financialsInput);
  const result = computePortfolioMonth({
    book,
    premiums,
    financials,
    monthIndex: monthIndexFromText(month),
    groupBy: ['channel'],
    settings: DEFAULT_METRIC_SETTINGS,
  });
  return {
    total: toPortfolioMetricsView(result.total),
    segments: Object.fromEntries(result.segments.map((segment) => [segment.segment.channel, toPortfolioMetricsView(segment.figures)])),
  };
}

test('an import publishes the pages, and the month read from them is the month read from the records', async () => {
  const generation = await pages.current();
  expect(generation).toBeDefined();
  const facts = await app.request<Facts>('GET', '/api/v1/metrics/portfolio?month=2025-11&groupBy=channel');
  const expected = await fromRecords('2025-11');
  expectClose(facts.body.total.metrics, expected.total as unknown as Record<string, unknown>);
  expect(facts.body.segments).toHaveLength(Object.keys(expected.segments).length);
  for (const segment of facts.body.segments) expectClose(segment.metrics, expected.segments[segment.segment.channel!] as unknown as Record<string, unknown>);
});

/** Equal figures: sums added in another order may differ in a double's last bits. */
function expectClose(actual: Record<string, unknown>, expected: Record<string, unknown>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    if (typeof value === 'number') expect(actual[name]).toBeCloseTo(value, 9);
    else expect(actual[name]).toEqual(value);
  }
}

test('importing the same rows again publishes a new generation with the same pages', async () => {
  const before = await pages.current();
  const pageOfFirstLoan = pageOf(generated[0]!.loanId as string);
  const read = async (collection: string) =>
    decodePage(
      Buffer.from(
        ((await app.connection.db!.collection(collection).findOne({ _id: pageOfFirstLoan as never })) as unknown as { data: { buffer: Uint8Array } }).data
          .buffer,
      ),
    );
  const first = await read(before!.collection);
  // The first loan and everything naming it (re-importing all would mostly time FerretDB's replaces).
  const firstLoan = generated[0]!.loanId;
  const again = await app.platform.services.portfolioImport.import(rows().filter((row) => (row.record as { loanId?: string }).loanId === firstLoan));
  expect(again.accepted.loans).toBe(1);
  const after = await pages.current();
  expect(after!.generation).toBe(before!.generation + 1);
  expect(await read(after!.collection)).toEqual(first);
  // Two generations are kept (a reader may still be on the previous one); older ones are dropped.
  const collections = (await app.connection.db!.listCollections().toArray())
    .map((collection) => collection.name)
    .filter((name) => name.startsWith('portfolio_book_pages_'));
  expect(collections.sort()).toEqual([before!.collection, after!.collection].sort());
});

test('two writers publishing at once: one claims the next generation, the other merges again on top of it', async () => {
  const delta = (loanId: string) => {
    const loan = normalizeRow('loans', {
      loanId,
      obligorId: `OB-${loanId}`,
      policyId: 'P',
      orgUnit: 'HQ',
      product: 'consumer',
      channel: 'race',
      customerTier: 'prime',
      principal: 100,
      disbursedAt: '2025-01-01',
      installments: [{ seq: 1, dueDate: '2025-02-01', principal: 100, interest: 0 }],
    });
    const content = emptyPage();
    content.loans.set(loanId, {
      loanId,
      obligorId: `OB-${loanId}`,
      policyId: 'P',
      orgUnit: 'HQ',
      product: 'consumer',
      channel: 'race',
      customerTier: 'prime',
      principalCents: 10000,
      disbursedDay: 20089,
      retentionShare: 1,
      installments: [{ seq: 1, dueDay: 20120, principalCents: 10000, interestCents: 0 }],
    });
    expect(loan.row).toBeDefined();
    return new Map([[pageOf(loanId), content]]);
  };
  const before = await pages.current();
  await Promise.all([pages.publish(delta('RACE-1')), new BookPages(app.connection, logger).publish(delta('RACE-2'))]);
  const after = await pages.current();
  expect(after!.generation).toBe(before!.generation + 2);
  const found = new Set<string>();
  for await (const page of app.connection.db!.collection(after!.collection).find({})) {
    for (const loanId of decodePage(Buffer.from((page as unknown as { data: { buffer: Uint8Array } }).data.buffer)).loans.keys())
      if (loanId.startsWith('RACE-')) found.add(loanId);
  }
  expect([...found].sort()).toEqual(['RACE-1', 'RACE-2']);
});

test('an import that died before committing left staged rows only: no reader sees them, and the next import discards them', async () => {
  // As if an import staged a loan and died before publishing: the journal entry is stale, the row staged.
  const loan = normalizeRow('loans', {
    loanId: 'CRASHED-1',
    obligorId: 'OB-CRASHED',
    policyId: 'P',
    orgUnit: 'HQ',
    product: 'consumer',
    channel: 'crash',
    customerTier: 'prime',
    principal: 5000,
    disbursedAt: '2025-10-05',
    installments: [{ seq: 1, dueDate: '2025-11-05', principal: 5000, interest: 0 }],
  }).row!;
  await store.stage('loans', [loan], 'dead-import');
  await app.connection
    .db!.collection('portfolio_book_imports')
    .insertOne({ _id: 'dead-import' as never, startedAt: new Date(0), heartbeatAt: new Date(Date.now() - DEAD_IMPORT_MS - 1000) });
  const before = await pages.current();
  const facts = await app.request<Facts>('GET', '/api/v1/metrics/portfolio?month=2025-10&groupBy=channel');
  expect(facts.body.segments.find((segment) => segment.segment.channel === 'crash')).toBeUndefined();
  expect((await app.request('GET', '/api/v1/metrics/obligors/OB-CRASHED?asOf=2025-10-31')).status).toBe(404);
  // No rebuild: the pages never had the row, and the records never had it either.
  expect((await pages.current())!.generation).toBe(before!.generation);
  const next = await app.platform.services.portfolioImport.import([
    { kind: 'ratings', index: 0, record: { obligorId: 'OB-NEXT', ratedAt: '2025-10-01', score: 600, grade: 'B' } },
  ]);
  expect(next.accepted).toEqual({ ratings: 1 });
  expect(await app.connection.db!.collection('portfolio_import_staged').countDocuments()).toBe(0);
  expect(await app.connection.db!.collection('portfolio_book_imports').countDocuments()).toBe(0);
  expect(await app.connection.db!.collection('portfolio_loans').countDocuments({ _id: 'CRASHED-1' as never })).toBe(0);
});
