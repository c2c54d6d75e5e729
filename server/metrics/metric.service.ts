import type { ObligorFacts, PortfolioFacts, RollRateMatrix, VintageCurves } from '../generated/schema-types';
import { NotFoundError, ValidationError } from '../http/errors';
import type { Logger } from '../logger';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { BookPages } from '../portfolio/book-pages';
import { financialsInput, loadLoanBook } from './book-loader';
import { emptyTiming, readBook } from './book-stream';
import { dateFromDay, dayFromDate, monthEndDay, monthIndexFromText, monthIndexOfDay, monthText, todayDay } from './calendar';
import type { MetricSettings } from './metric-settings';
import { toObligorFactsView, toPortfolioMetricsView, toRollRateView, toVintageView } from './metric.views';
import { obligorFacts } from './obligor-facts';
import { PortfolioMonthAccumulator } from './portfolio-month';
import { RollRateAccumulator } from './roll-rates';
import { GROUP_DIMENSIONS, type GroupDimension } from './segments';
import type { SnapshotStore } from './snapshot.store';
import { VintageAccumulator } from './vintages';

const MAX_VINTAGE_COHORTS = 240;

/**
 * Reads the stored portfolio, runs the pure metric functions and keeps month-end snapshots.
 * A month that has ended is stored the first time it is read, so its figures stay reproducible
 * when late data arrives; the current month is always computed afresh.
 */
export class MetricService {
  constructor(
    private readonly portfolio: PortfolioStore,
    private readonly pages: BookPages,
    private readonly snapshots: SnapshotStore,
    readonly settings: MetricSettings,
    private readonly logger: Logger,
    private readonly today: () => number = () => todayDay(),
  ) {}

  async obligorFacts(obligorId: string, asOf: string | undefined): Promise<ObligorFacts> {
    const asOfDay = asOf ? dayFromDate(asOf) : this.today();
    const [{ book }, ratings] = await Promise.all([loadLoanBook(this.portfolio, { obligorId }), this.portfolio.ratingsOf(obligorId)]);
    if (book.size === 0 && ratings.length === 0) throw new NotFoundError('No loans or ratings are known for this obligor', 'unknown_obligor');
    const figures = obligorFacts(
      book,
      ratings.map((rating) => ({ ratedDay: dayFromDate(rating.ratedAt), score: rating.score, grade: rating.grade, baseline: rating.baseline })),
      asOfDay,
      this.settings,
    );
    return toObligorFactsView(obligorId, dateFromDay(asOfDay), figures);
  }

  async portfolioFacts(month: string, groupBy: GroupDimension[]): Promise<PortfolioFacts> {
    const grouping = groupingKey(groupBy);
    const ended = monthEndDay(monthIndexFromText(month)) < this.today();
    if (ended) {
      const stored = await this.snapshots.find(month, grouping);
      // A snapshot stored under another column order is the same figures; present them in the order asked for.
      if (stored) return { ...stored, groupBy, segments: stored.segments.map((segment) => ({ ...segment, segment: reorder(segment.segment, groupBy) })) };
    }
    const facts = await this.compute(month, groupBy, ended);
    if (ended) await this.snapshots.save(month, grouping, facts);
    return facts;
  }

  /** Recomputes the month's stored groupings (or one grouping) from the data as it is now. */
  async recompute(month: string, groupBy: GroupDimension[] | undefined): Promise<string[][]> {
    const groupings = groupBy ? [groupingKey(groupBy)] : [...new Set(['', ...(await this.snapshots.groupingsOf(month))])];
    for (const grouping of groupings) {
      const dimensions = grouping === '' ? [] : (grouping.split(',') as GroupDimension[]);
      await this.snapshots.save(month, grouping, await this.compute(month, dimensions, true));
    }
    return groupings.map((grouping) => (grouping === '' ? [] : grouping.split(',')));
  }

  async vintages(from: string, to: string, threshold: number, asOf: string | undefined): Promise<VintageCurves> {
    const fromIndex = monthIndexFromText(from);
    const toIndex = monthIndexFromText(to);
    if (toIndex < fromIndex) throw new ValidationError('The query is invalid', [{ path: '/query/to', message: 'must not be before from' }]);
    if (toIndex - fromIndex >= MAX_VINTAGE_COHORTS) throw new ValidationError('The query is invalid', [{ path: '/query/to', message: `at most ${MAX_VINTAGE_COHORTS} months` }]);
    const asOfIndex = asOf ? monthIndexFromText(asOf) : monthIndexOfDay(this.today());
    const curves = await readBook(this.pages, this.portfolio, () => {
      const accumulator = new VintageAccumulator(fromIndex, toIndex, threshold, asOfIndex);
      return { add: (page) => accumulator.add(page.book), finish: () => accumulator.finish() };
    });
    return toVintageView(from, to, threshold, monthText(asOfIndex), curves);
  }

  async rollRates(month: string): Promise<RollRateMatrix> {
    const monthIndex = monthIndexFromText(month);
    const rows = await readBook(this.pages, this.portfolio, () => {
      const accumulator = new RollRateAccumulator(monthIndex, this.settings);
      return { add: (page) => accumulator.add(page.book), finish: () => accumulator.finish() };
    });
    return toRollRateView(month, monthText(monthIndex - 1), rows);
  }

  async isPortfolioEmpty(): Promise<boolean> {
    return (await this.portfolio.countLoans()) === 0;
  }

  private async compute(month: string, groupBy: GroupDimension[], snapshot: boolean): Promise<PortfolioFacts> {
    const started = performance.now();
    const timing = emptyTiming();
    const accumulator = await readBook(this.pages, this.portfolio, () => {
      const monthSums = new PortfolioMonthAccumulator(monthIndexFromText(month), groupBy, this.settings);
      return { add: (page) => monthSums.add(page.book, page.premiums), finish: () => monthSums };
    }, timing);
    const result = accumulator.finish((await this.portfolio.financials()).map(financialsInput));
    this.logger.info({ month, groupBy, loans: timing.loans, pages: timing.pages, durationMs: Math.round(performance.now() - started) }, 'computed portfolio facts');
    return {
      month,
      groupBy,
      segments: result.segments.map((segment) => ({ segment: segment.segment, metrics: toPortfolioMetricsView(segment.figures) })),
      total: { metrics: toPortfolioMetricsView(result.total) },
      computedAt: new Date().toISOString(),
      snapshot,
      settings: { ...this.settings },
    };
  }
}

export function parseGroupBy(text: string | undefined): GroupDimension[] {
  const dimensions = (text ?? '').split(',').filter(Boolean);
  const unknown = dimensions.filter((dimension) => !(GROUP_DIMENSIONS as readonly string[]).includes(dimension));
  if (unknown.length > 0) throw new ValidationError('The query is invalid', [{ path: '/query/groupBy', message: `unknown dimension(s): ${unknown.join(', ')}` }]);
  if (new Set(dimensions).size !== dimensions.length) throw new ValidationError('The query is invalid', [{ path: '/query/groupBy', message: 'a dimension appears twice' }]);
  return dimensions as GroupDimension[];
}

function groupingKey(groupBy: readonly GroupDimension[]): string {
  return [...groupBy].sort().join(',');
}

function reorder(segment: Record<string, string>, groupBy: readonly GroupDimension[]): Record<string, string> {
  return Object.fromEntries(groupBy.map((dimension) => [dimension, segment[dimension]!]));
}
