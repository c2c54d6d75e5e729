/**
 * Dates as whole UTC day numbers (days since 1970-01-01) and months as month indexes
 * (year * 12 + month - 1). Dates in this domain carry no time of day, and integer arithmetic
 * keeps "due on D is 1 day past due on D+1" and month boundaries exact and fast.
 */
const MS_PER_DAY = 86_400_000;

export function dayFromDate(text: string): number {
  // Fast path for the canonical YYYY-MM-DD form the schemas enforce.
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function dateFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function monthIndexFromText(text: string): number {
  return Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
}

export function monthText(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function monthIndexOfDay(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The last day of the month: payments made on it count for that month's snapshot. */
export function monthEndDay(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  return Math.floor(Date.UTC(year, month + 1, 1) / MS_PER_DAY) - 1;
}

export function monthStartDay(monthIndex: number): number {
  return monthEndDay(monthIndex - 1) + 1;
}

/** Calendar months between disbursement and the as-of date (January to March is 2). */
export function monthsOnBook(disbursedDay: number, asOfDay: number): number {
  return Math.max(0, monthIndexOfDay(asOfDay) - monthIndexOfDay(disbursedDay));
}

export function todayDay(now: Date = new Date()): number {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

/** The UTC calendar day (YYYY-MM-DD) a moment falls on. */
export function dateOfMoment(at: Date): string {
  return dateFromDay(todayDay(at));
}
