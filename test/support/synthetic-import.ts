import { syntheticPortfolio, type SyntheticOptions } from '../../server/portfolio/synthetic/synthetic-portfolio';
import type { TestApp } from './test-app';

/** Imports a generated book through the real import service (every row accepted), for tests that need a book of some size. */
export async function importSyntheticBook(app: TestApp, options: SyntheticOptions): Promise<void> {
  const rows = [...syntheticPortfolio(options)].map(({ kind, ...record }, index) => ({ kind, index, record }));
  expect((await app.platform.services.portfolioImport.import(rows)).rejectedCount).toBe(0);
}
