import { dateFromDay, dayFromDate, monthEndDay, monthIndexFromText, monthIndexOfDay, monthText } from '../ground/calendar';

/**
 * How far the book's data is complete (docs/metrics.md, "Data completeness"). A month's figures
 * are only facts once every record of the month has arrived: before that, loans look overdue for
 * want of their repayments and premium income is 0. Pure, so the rule is unit-tested without a
 * database.
 *
 * The kinds that make the month figures and arrive as a running feed. Claims, recoveries and
 * ratings are events that may not happen in a month at all, so their absence proves nothing.
 */
export const COMPLETENESS_KINDS = ['loans', 'repayments', 'premiums', 'financials'] as const;
export type CompletenessKind = (typeof COMPLETENESS_KINDS)[number];

/** The latest date each kind has reached (financials: the latest month), as imports saw them. */
export type LatestByKind = Partial<Record<CompletenessKind, string>>;

export interface Declaration {
  completeThrough: string;
  declaredBy: string;
  declaredAt: Date;
  reason?: string;
}

export interface KindCoverage {
  latest: string | null;
  coversThrough: string | null;
}

export interface Completeness {
  /** The date up to which the data is complete: the declaration if there is one, else the derived date. */
  dataCompleteThrough: string | null;
  /** The last month whose every day is complete. */
  lastCompleteMonth: string | null;
  source: 'declared' | 'derived' | 'none';
  declared: Declaration | null;
  derived: { completeThrough: string | null; kinds: Record<CompletenessKind, KindCoverage> };
}

/**
 * The date (YYYY-MM-DD, or YYYY-MM for financials) a stored row of a kind shows the feed has
 * reached: a loan's disbursement, a repayment's payment, a premium's receipt (a received amount
 * without a date counts from the due date, as premiumReceivable reads it: a premium only due
 * says nothing about the feed), a month of financials. Undefined for kinds that do not count.
 */
export function activityDate(kind: string, document: Record<string, unknown>): string | undefined {
  switch (kind) {
    case 'loans':
      return document.disbursedAt as string;
    case 'repayments':
      return document.paidAt as string;
    case 'premiums':
      if (typeof document.receivedAt === 'string') return document.receivedAt;
      return (document.receivedAmountCents as number) > 0 ? (document.dueDate as string) : undefined;
    case 'financials':
      return document.month as string;
    default:
      return undefined;
  }
}

/**
 * What a kind's latest date says is complete. A dated feed arrives in date order, so once it has
 * a record of day D everything before D has arrived (D itself may still be arriving). Financials
 * come a month at a time: a month's row covers the month.
 */
export function coversThrough(kind: CompletenessKind, latest: string | undefined): string | null {
  if (latest === undefined) return null;
  if (kind === 'financials') return dateFromDay(monthEndDay(monthIndexFromText(latest)));
  return dateFromDay(dayFromDate(latest) - 1);
}

/**
 * The derived date: the earliest of what every kind the book has received covers. Kinds never
 * imported do not hold it back (a book without financials has no combined ratios to be
 * incomplete); without loans there is no book, and nothing is complete.
 */
export function derivedCompleteThrough(latest: LatestByKind): Completeness['derived'] {
  const kinds = Object.fromEntries(
    COMPLETENESS_KINDS.map((kind) => [kind, { latest: latest[kind] ?? null, coversThrough: coversThrough(kind, latest[kind]) }]),
  ) as Record<CompletenessKind, KindCoverage>;
  if (latest.loans === undefined) return { completeThrough: null, kinds };
  const covered = Object.values(kinds)
    .map((kind) => kind.coversThrough)
    .filter((date): date is string => date !== null);
  return { completeThrough: covered.reduce((earliest, date) => (date < earliest ? date : earliest)), kinds };
}

export function completeness(latest: LatestByKind, declared: Declaration | null): Completeness {
  const derived = derivedCompleteThrough(latest);
  const dataCompleteThrough = declared?.completeThrough ?? derived.completeThrough;
  return {
    dataCompleteThrough,
    lastCompleteMonth: lastCompleteMonth(dataCompleteThrough),
    source: declared ? 'declared' : derived.completeThrough ? 'derived' : 'none',
    declared,
    derived,
  };
}

/** The last month that ends on or before the date (31 October -> 2025-10; 30 October -> 2025-09). */
export function lastCompleteMonth(completeThrough: string | null): string | null {
  if (completeThrough === null) return null;
  return monthText(monthIndexOfDay(dayFromDate(completeThrough) + 1) - 1);
}

/** Whether every day of the month is complete. */
export function monthComplete(month: string, completeThrough: string | null): boolean {
  return completeThrough !== null && dateFromDay(monthEndDay(monthIndexFromText(month))) <= completeThrough;
}
