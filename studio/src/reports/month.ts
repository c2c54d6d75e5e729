/** Calendar months as the API writes them (YYYY-MM). */

/** The month `delta` months after (or before, when negative) `month`. */
export function shiftMonth(month: string, delta: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The last month that has ended, by the user's own calendar: monthly reports are about it. By
 * UTC, the first eight hours of a month in China would still belong to the month before.
 */
export function lastEndedMonth(now = new Date()): string {
  const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  return shiftMonth(thisMonth, -1);
}
