import type { ObligorFacts, PortfolioFacts, PortfolioRecomputeResult, RollRateMatrix, VintageCurves } from '../generated/schema-types';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { Logger } from '../logger';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { BookPages } from '../portfolio/book-pages';
import { monthComplete } from '../portfolio/completeness';
import { financialsInput, loadLoanBook } from './book-loader';
import { emptyTiming, readBook } from './book-stream';
import { dateFromDay, dayFromDate, monthEndDay, monthIndexFromText, monthIndexOfDay, monthText, todayDay } from '../ground/calendar';
import type { MetricSettings } from './metric-settings';
import { toObligorFactsView, toPortfolioMetricsView, toRollRateView, toVintageView } from './metric.views';
import { obligorFacts } from './obligor-facts';
import { computePortfolioMonth, PortfolioMonthAccumulator, type PortfolioMonth, type PremiumInput } from './portfolio-month';
import { RollRateAccumulator, rollRateMatrix } from './roll-rates';
import type { GroupDimension } from './segments';
import type { SnapshotView } from './snapshot.model';
import type { SnapshotStore } from './snapshot.store';
import { VintageAccumulator, vintageCurves } from './vintages';
import { groupingKey, groupingOf, shareKey, UnitMonthAccumulator, unitVintageKey, type UnitShare } from './unit-month';
import { storeUnitCohorts } from './unit-cohorts';
import { NEVER } from './loan-book';
import { parseVintageKey, reorder, vintageKey } from './snapshot-keys';

const MAX_VINTAGE_COHORTS = 240;

/** A month's figures as computed and stored; how far the data is complete is added when they are read. */
type MonthFacts = Omit<PortfolioFacts, 'dataCompleteThrough' | 'monthComplete'>;

/**
 * A caller's share of the book (delegated authority): the loans matching `loanFilter` (with their
 * repayments, claims and recoveries), the premiums of those loans or, without a loan, of
 * `orgUnits`, and the financials of `orgUnits`. Absent: the whole book.
 */
export interface BookScope extends UnitShare {
  loanFilter: Record<string, unknown>;
  orgUnits: readonly string[];
}

/**
 * The groupings stored for every complete month, whole book and every unit: the portfolio page's (total, tier, channel,
 * product, org unit, vintage, tier x channel) and the monthly report's (org unit x tier x channel, below HQ).
 */
export const STANDARD_GROUPINGS: readonly string[] = [
  '',
  'customerTier',
  'channel',
  'product',
  'orgUnit',
  'vintage',
  'channel,customerTier',
  'channel,customerTier,orgUnit',
];

/** How often the service read the book: whole passes over the pages and loads of records into a book (reads that scan). */
export interface BookReads {
  pageReads: number;
  bookLoads: number;
}

/** How far the book's data is complete (server/portfolio/completeness.service.ts). */
export interface DataCompleteThrough {
  completeThrough(): Promise<string | null>;
}

/**
 * Reads the stored portfolio, runs the pure metric functions and keeps month-end snapshots.
 * A month whose data is complete is stored the first time it is read, so its figures stay
 * reproducible when late data arrives; an incomplete month (the current one, or one whose data
 * has not all arrived) is always computed afresh, and says so.
 */
export class MetricService {
  constructor(
    private readonly portfolio: PortfolioStore,
    private readonly pages: BookPages,
    private readonly snapshots: SnapshotStore,
    readonly settings: MetricSettings,
    private readonly logger: Logger,
    private readonly completeness: DataCompleteThrough,
    /** Every org unit's share of the book (below HQ), whose month-end figures are stored with the whole book's. */
    private readonly shares: () => Promise<UnitShare[]> = async () => [],
    private readonly today: () => number = () => todayDay(),
  ) {}

  /** Counted so tests and benchmarks can tell a read served from stored figures from one that read the book. */
  readonly reads: BookReads = { pageReads: 0, bookLoads: 0 };

  /** The date up to which the data is complete, for answers that carry it. */
  dataCompleteThrough(): Promise<string | null> {
    return this.completeness.completeThrough();
  }

  async obligorFacts(obligorId: string, asOf: string | undefined, scope?: BookScope): Promise<ObligorFacts> {
    const asOfDay = asOf ? dayFromDate(asOf) : this.today();
    this.reads.bookLoads++;
    const [{ book }, ratings] = await Promise.all([loadLoanBook(this.portfolio, { obligorId, ...scope?.loanFilter }), this.portfolio.ratingsOf(obligorId)]);
    // Within a scope, an obligor without loans there is unknown, whatever other units hold.
    if (book.size === 0 && (scope || ratings.length === 0)) throw new NotFoundError('No loans or ratings are known for this obligor', 'unknown_obligor');
    const figures = obligorFacts(
      book,
      ratings.map((rating) => ({ ratedDay: dayFromDate(rating.ratedAt), score: rating.score, grade: rating.grade, baseline: rating.baseline })),
      asOfDay,
      this.settings,
    );
    return toObligorFactsView(obligorId, dateFromDay(asOfDay), figures);
  }

  /**
   * An obligor's facts at each of `days` (the obligor page's month ends and today), from one load of its loans and ratings
   * (queries by the indexed obligorId and loanIds, so the cost is its own rows, not the book's). Days it had no loans yet are left out.
   */
  async obligorTimeline(obligorId: string, days: readonly number[], scope?: BookScope): Promise<ObligorFacts[]> {
    this.reads.bookLoads++;
    const [{ book }, ratings] = await Promise.all([loadLoanBook(this.portfolio, { obligorId, ...scope?.loanFilter }), this.portfolio.ratingsOf(obligorId)]);
    if (book.size === 0 && (scope || ratings.length === 0)) return [];
    const rated = ratings.map((rating) => ({ ratedDay: dayFromDate(rating.ratedAt), score: rating.score, grade: rating.grade, baseline: rating.baseline }));
    return days
      .map((day) => toObligorFactsView(obligorId, dateFromDay(day), obligorFacts(book, rated, day, this.settings)))
      .filter((view) => view.loans.length > 0);
  }

  /**
   * A month's figures, with how far the data is complete and whether this month is (read now, never stored with a snapshot).
   * A month that has ended and is complete is read from its stored snapshot: the whole book's at HQ, the caller's unit's
   * share below it (one indexed read, no book). The first read of such a month stores the whole book's and every unit's
   * figures for the standard groupings in one pass over the book pages.
   */
  async portfolioFacts(month: string, groupBy: GroupDimension[], scope?: BookScope): Promise<PortfolioFacts> {
    const dataCompleteThrough = await this.completeness.completeThrough();
    const completeness = { dataCompleteThrough, monthComplete: monthComplete(month, dataCompleteThrough) };
    const grouping = groupingKey(groupBy);
    const kept = monthEndDay(monthIndexFromText(month)) < this.today() && completeness.monthComplete;
    if (scope && !kept) return { ...(await this.computeScoped(month, groupBy, scope)), ...completeness };
    const [view, key] = scope ? (['unit-portfolio', `${shareKey(scope)}|${grouping}`] as const) : (['portfolio', grouping] as const);
    let facts = kept ? await this.snapshots.find<MonthFacts>(view, month, key) : undefined;
    if (kept && !facts) facts = (await this.snapshotMonths([month], [grouping], false, scope)).get(month)!.get(key);
    // An HQ month not kept is computed afresh, as before.
    facts ??= await this.compute(month, groupBy, false);
    // A snapshot stored under another column order is the same figures; present them in the order asked for.
    return {
      ...(facts.snapshot
        ? { ...facts, groupBy, segments: facts.segments.map((segment) => ({ ...segment, segment: reorder(segment.segment, groupBy) })) }
        : facts),
      ...completeness,
    };
  }

  /**
   * Computes and stores complete months' figures for the whole book and every unit's share (and `extra`, a share the
   * tree may no longer list), for `groupings` and the standard ones, in one pass over the book pages however many months.
   * Snapshots already stored stay as first computed unless `overwrite` (the recompute). Returns what was computed, by
   * month and stored key.
   */
  private async snapshotMonths(
    months: readonly string[],
    groupings: readonly string[],
    overwrite: boolean,
    extra?: UnitShare,
  ): Promise<Map<string, Map<string, MonthFacts>>> {
    const started = performance.now();
    const keys = [...new Set([...groupings, ...(overwrite ? [] : STANDARD_GROUPINGS)])];
    const listed = await this.shares();
    const shares = extra && !listed.some((share) => shareKey(share) === shareKey(extra)) ? [...listed, extra] : listed;
    this.reads.pageReads++;
    const accumulators = await readBook(this.pages, this.portfolio, () => {
      const sums = months.map((month) => new UnitMonthAccumulator(monthIndexFromText(month), shares, keys, this.settings));
      return { add: (page) => sums.forEach((month) => month.add(page)), finish: () => sums };
    });
    const financials = (await this.portfolio.financials()).map(financialsInput);
    const computed = new Map<string, Map<string, MonthFacts>>();
    for (const [position, month] of months.entries()) {
      const result = accumulators[position]!.finish(financials);
      const stored = overwrite ? new Set<string>() : new Set((await this.snapshots.keysOf('portfolio', month)).map((key) => `portfolio|${key}`));
      if (!overwrite) for (const key of await this.snapshots.keysOf('unit-portfolio', month)) stored.add(`unit-portfolio|${key}`);
      const byKey = new Map<string, MonthFacts>();
      computed.set(month, byKey);
      const keep = async (view: 'portfolio' | 'unit-portfolio', key: string, grouping: string, figures: PortfolioMonth) => {
        const facts = this.factsView(month, groupingOf(grouping), figures, true);
        byKey.set(key, facts);
        if (!stored.has(`${view}|${key}`)) await this.snapshots.save(view, month, key, facts);
      };
      for (const [grouping, figures] of result.whole) await keep('portfolio', grouping, grouping, figures);
      for (const [index, share] of shares.entries())
        for (const [grouping, figures] of result.shares[index]!) await keep('unit-portfolio', `${shareKey(share)}|${grouping}`, grouping, figures);
      await storeUnitCohorts(this.snapshots, month, shares, result.cohorts, result.wholeCohorts, overwrite);
    }
    this.logger.info(
      { months, groupings: keys.length, shares: shares.length, durationMs: Math.round(performance.now() - started) },
      'stored month-end snapshots per unit',
    );
    return computed;
  }

  /**
   * Stores the month-end snapshots of the complete, ended months up to `through` (at most `limit` of them, newest first)
   * that have none yet, in one pass over the pages; the month-end snapshot job runs it when months become complete, so
   * their first reader reads stored figures. Idempotent: a month whose whole-book total is stored is left as it is.
   */
  async storeCompleteMonths(through: string, limit: number): Promise<{ months: number; passes: number }> {
    const dataCompleteThrough = await this.completeness.completeThrough();
    const last = monthIndexFromText(through);
    const months: string[] = [];
    for (let index = last; index > last - limit; index--) {
      const month = monthText(index);
      if (monthEndDay(index) >= this.today() || !monthComplete(month, dataCompleteThrough)) continue;
      if (!(await this.snapshots.keysOf('portfolio', month)).includes('')) months.push(month);
    }
    if (months.length === 0) return { months: 0, passes: 0 };
    await this.snapshotMonths(months, [], false);
    return { months: months.length, passes: 1 };
  }

  /**
   * Recomputes the month's stored snapshots from the data as it is now: one portfolio grouping,
   * or (without one) every stored grouping and the total, the roll-rate matrix and the vintage
   * curves observed at the month.
   */
  async recompute(month: string, groupBy: GroupDimension[] | undefined): Promise<PortfolioRecomputeResult> {
    const dataCompleteThrough = await this.completeness.completeThrough();
    // A snapshot is what a complete month stays as; an incomplete one is computed afresh on every read.
    if (!monthComplete(month, dataCompleteThrough)) {
      throw new ConflictError(
        'month_incomplete',
        `The data is complete through ${dataCompleteThrough ?? 'no date yet'}, so ${month} is not complete: its figures are computed afresh on every read and there is no snapshot to recompute`,
        [{ path: '/body/month', message: `not complete (data complete through ${dataCompleteThrough ?? 'no date yet'})`, dataCompleteThrough }],
      );
    }
    const groupings = groupBy ? [groupingKey(groupBy)] : [...new Set(['', ...(await this.snapshots.keysOf('portfolio', month))])];
    // Every unit's share is recomputed with the whole book, so a branch never reads figures older than HQ's.
    const unitGroupings = groupBy ? [] : (await this.snapshots.keysOf('unit-portfolio', month)).map((key) => key.slice(key.indexOf('|') + 1));
    await this.snapshotMonths([month], [...new Set([...groupings, ...unitGroupings])], true);
    const result: PortfolioRecomputeResult = { month, recomputed: groupings.map((grouping) => (grouping === '' ? [] : grouping.split(','))) };
    if (groupBy) return result;
    await this.snapshots.save('roll-rates', month, '', await this.computeRollRates(month, true));
    const vintageKeys = await this.snapshots.keysOf('vintages', month);
    for (const key of vintageKeys) {
      const { from, to, threshold } = parseVintageKey(key);
      await this.snapshots.save('vintages', month, key, await this.computeVintages(from, to, threshold, month, true));
    }
    return { ...result, rollRates: true, vintages: vintageKeys.map(parseVintageKey) };
  }

  /** Vintage curves observed at `asOf` (default the current month); a complete month is a snapshot, like portfolio facts. */
  async vintages(from: string, to: string, threshold: number, asOf: string | undefined, scope?: BookScope): Promise<VintageCurves> {
    const fromIndex = monthIndexFromText(from);
    const toIndex = monthIndexFromText(to);
    if (toIndex < fromIndex) throw new ValidationError('The query is invalid', [{ path: '/query/to', message: 'must not be before from' }]);
    if (toIndex - fromIndex >= MAX_VINTAGE_COHORTS)
      throw new ValidationError('The query is invalid', [{ path: '/query/to', message: `at most ${MAX_VINTAGE_COHORTS} months` }]);
    const observed = asOf ?? monthText(monthIndexOfDay(this.today()));
    const stored = scope && vintageKey(from, to, threshold) === unitVintageKey(monthIndexFromText(observed));
    const unitCurves = stored
      ? await this.unitView<VintageCurves>('unit-vintages', observed, `${shareKey(scope)}|${vintageKey(from, to, threshold)}`, scope)
      : undefined;
    if (unitCurves) return unitCurves;
    if (scope) {
      this.reads.bookLoads++;
      const { book } = await loadLoanBook(this.portfolio, scope.loanFilter);
      const curves = vintageCurves(book, fromIndex, toIndex, threshold, monthIndexFromText(observed));
      return { ...toVintageView(from, to, threshold, observed, curves), computedAt: new Date().toISOString(), snapshot: false };
    }
    return this.snapshotted('vintages', observed, vintageKey(from, to, threshold), (snapshot) => this.computeVintages(from, to, threshold, observed, snapshot));
  }

  /** The roll-rate matrix into a month; a complete month is a snapshot, like portfolio facts. */
  async rollRates(month: string, scope?: BookScope): Promise<RollRateMatrix> {
    const unitMatrix = scope ? await this.unitView<RollRateMatrix>('unit-roll-rates', month, shareKey(scope), scope) : undefined;
    if (unitMatrix) return unitMatrix;
    if (scope) {
      const monthIndex = monthIndexFromText(month);
      this.reads.bookLoads++;
      const { book } = await loadLoanBook(this.portfolio, scope.loanFilter);
      return {
        ...toRollRateView(month, monthText(monthIndex - 1), rollRateMatrix(book, monthIndex, this.settings)),
        computedAt: new Date().toISOString(),
        snapshot: false,
      };
    }
    return this.snapshotted('roll-rates', month, '', (snapshot) => this.computeRollRates(month, snapshot));
  }

  /** A unit's stored cohort view of a complete, ended month (the first read stores every unit's in one pass); else undefined. */
  private async unitView<T>(view: 'unit-roll-rates' | 'unit-vintages', month: string, key: string, scope: BookScope): Promise<T | undefined> {
    if (monthEndDay(monthIndexFromText(month)) >= this.today() || !monthComplete(month, await this.completeness.completeThrough())) return undefined;
    const stored = await this.snapshots.find<T>(view, month, key);
    if (stored) return stored;
    await this.snapshotMonths([month], [], false, scope);
    return this.snapshots.find<T>(view, month, key);
  }

  /**
   * A month that has ended and whose data is complete is computed once and stored, so its figures
   * stay as reported when late or back-dated data arrives (until recomputed); the current month,
   * and an ended one whose data has not all arrived, is always computed afresh.
   */
  private async snapshotted<T extends { computedAt?: string }>(
    view: SnapshotView,
    month: string,
    key: string,
    compute: (snapshot: boolean) => Promise<T>,
    completeThrough?: string | null,
  ): Promise<T> {
    const dataCompleteThrough = completeThrough === undefined ? await this.completeness.completeThrough() : completeThrough;
    const kept = monthEndDay(monthIndexFromText(month)) < this.today() && monthComplete(month, dataCompleteThrough);
    if (kept) {
      const stored = await this.snapshots.find<T>(view, month, key);
      if (stored) return stored;
    }
    const figures = await compute(kept);
    if (kept) await this.snapshots.save(view, month, key, figures);
    return figures;
  }

  private async computeVintages(from: string, to: string, threshold: number, asOf: string, snapshot: boolean): Promise<VintageCurves> {
    const fromIndex = monthIndexFromText(from);
    const toIndex = monthIndexFromText(to);
    const asOfIndex = monthIndexFromText(asOf);
    this.reads.pageReads++;
    const curves = await readBook(this.pages, this.portfolio, () => {
      const accumulator = new VintageAccumulator(fromIndex, toIndex, threshold, asOfIndex);
      return { add: (page) => accumulator.add(page.book), finish: () => accumulator.finish() };
    });
    return { ...toVintageView(from, to, threshold, asOf, curves), computedAt: new Date().toISOString(), snapshot };
  }

  private async computeRollRates(month: string, snapshot: boolean): Promise<RollRateMatrix> {
    const monthIndex = monthIndexFromText(month);
    this.reads.pageReads++;
    const rows = await readBook(this.pages, this.portfolio, () => {
      const accumulator = new RollRateAccumulator(monthIndex, this.settings);
      return { add: (page) => accumulator.add(page.book), finish: () => accumulator.finish() };
    });
    return { ...toRollRateView(month, monthText(monthIndex - 1), rows), computedAt: new Date().toISOString(), snapshot };
  }

  /**
   * A scope's figures, from its share of the book read through the record cursor (a branch's
   * share, not the whole book's pages), with the same pure formulas. Not stored as snapshots: the
   * month-end snapshots are the whole book's.
   */
  private async computeScoped(month: string, groupBy: GroupDimension[], scope: BookScope): Promise<MonthFacts> {
    const units = new Set(scope.orgUnits);
    this.reads.bookLoads++;
    const { book, indexOf } = await loadLoanBook(this.portfolio, scope.loanFilter);
    const premiums: PremiumInput[] = [];
    for await (const premium of this.portfolio.premiums()) {
      const loan = premium.loanId ? indexOf(premium.loanId) : undefined;
      if (premium.loanId ? loan === undefined : !units.has(premium.orgUnit)) continue;
      premiums.push({
        loan: loan ?? -1,
        orgUnit: premium.orgUnit,
        dueDay: dayFromDate(premium.dueDate),
        amountCents: premium.amountCents,
        receivedCents: premium.receivedAmountCents,
        receivedDay: premium.receivedAt ? dayFromDate(premium.receivedAt) : NEVER,
      });
    }
    const financials = (await this.portfolio.financials()).filter((item) => item.orgUnit !== undefined && units.has(item.orgUnit)).map(financialsInput);
    const result = computePortfolioMonth({ book, premiums, financials, monthIndex: monthIndexFromText(month), groupBy, settings: this.settings });
    return this.factsView(month, groupBy, result, false);
  }

  async isPortfolioEmpty(): Promise<boolean> {
    return (await this.portfolio.countLoans()) === 0;
  }

  private async compute(month: string, groupBy: GroupDimension[], snapshot: boolean): Promise<MonthFacts> {
    const started = performance.now();
    const timing = emptyTiming();
    this.reads.pageReads++;
    const accumulator = await readBook(
      this.pages,
      this.portfolio,
      () => {
        const monthSums = new PortfolioMonthAccumulator(monthIndexFromText(month), groupBy, this.settings);
        return { add: (page) => monthSums.add(page.book, page.premiums), finish: () => monthSums };
      },
      timing,
    );
    const result = accumulator.finish((await this.portfolio.financials()).map(financialsInput));
    this.logger.info(
      { month, groupBy, loans: timing.loans, pages: timing.pages, durationMs: Math.round(performance.now() - started) },
      'computed portfolio facts',
    );
    return this.factsView(month, groupBy, result, snapshot);
  }

  private factsView(month: string, groupBy: GroupDimension[], result: PortfolioMonth, snapshot: boolean): MonthFacts {
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
