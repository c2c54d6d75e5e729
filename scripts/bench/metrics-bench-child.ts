/** One measured run of the metric benchmark (see metrics-bench.ts); prints one JSON line of figures. */
import path from 'node:path';
import { SchemaRegistry } from '../../server/http/schema-registry';
import { createLogger } from '../../server/logger';
import { financialsInput, loadLoanBook, loadPremiums } from '../../server/metrics/book-loader';
import { monthEndDay, monthIndexFromText } from '../../server/metrics/calendar';
import type { LoanBook } from '../../server/metrics/loan-book';
import { DEFAULT_METRIC_SETTINGS } from '../../server/metrics/metric-settings';
import { obligorSummaries } from '../../server/metrics/obligor-batch';
import { computePortfolioMonth, type PremiumInput } from '../../server/metrics/portfolio-month';
import { PortfolioImportService, type IncomingRow } from '../../server/portfolio/import.service';
import { PortfolioStore } from '../../server/portfolio/portfolio.store';
import { bookFromRecords } from '../../server/portfolio/synthetic/synthetic-book';
import { DEFAULT_END_MONTH, syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { connectDatabase, describeDatabase } from '../../server/store/connection';

const [mode, loansText, installmentsText] = process.argv.slice(2);
const options = { loans: Number(loansText), months: 24, seed: 1, installments: Number(installmentsText) };
const monthIndex = monthIndexFromText(DEFAULT_END_MONTH);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

function retainedBytes(): number {
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

function bookBytes(book: LoanBook): number {
  return Object.values(book).reduce((sum: number, value) => sum + (ArrayBuffer.isView(value) ? value.byteLength : 0), 0);
}

function compute(book: LoanBook, premiums: PremiumInput[], financials: Parameters<typeof computePortfolioMonth>[0]['financials'] = []) {
  const [, obligorMs] = timed(() => obligorSummaries(book, monthEndDay(monthIndex), DEFAULT_METRIC_SETTINGS));
  const [, portfolioMs] = timed(() => computePortfolioMonth({ book, premiums, financials, monthIndex, groupBy: ['channel', 'customerTier'], settings: DEFAULT_METRIC_SETTINGS }));
  return { obligorMs, portfolioMs };
}

async function main(): Promise<Record<string, number | string>> {
  const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;
  if (mode === 'pure') {
    const [{ book, premiums }, buildMs] = timed(() => bookFromRecords(syntheticPortfolio(options)));
    const retained = retainedBytes();
    return { buildMs, bookBytes: bookBytes(book), retainedBytes: retained, ...compute(book, premiums), maxRssBytes: maxRssBytes() };
  }
  const connection = await connectDatabase(process.env.MONGODB_URI!, { databaseName: process.env.BENCH_DATABASE! });
  const logger = createLogger('silent');
  const store = new PortfolioStore(connection);
  try {
    if (mode === 'import') {
      await Promise.all(Object.values(connection.models).map((model) => model.init()));
      const imports = new PortfolioImportService(store, new SchemaRegistry(path.resolve(__dirname, '..', '..', 'schemas')), logger, 2_000);
      let records = 0;
      const rows = function* (): Iterable<IncomingRow> {
        for (const { kind, ...record } of syntheticPortfolio(options)) yield { kind, index: ++records, record };
      };
      const started = performance.now();
      await imports.import(rows());
      return { records, importMs: performance.now() - started, engine: (await describeDatabase(connection)).engine };
    }
    const started = performance.now();
    const { book, indexOf } = await loadLoanBook(store);
    const premiums = await loadPremiums(store, indexOf);
    const financials = (await store.financials()).map(financialsInput);
    const readMs = performance.now() - started;
    const retained = retainedBytes();
    return { readMs, retainedBytes: retained, ...compute(book, premiums, financials), maxRssBytes: maxRssBytes() };
  } finally {
    await connection.close();
  }
}

main()
  .then((figures) => console.log(JSON.stringify(figures)))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
