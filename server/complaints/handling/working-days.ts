import { dateFromDay, dayFromDate } from '../../ground/calendar';

/**
 * Working days for the complaint limits counted in them (acceptance within 5 working days):
 * Monday to Friday. Public holidays and the make-up working days around them are not known to the
 * platform yet, so a limit over a holiday comes out earlier than the law's: stricter, never later.
 */
function isWorkingDay(day: number): boolean {
  // Day 0 (1970-01-01) was a Thursday: 0 Thursday ... 2 Saturday, 3 Sunday.
  const weekday = ((((day % 7) + 7) % 7) + 4) % 7;
  return weekday !== 0 && weekday !== 6;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  const start = dayFromDate(from);
  const end = dayFromDate(to);
  if (end <= start) return 0;
  const whole = Math.floor((end - start) / 7);
  let count = whole * 5;
  for (let day = start + whole * 7 + 1; day <= end; day++) if (isWorkingDay(day)) count++;
  return count;
}

/** The date `count` working days after `from` (`from` itself for 0). */
export function addWorkingDays(from: string, count: number): string {
  let day = dayFromDate(from);
  for (let left = count; left > 0;) {
    day++;
    if (isWorkingDay(day)) left--;
  }
  return dateFromDay(day);
}
