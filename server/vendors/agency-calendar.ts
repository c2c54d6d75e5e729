import { dayFromDate, dateFromDay } from '../ground/calendar';

/**
 * Calendar months for the register (pure): months in business as of a decision day, and a day some
 * months later (a check's expiry). A month is complete on the same day of a later month; a day that
 * month lacks (the 31st, 29 February) falls on its last day, so an agency founded on 31 December is
 * two months old on 28 February.
 */
function parts(date: string): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole months from `from` to `asOf` (0 when asOf is before from). */
export function wholeMonthsBetween(from: string, asOf: string): number {
  if (asOf <= from) return 0;
  const start = parts(from);
  const end = parts(asOf);
  let months = (end.year - start.year) * 12 + (end.month - start.month);
  if (end.day < Math.min(start.day, daysIn(end.year, end.month))) months -= 1;
  return Math.max(0, months);
}

/** The day `months` months after `date` (the same day of the month, or that month's last day). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysIn(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

/** The day `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return dateFromDay(dayFromDate(date) + days);
}
