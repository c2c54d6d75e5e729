import { responsibleOrgUnit } from '../../authority/responsibility';
import { dayFromDate } from '../../ground/calendar';
import { readBook } from '../../metrics/book-stream';
import { LoanCursor } from '../../metrics/loan-state';
import type { MetricSettings } from '../../metrics/metric-settings';
import type { BookPages } from '../../portfolio/book-pages';
import type { PortfolioStore } from '../../portfolio/portfolio.store';

/**
 * The base of the complaint rate (per 10,000 obligors): obligors with a loan disbursed by the day
 * and principal still outstanding on it, each counted once per responsible unit (internet business
 * is HQ's, Art. 9). One page-by-page read of the book.
 */
export async function obligorsInForce(
  dependencies: { bookPages: BookPages; portfolio: PortfolioStore; metricSettings: MetricSettings; internetChannels: readonly string[] },
  asOf: string,
): Promise<Map<string, number>> {
  const day = dayFromDate(asOf);
  const byUnit = await readBook(dependencies.bookPages, dependencies.portfolio, () => {
    const seen = new Map<string, Set<string>>();
    return {
      add: ({ book }) => {
        const cursor = new LoanCursor(book, dependencies.metricSettings);
        const value = (dimension: 'orgUnit' | 'channel', loan: number) => book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!;
        for (let loan = 0; loan < book.size; loan++) {
          if (book.disbursedDay[loan]! > day) continue;
          cursor.start(loan);
          if (cursor.advanceTo(day).remainingPrincipalCents <= 0) continue;
          const unit = responsibleOrgUnit({ orgUnit: value('orgUnit', loan), channel: value('channel', loan) }, dependencies.internetChannels);
          const obligors = seen.get(unit) ?? new Set<string>();
          obligors.add(book.obligorIds[loan]!);
          seen.set(unit, obligors);
        }
      },
      finish: () => seen,
    };
  });
  return new Map([...byUnit].map(([unit, obligors]) => [unit, obligors.size]));
}

/** How long a count is reused: building a month's reports for every unit reads the book once, not once per unit. */
const REUSE_MS = 5 * 60_000;

/** obligorsInForce, kept for a few minutes per day (the book of a past month end changes only with an import). */
export function memoisedObligorsInForce(dependencies: Parameters<typeof obligorsInForce>[0]): (asOf: string) => Promise<Map<string, number>> {
  const kept = new Map<string, { at: number; counts: Promise<Map<string, number>> }>();
  return (asOf) => {
    const now = Date.now();
    const found = kept.get(asOf);
    if (found && now - found.at < REUSE_MS) return found.counts;
    const counts = obligorsInForce(dependencies, asOf);
    kept.set(asOf, { at: now, counts });
    counts.catch(() => kept.delete(asOf));
    return counts;
  };
}
