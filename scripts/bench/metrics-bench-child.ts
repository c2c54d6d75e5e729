/** One measured run of the metric benchmark (see metrics-bench.ts); prints one JSON line of figures. */
import path from 'node:path';
import { SchemaRegistry } from '../../server/http/schema-registry';
import { createLogger } from '../../server/logger';
import { financialsInput, loadLoanBook, loadPremiums } from '../../server/metrics/book-loader';
import { emptyTiming, readBook } from '../../server/metrics/book-stream';
import { monthEndDay, monthIndexFromText } from '../../server/ground/calendar';
import type { LoanBook } from '../../server/metrics/loan-book';
import { DEFAULT_METRIC_SETTINGS } from '../../server/metrics/metric-settings';
import { obligorSummaries, ObligorSummaryAccumulator } from '../../server/metrics/obligor-batch';
import { computePortfolioMonth, PortfolioMonthAccumulator, type PremiumInput } from '../../server/metrics/portfolio-month';
import { BookPages } from '../../server/portfolio/book-pages';
import { normalizeRow, type ImportKind, type NormalizedRow } from '../../server/portfolio/import-rows';
import { PortfolioImportService, type IncomingRow } from '../../server/portfolio/import.service';
import { PortfolioStore } from '../../server/portfolio/portfolio.store';
import { bookFromRecords } from '../../server/portfolio/synthetic/synthetic-book';
import { DEFAULT_END_MONTH, syntheticPortfolio } from '../../server/portfolio/synthetic/synthetic-portfolio';
import { connectDatabase, describeDatabase } from '../../server/store/connection';

const [mode, loansText, installmentsText] = process.argv.slice(2);
const options = { loans: Number(loansText), months: 24, seed: 1, installments: Number(installmentsText) };
const monthIndex = monthIndexFromText(DEFAULT_END_MONTH);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const GROUP_BY = ['channel', 'customerTier'] as const;

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

function compute(book: LoanBook, premiums: PremiumInput[]) {
  const [, obligorMs] = timed(() => obligorSummaries(book, monthEndDay(monthIndex), DEFAULT_METRIC_SETTINGS));
  const [, portfolioMs] = timed(() =>
    computePortfolioMonth({ book, premiums, financials: [], monthIndex, groupBy: GROUP_BY, settings: DEFAULT_METRIC_SETTINGS }),
  );
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
  const pages = new BookPages(connection, logger);
  try {
    if (mode === 'import') {
      // Set-up through the real import: records validated and written, then the pages published.
      await Promise.all(Object.values(connection.models).map((model) => model.init()));
      const imports = new PortfolioImportService(store, new SchemaRegistry(path.resolve(__dirname, '..', '..', 'schemas')), logger, pages, 2_000);
      let records = 0;
      const rows = function* (): Iterable<IncomingRow> {
        for (const { kind, ...record } of syntheticPortfolio(options)) yield { kind, index: ++records, record };
      };
      const started = performance.now();
      await imports.import(rows());
      return { records, importMs: performance.now() - started, engine: (await describeDatabase(connection)).engine };
    }
    if (mode === 'direct') {
      // Quick set-up for large sizes: the same pages the import would publish, written straight from the generator
      // (one pass of the generator per 250,000 loans), and the financials as records. No loan records: the read needs none.
      const started = performance.now();
      let records = 0;
      const financials: NormalizedRow[] = [];
      await pages.build(options.loans, async (pass, _passes, add) => {
        for (const { kind, ...record } of syntheticPortfolio(options)) {
          if (pass === 0) records++;
          const normalized = normalizeRow(kind as ImportKind, record);
          if (!normalized.row) throw new Error(`generated an invalid ${kind}: ${JSON.stringify(normalized.errors)}`);
          if (kind === 'financials') {
            if (pass === 0) financials.push(normalized.row);
          } else add(kind as ImportKind, normalized.row.document);
        }
      });
      await store.upsert('financials', financials);
      return { records, importMs: performance.now() - started, engine: (await describeDatabase(connection)).engine };
    }
    if (mode === 'records') {
      // The read path before pages, for comparison: every record into one book, then compute.
      const started = performance.now();
      const { book, indexOf } = await loadLoanBook(store);
      const premiums = await loadPremiums(store, indexOf);
      await store.financials();
      const waitMs = performance.now() - started;
      const { obligorMs, portfolioMs } = compute(book, premiums);
      return {
        totalMs: performance.now() - started,
        waitMs,
        decodeMs: 0,
        computeMs: obligorMs + portfolioMs,
        loans: book.size,
        retainedBytes: retainedBytes(),
        maxRssBytes: maxRssBytes(),
      };
    }
    // mode 'read': stream the pages, computing obligor facts and the month page by page.
    const timing = emptyTiming();
    const started = performance.now();
    const { month, obligors } = await readBook(
      pages,
      store,
      () => {
        const monthSums = new PortfolioMonthAccumulator(monthIndex, GROUP_BY, DEFAULT_METRIC_SETTINGS);
        const obligorSums = new ObligorSummaryAccumulator(monthEndDay(monthIndex), DEFAULT_METRIC_SETTINGS);
        return {
          add: (page) => {
            obligorSums.add(page.book);
            monthSums.add(page.book, page.premiums);
          },
          finish: () => ({ month: monthSums, obligors: obligorSums }),
        };
      },
      timing,
    );
    let mark = performance.now();
    const financials = (await store.financials()).map(financialsInput);
    const financialsMs = performance.now() - mark;
    mark = performance.now();
    const result = month.finish(financials);
    const summaries = obligors.finish();
    const finishMs = performance.now() - mark;
    const totalMs = performance.now() - started;
    return {
      totalMs,
      waitMs: timing.waitMs + financialsMs,
      decodeMs: timing.decodeMs,
      computeMs: timing.computeMs + finishMs,
      pages: timing.pages,
      bytes: timing.bytes,
      loans: timing.loans,
      obligors: summaries.obligorIds.length,
      segments: result.segments.length,
      retainedBytes: retainedBytes(),
      maxRssBytes: maxRssBytes(),
    };
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
