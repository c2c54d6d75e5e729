import type { Logger } from '../logger';
import { dateFromDay, monthEndDay, monthIndexFromText, todayDay } from '../ground/calendar';
import type { CompletenessService } from './completeness.service';
import type { IncomingRow, PortfolioImportService } from './import.service';
import { DEFAULT_END_MONTH, syntheticPortfolio } from './synthetic/synthetic-portfolio';

export const DEMO_PORTFOLIO = { loans: 2_000, months: 24, seed: 20_201 } as const;

/**
 * A first start on an empty portfolio gets a small generated book, so the metrics have something
 * to show. Nothing happens in it after the end month's last day, so the seed declares its data
 * complete through that day (as an importer would), and pages open on that month.
 */
export async function seedDemoPortfolio(
  imports: PortfolioImportService,
  isEmpty: () => Promise<boolean>,
  logger: Logger,
  completeness?: CompletenessService,
): Promise<void> {
  if (!(await isEmpty())) return;
  const started = performance.now();
  const result = await imports.import(demoRows());
  const endOfBook = dateFromDay(Math.min(monthEndDay(monthIndexFromText(DEFAULT_END_MONTH)), todayDay()));
  await completeness?.declare(endOfBook, 'system', 'the generated demo book ends on this day');
  logger.info(
    { accepted: result.accepted, rejectedCount: result.rejectedCount, durationMs: Math.round(performance.now() - started) },
    'seeded the demo portfolio',
  );
}

function* demoRows(): Iterable<IncomingRow> {
  let index = 0;
  for (const { kind, ...record } of syntheticPortfolio(DEMO_PORTFOLIO)) yield { kind, index: ++index, record };
}
