import type { Logger } from '../logger';
import type { IncomingRow, PortfolioImportService } from './import.service';
import { syntheticPortfolio } from './synthetic/synthetic-portfolio';

export const DEMO_PORTFOLIO = { loans: 2_000, months: 24, seed: 20_201 } as const;

/** A first start on an empty portfolio gets a small generated book, so the metrics have something to show. */
export async function seedDemoPortfolio(imports: PortfolioImportService, isEmpty: () => Promise<boolean>, logger: Logger): Promise<void> {
  if (!(await isEmpty())) return;
  const started = performance.now();
  const result = await imports.import(demoRows());
  logger.info({ accepted: result.accepted, rejectedCount: result.rejectedCount, durationMs: Math.round(performance.now() - started) }, 'seeded the demo portfolio');
}

function* demoRows(): Iterable<IncomingRow> {
  let index = 0;
  for (const { kind, ...record } of syntheticPortfolio(DEMO_PORTFOLIO)) yield { kind, index: ++index, record };
}
