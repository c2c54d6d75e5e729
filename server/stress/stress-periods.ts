import { dateFromDay, monthEndDay, monthIndexFromText, monthText } from '../ground/calendar';

/** A base period of a stress test: the quarter or year whose figures are stressed, and the period it tests (the next one). */
export interface StressPeriodInfo {
  period: string;
  horizon: 'quarter' | 'year';
  /** The next quarter or year, which the test is about. */
  horizonPeriod: string;
  horizonMonths: 3 | 12;
  /** The base period's months (YYYY-MM), first to last. */
  months: string[];
  /** The base period's last day (YYYY-MM-DD). */
  endDate: string;
}

/** 2026-Q4 (tests 2027-Q1) or 2026 (tests 2027); undefined when the text is neither. */
export function stressPeriod(period: string): StressPeriodInfo | undefined {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!match) return undefined;
  const year = Number(match[1]);
  const quarter = match[2] === undefined ? undefined : Number(match[2]);
  const first = monthIndexFromText(`${year}-${String(quarter === undefined ? 1 : quarter * 3 - 2).padStart(2, '0')}`);
  const count = quarter === undefined ? 12 : 3;
  const months = Array.from({ length: count }, (_, index) => monthText(first + index));
  const horizonPeriod = quarter === undefined ? String(year + 1) : quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
  return {
    period,
    horizon: quarter === undefined ? 'year' : 'quarter',
    horizonPeriod,
    horizonMonths: quarter === undefined ? 12 : 3,
    months,
    endDate: dateFromDay(monthEndDay(first + count - 1)),
  };
}

/**
 * The base periods a scheduled run covers for the month just ended: its quarter when the month ends a quarter, and its
 * year too in December (Art. 33: each quarter end for the next quarter, each year end for the next year).
 */
export function periodsEndingWith(month: string): string[] {
  const [year, monthOfYear] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  if (monthOfYear % 3 !== 0) return [];
  return [`${year}-Q${monthOfYear / 3}`, ...(monthOfYear === 12 ? [String(year)] : [])];
}
