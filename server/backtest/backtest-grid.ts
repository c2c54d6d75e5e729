import { OutcomeTally, WARNING_LEVELS, type OutcomeMeasures, type WarningLevel } from './outcome-measures';

/** The segment dimensions a backtest reports (Art. 7(1): thresholds by customer tier, channel, vintage). */
export const SEGMENT_DIMENSIONS = ['customerTier', 'channel', 'vintage', 'orgUnit'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];
export type SegmentValues = Record<SegmentDimension, string>;

/** What a subject's facts at a month-end say about the outcome: nothing yet, the outcome reached, or nothing outstanding. */
export const SubjectState = { Open: 0, Bad: 1, Settled: 2 } as const;
export type SubjectState = (typeof SubjectState)[keyof typeof SubjectState];

/** Lead-time bands in days (month-ends are about 30 days apart); the last is open. */
export const LEAD_TIME_BANDS: readonly [number, number | null][] = [
  [0, 30],
  [31, 60],
  [61, 90],
  [91, 120],
  [121, 180],
  [181, null],
];

const NOT_EVALUATED = -1;

interface MonthColumns {
  day: number;
  globalOf: Int32Array;
  state: Uint8Array;
  /** Per version: the rank of the most severe level raised (0 none, 1 yellow, 2 orange, 3 red), -1 when not evaluated. */
  levels: Int8Array[];
}

export interface VersionMeasures {
  overall: OutcomeMeasures;
  segments: { dimension: SegmentDimension; value: string; measures: OutcomeMeasures }[];
}

export interface GridMeasures {
  subjects: number;
  observations: number;
  excluded: { alreadyBad: number; settled: number };
  versions: VersionMeasures[];
}

const levelOfRank = (rank: number): WarningLevel | null => (rank <= 0 ? null : WARNING_LEVELS[WARNING_LEVELS.length - rank]!);

/** The rank measureOutcomes orders levels by: 0 for none, up to 3 for red. */
export const rankOfLevel = (level: WarningLevel | null): number => (level === null ? 0 : WARNING_LEVELS.length - WARNING_LEVELS.indexOf(level));

/**
 * The backtest's observations, kept as columns per month-end (a few bytes per subject and month, so a million obligors
 * over eighteen month-ends fit): each month-end's subjects, their outcome state, and each version's level where the
 * month-end is in the window. Pure: the service fills it from the facts and the compiled rule sets, then measures.
 *
 * An observation is a subject (obligor and line of business) at a window month-end that has not already gone bad and
 * still owes something; it went bad when its facts at one of the next `outcomeMonths` month-ends reach the outcome
 * (reachedOutcome: M3 or a claim). Its lead time runs from the first of the consecutive month-ends up to this one at
 * which the version warned it, to the first month-end at which it was bad.
 */
export class BacktestGrid {
  private readonly months: (MonthColumns | undefined)[];
  private readonly indexOf = new Map<string, number>();
  private readonly segments: SegmentValues[] = [];

  constructor(
    private readonly days: readonly number[],
    private readonly windowMonths: number,
    private readonly versionCount: number,
    private readonly outcomeMonths: number,
  ) {
    this.months = days.map(() => undefined);
  }

  beginMonth(month: number, size: number): void {
    const evaluated = month < this.windowMonths;
    this.months[month] = {
      day: this.days[month]!,
      globalOf: new Int32Array(size),
      state: new Uint8Array(size),
      levels: Array.from({ length: this.versionCount }, () => new Int8Array(evaluated ? size : 0).fill(NOT_EVALUATED)),
    };
  }

  /** A subject at a month-end: `segment` is asked only the first time the subject is seen. */
  subject(month: number, local: number, key: string, state: SubjectState, segment: () => SegmentValues): void {
    let global = this.indexOf.get(key);
    if (global === undefined) {
      global = this.segments.length;
      this.indexOf.set(key, global);
      this.segments.push(segment());
    }
    const columns = this.months[month]!;
    columns.globalOf[local] = global;
    columns.state[local] = state;
  }

  level(month: number, version: number, local: number, level: WarningLevel | null): void {
    this.months[month]!.levels[version]![local] = rankOfLevel(level);
  }

  /** The level as its rank (0 none ... 3 red), as the evaluation gives it. */
  rank(month: number, version: number, local: number, rank: number): void {
    this.months[month]!.levels[version]![local] = rank;
  }

  measure(): GridMeasures {
    const subjects = this.segments.length;
    // Where each subject sits at each month-end (-1: not on the book then).
    const localOf = this.months.map((columns) => {
      const map = new Int32Array(subjects).fill(-1);
      if (columns) for (let local = 0; local < columns.globalOf.length; local++) map[columns.globalOf[local]!] = local;
      return map;
    });
    const overall = Array.from({ length: this.versionCount }, () => new OutcomeTally());
    const bySegment = Array.from({ length: this.versionCount }, () => new Map<string, OutcomeTally>());
    const excluded = { alreadyBad: 0, settled: 0 };
    let observations = 0;
    for (let month = 0; month < this.windowMonths; month++) {
      const columns = this.months[month];
      if (!columns) continue;
      for (let local = 0; local < columns.globalOf.length; local++) {
        const state = columns.state[local]!;
        if (state === SubjectState.Bad) excluded.alreadyBad++;
        if (state === SubjectState.Settled) excluded.settled++;
        if (state !== SubjectState.Open) continue;
        observations++;
        const global = columns.globalOf[local]!;
        const outcomeDay = this.outcomeDay(global, month, localOf);
        const wentBad = outcomeDay !== null;
        const segment = this.segments[global]!;
        for (let version = 0; version < this.versionCount; version++) {
          const rank = columns.levels[version]![local]!;
          const level = levelOfRank(rank);
          const lead = wentBad && level !== null ? outcomeDay - this.firstWarningDay(global, month, version, localOf) : null;
          overall[version]!.add(level, wentBad, lead);
          for (const dimension of SEGMENT_DIMENSIONS) {
            const key = `${dimension}\u0000${segment[dimension]}`;
            let tally = bySegment[version]!.get(key);
            if (!tally) bySegment[version]!.set(key, (tally = new OutcomeTally()));
            tally.add(level, wentBad, lead);
          }
        }
      }
    }
    return {
      subjects,
      observations,
      excluded,
      versions: overall.map((tally, version) => ({
        overall: tally.measures(),
        segments: [...bySegment[version]!.entries()]
          .map(([key, segmentTally]) => {
            const [dimension, value] = key.split('\u0000') as [SegmentDimension, string];
            return { dimension, value, measures: segmentTally.measures() };
          })
          .sort((a, b) => SEGMENT_DIMENSIONS.indexOf(a.dimension) - SEGMENT_DIMENSIONS.indexOf(b.dimension) || a.value.localeCompare(b.value)),
      })),
    };
  }

  /** The day of the first month-end after `month`, within the outcome window, at which the subject was bad; null when none. */
  private outcomeDay(global: number, month: number, localOf: Int32Array[]): number | null {
    for (let later = month + 1; later <= month + this.outcomeMonths && later < this.days.length; later++) {
      const columns = this.months[later];
      const local = localOf[later]![global]!;
      if (columns && local >= 0 && columns.state[local] === SubjectState.Bad) return columns.day;
    }
    return null;
  }

  /** The first of the consecutive window month-ends up to `month` at which the version warned the subject. */
  private firstWarningDay(global: number, month: number, version: number, localOf: Int32Array[]): number {
    let first = month;
    for (let earlier = month - 1; earlier >= 0; earlier--) {
      const columns = this.months[earlier];
      const local = localOf[earlier]![global]!;
      if (!columns || local < 0 || columns.levels[version]![local]! <= 0) break;
      first = earlier;
    }
    return this.days[first]!;
  }
}

/** Lead times counted in LEAD_TIME_BANDS. */
export function leadTimeBands(leadDays: readonly number[]): { fromDays: number; toDays: number | null; count: number }[] {
  return LEAD_TIME_BANDS.map(([fromDays, toDays]) => ({
    fromDays,
    toDays,
    count: leadDays.filter((days) => days >= fromDays && (toDays === null || days <= toDays)).length,
  }));
}
