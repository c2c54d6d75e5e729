import { measureOutcomes, WARNING_LEVELS, type OutcomeMeasures, type OutcomeObservation, type WarningLevel } from '../backtest/outcome-measures';
import type { Arm } from './challenger-split';

/**
 * One obligor in a test on one monitoring day, as the daily run recorded it: its arm, the level each version
 * raised (the arm's is the one acted on, the other is the shadow result) and whether the obligor was bad that
 * day (reachedOutcome: M3 or a claim, the backtest's definition).
 */
export interface DayObservation {
  obligorId: string;
  arm: Arm;
  championLevel: WarningLevel | null;
  challengerLevel: WarningLevel | null;
  bad: boolean;
}

export interface ObservedDay {
  asOf: string;
  rows: readonly DayObservation[];
}

export interface ArmComparison {
  arm: Arm;
  /** Obligor-days observed in this arm (obligors already bad on the day are left out: nothing left to predict). */
  observations: number;
  /** The arm's own version, the one acted on. */
  acted: OutcomeMeasures;
  /** The other version on the same obligors, evaluated and not acted on. */
  shadow: OutcomeMeasures;
}

export interface PeriodComparison {
  asOf: string;
  arms: ArmComparison[];
}

/** Days after an observation within which going bad counts (the backtest's outcome window: twelve months). */
export const OUTCOME_WINDOW_DAYS = 365;

const DAY_MS = 86_400_000;
const dayNumber = (asOf: string) => Math.round(Date.parse(`${asOf}T00:00:00Z`) / DAY_MS);

/**
 * Per arm, the measures of the backtest (measureOutcomes) on the observations of the days given: an
 * observation went bad when the obligor is bad on a later observed day within the window; its lead time
 * is the days to that first bad day when the level warned. `periods`: the days to report one by one
 * (the last observed day of each month); `overall` pools them.
 */
export function compareArms(days: readonly ObservedDay[], windowDays = OUTCOME_WINDOW_DAYS): { overall: ArmComparison[]; periods: PeriodComparison[] } {
  const sorted = [...days].sort((a, b) => a.asOf.localeCompare(b.asOf));
  // The first day each obligor was seen bad after each day is found from the bad days per obligor, ascending.
  const badDays = new Map<string, number[]>();
  for (const day of sorted) {
    const number = dayNumber(day.asOf);
    for (const row of day.rows)
      if (row.bad) {
        const list = badDays.get(row.obligorId);
        if (list) list.push(number);
        else badDays.set(row.obligorId, [number]);
      }
  }
  const firstBadAfter = (obligorId: string, day: number): number | undefined => badDays.get(obligorId)?.find((bad) => bad > day && bad <= day + windowDays);

  const monthEnds = lastDayOfEachMonth(sorted.map((day) => day.asOf));
  const pooled = emptyTallies();
  const periods: PeriodComparison[] = [];
  for (const day of sorted) {
    if (!monthEnds.has(day.asOf)) continue;
    const number = dayNumber(day.asOf);
    const tallies = emptyTallies();
    for (const row of day.rows) {
      if (row.bad) continue;
      const bad = firstBadAfter(row.obligorId, number);
      const acted = row.arm === 'champion' ? row.championLevel : row.challengerLevel;
      const shadow = row.arm === 'champion' ? row.challengerLevel : row.championLevel;
      for (const target of [tallies, pooled]) {
        target[row.arm].acted.push(observation(acted, bad, number));
        target[row.arm].shadow.push(observation(shadow, bad, number));
      }
    }
    periods.push({ asOf: day.asOf, arms: measured(tallies) });
  }
  return { overall: measured(pooled), periods };
}

function observation(level: WarningLevel | null, badDay: number | undefined, day: number): OutcomeObservation {
  return { level, wentBad: badDay !== undefined, leadDays: badDay !== undefined && level !== null ? badDay - day : null };
}

type Tallies = Record<Arm, { acted: OutcomeObservation[]; shadow: OutcomeObservation[] }>;

function emptyTallies(): Tallies {
  return { champion: { acted: [], shadow: [] }, challenger: { acted: [], shadow: [] } };
}

function measured(tallies: Tallies): ArmComparison[] {
  return (['champion', 'challenger'] as const).map((arm) => ({
    arm,
    observations: tallies[arm].acted.length,
    acted: measureOutcomes(tallies[arm].acted),
    shadow: measureOutcomes(tallies[arm].shadow),
  }));
}

/** The last observed day of each month: the month-ends the comparison reports (a run may miss the calendar month-end). */
export function lastDayOfEachMonth(days: readonly string[]): Set<string> {
  const last = new Map<string, string>();
  for (const day of days) {
    const month = day.slice(0, 7);
    const current = last.get(month);
    if (!current || day > current) last.set(month, day);
  }
  return new Set(last.values());
}

/** The most severe of two levels (an obligor with several lines of business has one level a day). */
export function severer(a: WarningLevel | null, b: WarningLevel | null): WarningLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return WARNING_LEVELS.indexOf(a) <= WARNING_LEVELS.indexOf(b) ? a : b;
}
