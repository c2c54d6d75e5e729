import type { WarningEvent } from '../generated/schema-types';

/**
 * How well warning levels predicted outcomes (Art. 7: indicators must discriminate between obligors that go bad and
 * those that do not). Pure: the backtest (past month-ends) and champion/challenger (live arms) both hand it one
 * observation per obligor and month-end and compare the results, so the two always measure alike.
 */

export type WarningLevel = WarningEvent['level'];

/** Most severe first; the order the levels rank obligors in for KS and AUC. */
export const WARNING_LEVELS: readonly WarningLevel[] = ['red', 'orange', 'yellow'];

export interface OutcomeObservation {
  /** The most severe level the version raised for the obligor at the month-end, or null when it raised none. */
  level: WarningLevel | null;
  /** Whether the obligor reached the outcome (M3, a claim, a loss) within the outcome window after the month-end. */
  wentBad: boolean;
  /** Days from the first warning to the outcome, when both happened (the lead time). */
  leadDays?: number | null;
}

export interface LevelMeasures {
  level: WarningLevel;
  /** Obligors flagged at exactly this level, and those among them that went bad. */
  flagged: number;
  flaggedBad: number;
  /** Obligors flagged at this level or a more severe one: the cut-off a policy owner acts on. */
  flaggedAtOrAbove: number;
  flaggedBadAtOrAbove: number;
  /** Share of the flagged (at or above) that went bad; null when none were flagged. */
  precision: number | null;
  /** Share of all bad obligors flagged at or above this level; null when none went bad. */
  recall: number | null;
  /** Precision over the base rate; null when either is undefined or the base rate is zero. */
  lift: number | null;
}

export interface OutcomeMeasures {
  observations: number;
  bad: number;
  /** Share of all observations that went bad. */
  baseRate: number | null;
  levels: LevelMeasures[];
  /** Kolmogorov-Smirnov statistic of the level ordering (largest gap between the bad and good cumulative shares). */
  ks: number | null;
  /** Area under the ROC curve of the level ordering, ties counted half (0.5 = no discrimination). */
  auc: number | null;
  /** Lead times in days, ascending, of the bad obligors that were warned before their outcome. */
  leadDays: number[];
  leadDaysMedian: number | null;
}

const rank = (level: WarningLevel | null): number => (level === null ? 0 : WARNING_LEVELS.length - WARNING_LEVELS.indexOf(level));

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function measureOutcomes(observations: Iterable<OutcomeObservation>): OutcomeMeasures {
  const tally = new OutcomeTally();
  for (const observation of observations) tally.add(observation.level, observation.wentBad, observation.leadDays);
  return tally.measures();
}

/**
 * The tallies measureOutcomes derives everything from, filled one observation at a time: a backtest keeps one per version
 * and segment and adds millions of observations without building an object for each.
 */
export class OutcomeTally {
  // Counts per rank (0 = no warning, 1 = yellow ... 3 = red): everything derives from these, so a million observations
  // cost one pass and a few integers.
  private readonly goodByRank = new Array<number>(WARNING_LEVELS.length + 1).fill(0);
  private readonly badByRank = new Array<number>(WARNING_LEVELS.length + 1).fill(0);
  private readonly leadDays: number[] = [];

  add(level: WarningLevel | null, wentBad: boolean, leadDays?: number | null): void {
    const r = rank(level);
    if (wentBad) {
      this.badByRank[r] = (this.badByRank[r] ?? 0) + 1;
      if (level !== null && leadDays !== undefined && leadDays !== null) this.leadDays.push(leadDays);
    } else this.goodByRank[r] = (this.goodByRank[r] ?? 0) + 1;
  }

  measures(): OutcomeMeasures {
    const { goodByRank, badByRank } = this;
    const count = (tally: number[], r: number) => tally[r] ?? 0;
    const bad = badByRank.reduce((a, b) => a + b, 0);
    const good = goodByRank.reduce((a, b) => a + b, 0);
    const total = bad + good;
    const baseRate = share(bad, total);

    const levels: LevelMeasures[] = [];
    let flaggedAtOrAbove = 0;
    let flaggedBadAtOrAbove = 0;
    for (const level of WARNING_LEVELS) {
      const r = rank(level);
      const flagged = count(goodByRank, r) + count(badByRank, r);
      flaggedAtOrAbove += flagged;
      flaggedBadAtOrAbove += count(badByRank, r);
      const precision = share(flaggedBadAtOrAbove, flaggedAtOrAbove);
      levels.push({
        level,
        flagged,
        flaggedBad: count(badByRank, r),
        flaggedAtOrAbove,
        flaggedBadAtOrAbove,
        precision,
        recall: share(flaggedBadAtOrAbove, bad),
        lift: precision === null || baseRate === null || baseRate === 0 ? null : precision / baseRate,
      });
    }

    const leadDays = [...this.leadDays].sort((a, b) => a - b);
    return { observations: total, bad, baseRate, levels, ...discrimination(goodByRank, badByRank), leadDays, leadDaysMedian: median(leadDays) };
  }
}

/** KS and AUC from the tallies per rank, walking from the most severe rank down. */
function discrimination(goodByRank: number[], badByRank: number[]): { ks: number | null; auc: number | null } {
  const bad = badByRank.reduce((a, b) => a + b, 0);
  const good = goodByRank.reduce((a, b) => a + b, 0);
  if (bad === 0 || good === 0) return { ks: null, auc: null };
  let ks = 0;
  let badAbove = 0;
  let goodAbove = 0;
  // AUC = P(score(bad) > score(good)) + ½ P(equal): for each rank, the bad there beat every good ranked lower.
  let wins = 0;
  for (let r = goodByRank.length - 1; r >= 0; r -= 1) {
    const goodHere = goodByRank[r] ?? 0;
    const badHere = badByRank[r] ?? 0;
    const goodBelow = good - goodAbove - goodHere;
    wins += badHere * goodBelow + 0.5 * badHere * goodHere;
    badAbove += badHere;
    goodAbove += goodHere;
    ks = Math.max(ks, Math.abs(badAbove / bad - goodAbove / good));
  }
  return { ks, auc: wins / (bad * good) };
}

function median(sorted: number[]): number | null {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) return null;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** The outcome a warning is judged against: the obligor reached M3 (90 days past due) or a claim was made. */
export type Outcome = 'm3' | 'claim';

/** Days past due from which an obligor counts as M3. */
export const M3_DAYS_PAST_DUE = 90;

/**
 * Whether an obligor's facts on a later day show the outcome. One definition for the backtest (facts at later
 * month-ends) and champion/challenger (facts of later monitoring days), so both call the same obligors bad.
 */
export function reachedOutcome(facts: { dpd?: number | null; claimed?: boolean | null }): Outcome | null {
  if (facts.claimed === true) return 'claim';
  if ((facts.dpd ?? 0) >= M3_DAYS_PAST_DUE) return 'm3';
  return null;
}
