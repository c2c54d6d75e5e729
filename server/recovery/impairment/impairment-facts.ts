import { dayFromDate, monthEndDay, monthIndexFromText } from '../../ground/calendar';

/** What recovery.impairment reads of a recovery case: payment day, amounts in cents, collateral, legal action and handler. */
export interface ImpairmentRecord {
  caseId?: string;
  /** The claim's payment day (YYYY-MM-DD): the receivable is recognised then. */
  paidOn: string;
  /** What the obligor legally owes in total: indemnity, penalty (违约金) and costs (Art. 2(5)). */
  dueCents: number;
  recoveredCents: number;
  hasCollateral?: boolean | null;
  litigationStatus?: 'none' | 'preservation' | 'filed' | 'judgment' | 'enforcement' | null;
  handler?: 'own' | 'agency' | 'litigation' | null;
}

/**
 * The recovery.impairment facts of a case on a day (schemas/rulesets/facts/recovery-impairment-facts.json).
 * Pure. recoveredShare is capped at 1 and absent when nothing is due (no share of nothing); unknown
 * collateral, legal action or handler stay absent rather than guessed.
 */
export function impairmentFacts(record: ImpairmentRecord, day: string): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (record.caseId !== undefined) facts.caseId = record.caseId;
  facts.asOf = day;
  facts.monthsSincePayment = monthsBetween(record.paidOn, day);
  if (record.hasCollateral !== undefined && record.hasCollateral !== null) facts.hasCollateral = record.hasCollateral;
  if (record.litigationStatus) facts.litigationStatus = record.litigationStatus;
  if (record.dueCents > 0) facts.recoveredShare = Math.min(1, Math.max(0, record.recoveredCents) / record.dueCents);
  if (record.handler) facts.handler = record.handler;
  return facts;
}

/**
 * Whole months from one date to another, at least 0. A month is complete on the same day of the
 * month, or on the month's last day when the month is shorter (31 Jan to 28 Feb is one month), so
 * a month-end run counts a month-end payment's months fully.
 */
export function monthsBetween(from: string, to: string): number {
  const months = monthIndexFromText(to) - monthIndexFromText(from);
  const toDay = dayFromDate(to);
  const anniversaryDay = Math.min(dayFromDate(`${to.slice(0, 8)}01`) + Number(from.slice(8, 10)) - 1, monthEndDay(monthIndexFromText(to)));
  return Math.max(0, toDay >= anniversaryDay ? months : months - 1);
}
