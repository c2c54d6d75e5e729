import { dateFromDay, monthEndDay, monthIndexFromText, monthIndexOfDay, monthText } from '../ground/calendar';

/**
 * The month-ends a backtest reads: the window's (evaluated by the versions) and the outcome window's after the last
 * (read only for outcomes). Month-ends in the window also serve as the outcome days of the earlier ones, so the facts of
 * each month-end are built once.
 */
export interface BacktestWindow {
  /** The evaluated month-ends, oldest first (YYYY-MM-DD). */
  monthEnds: string[];
  /** Every month-end read, oldest first: the window's, then `outcomeMonths` more. */
  allMonthEnds: string[];
  outcomeMonths: number;
}

/** `to` (YYYY-MM) defaults to the month `outcomeMonths` before the month that has just ended on `today`. */
export function backtestWindow(options: { to?: string; months: number; outcomeMonths: number; today: number }): BacktestWindow {
  const last = options.to === undefined ? monthIndexOfDay(options.today) - 1 - options.outcomeMonths : monthIndexFromText(options.to);
  const first = last - options.months + 1;
  const allMonthEnds = Array.from({ length: options.months + options.outcomeMonths }, (_, offset) => dateFromDay(monthEndDay(first + offset)));
  return { monthEnds: allMonthEnds.slice(0, options.months), allMonthEnds, outcomeMonths: options.outcomeMonths };
}

/** The quarter a month index falls in, as `2025Q3`: the vintage segment. */
export function quarterOf(monthIndex: number): string {
  const [year, month] = monthText(monthIndex).split('-');
  return `${year}Q${Math.floor((Number(month) - 1) / 3) + 1}`;
}
