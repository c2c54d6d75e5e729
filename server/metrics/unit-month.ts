import { createHash } from 'node:crypto';
import { isInternetChannel } from '../authority/responsibility';
import type { FinancialsInput } from './financial-ratios';
import type { PageBook } from './page-book';
import { PortfolioMonthAccumulator, type PortfolioMonth } from './portfolio-month';
import type { MetricSettings } from './metric-settings';
import type { GroupDimension } from './segments';
import { RollRateAccumulator, type RollRow } from './roll-rates';
import { VintageAccumulator, type VintageCurve } from './vintages';
import { monthText } from '../ground/calendar';
import { vintageKey } from './snapshot-keys';

/** The vintage curves stored per unit for a month: the portfolio page's (the twelve cohorts up to the month, 30 days past due). */
export const UNIT_VINTAGE_COHORTS = 12;
export const UNIT_VINTAGE_THRESHOLD = 30;

export function unitVintageParameters(monthIndex: number): { from: string; to: string; threshold: number } {
  return { from: monthText(monthIndex - UNIT_VINTAGE_COHORTS + 1), to: monthText(monthIndex), threshold: UNIT_VINTAGE_THRESHOLD };
}

export function unitVintageKey(monthIndex: number): string {
  const { from, to, threshold } = unitVintageParameters(monthIndex);
  return vintageKey(from, to, threshold);
}

/** A share's cohort views of a month: the roll-rate matrix into it and the portfolio page's vintage curves observed at it. */
export interface UnitCohorts {
  rollRates: RollRow[];
  vintages: VintageCurve[];
}

/**
 * One org unit's share of the book as the stored pages show it (the same share a BookScope's
 * record filter selects): the loans of its subtree's units that are not internet business, the
 * premiums of those loans or (without a loan) of those units, the financials of those units.
 */
export interface UnitShare {
  orgUnits: readonly string[];
  excludedChannels: readonly string[];
}

/**
 * The key a share's month-end snapshots are stored under: its units and excluded channels, so a
 * changed tree or setting is another key (computed afresh) rather than stale figures.
 */
export function shareKey(share: UnitShare): string {
  const identity = JSON.stringify([[...share.orgUnits].sort(), [...share.excludedChannels].sort()]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 24);
}

/** The sorted, comma-joined dimensions a grouping is stored under ('' for the total only). */
export function groupingKey(groupBy: readonly GroupDimension[]): string {
  return [...groupBy].sort().join(',');
}

export function groupingOf(key: string): GroupDimension[] {
  return key === '' ? [] : (key.split(',') as GroupDimension[]);
}

/**
 * A month's figures for the whole book and for every share at once, in one pass over the pages:
 * each (share or the whole book, grouping) has its own accumulator, fed the page with the share's
 * loans and premiums marked. The whole book's figures are exactly what one accumulator gives.
 */
export class UnitMonthAccumulator {
  private readonly whole: Map<string, PortfolioMonthAccumulator>;
  /** The whole book's cohort views (HQ's portfolio page), beside each share's. */
  private readonly wholeCohorts: { rollRates: RollRateAccumulator; vintages: VintageAccumulator };
  private readonly shares: {
    share: UnitShare;
    units: Set<string>;
    months: Map<string, PortfolioMonthAccumulator>;
    rollRates: RollRateAccumulator;
    vintages: VintageAccumulator;
  }[];

  constructor(monthIndex: number, shares: readonly UnitShare[], groupings: readonly string[], settings: MetricSettings) {
    const accumulators = () => new Map(groupings.map((key) => [key, new PortfolioMonthAccumulator(monthIndex, groupingOf(key), settings)]));
    this.whole = accumulators();
    const first = monthIndex - UNIT_VINTAGE_COHORTS + 1;
    this.wholeCohorts = {
      rollRates: new RollRateAccumulator(monthIndex, settings),
      vintages: new VintageAccumulator(first, monthIndex, UNIT_VINTAGE_THRESHOLD, monthIndex),
    };
    this.shares = shares.map((share) => ({
      share,
      units: new Set(share.orgUnits),
      months: accumulators(),
      rollRates: new RollRateAccumulator(monthIndex, settings),
      vintages: new VintageAccumulator(first, monthIndex, UNIT_VINTAGE_THRESHOLD, monthIndex),
    }));
  }

  add(page: PageBook): void {
    const { book, premiums } = page;
    for (const month of this.whole.values()) month.add(book, premiums);
    this.wholeCohorts.rollRates.add(book);
    this.wholeCohorts.vintages.add(book);
    const unitCodes = book.dimensionCodes.orgUnit;
    const channelCodes = book.dimensionCodes.channel;
    for (const { share, units, months, rollRates, vintages } of this.shares) {
      const unitIn = book.dimensionValues.orgUnit.map((unit) => units.has(unit));
      const channelIn = book.dimensionValues.channel.map((channel) => !isInternetChannel(channel, share.excludedChannels));
      const loans = new Uint8Array(book.size);
      let any = false;
      for (let loan = 0; loan < book.size; loan++) if ((loans[loan] = unitIn[unitCodes[loan]!]! && channelIn[channelCodes[loan]!]! ? 1 : 0)) any = true;
      const kept = Uint8Array.from(premiums, (premium) => ((premium.loan >= 0 ? loans[premium.loan] === 1 : units.has(premium.orgUnit)) ? 1 : 0));
      if (!any && !kept.includes(1)) continue;
      for (const month of months.values()) month.add(book, premiums, { loans, premiums: kept });
      if (!any) continue;
      rollRates.add(book, loans);
      vintages.add(book, loans);
    }
  }

  /** The whole book's months by grouping key and cohort views, and each share's, in the order the shares were given. */
  finish(financials: readonly FinancialsInput[]): {
    whole: Map<string, PortfolioMonth>;
    wholeCohorts: UnitCohorts;
    shares: Map<string, PortfolioMonth>[];
    cohorts: UnitCohorts[];
  } {
    const finished = (months: Map<string, PortfolioMonthAccumulator>, rows: readonly FinancialsInput[]) =>
      new Map([...months].map(([key, month]) => [key, month.finish(rows)]));
    return {
      whole: finished(this.whole, financials),
      wholeCohorts: { rollRates: this.wholeCohorts.rollRates.finish(), vintages: this.wholeCohorts.vintages.finish() },
      shares: this.shares.map(({ units, months }) =>
        finished(
          months,
          financials.filter((row) => row.orgUnit !== undefined && units.has(row.orgUnit)),
        ),
      ),
      cohorts: this.shares.map(({ rollRates, vintages }) => ({ rollRates: rollRates.finish(), vintages: vintages.finish() })),
    };
  }
}
