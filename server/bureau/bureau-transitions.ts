import type { BureauKind, BureauStatus } from '../generated/schema-types';
import { dateFromDay, dayFromDate, monthEndDay, monthIndexOfDay } from '../ground/calendar';

export type { BureauKind, BureauStatus };

/**
 * The credit-bureau queue's statuses and the moves between them (Art. 32), as pure functions the
 * job and the service share. See docs/bureau.md for the life of each kind.
 */
export type BureauAction = 'notice-sent' | 'release' | 'submit' | 'accept' | 'reject' | 'correct';

/** Statuses an item has once it went to the bureau in a batch: a reported compensation lets its loan's recoveries go. */
export const REPORTED_STATUSES: readonly BureauStatus[] = ['submitted', 'acknowledged', 'rejected', 'corrected'];

const MOVES: Record<BureauAction, { from: BureauStatus; to: BureauStatus; kinds?: readonly BureauKind[] }> = {
  // The notice to the obligor is not itself reported: it ends at notified.
  'notice-sent': { from: 'pending', to: 'notified', kinds: ['default-notice'] },
  // Waiting items (compensation for its notice and lead time, recovery for its compensation) become reportable.
  release: { from: 'pending', to: 'ready', kinds: ['compensation', 'recovery'] },
  submit: { from: 'ready', to: 'submitted' },
  accept: { from: 'submitted', to: 'acknowledged' },
  reject: { from: 'submitted', to: 'rejected' },
  correct: { from: 'rejected', to: 'corrected' },
};

/** The status after `action`, or null when the item's kind or status does not allow it. */
export function applyAction(kind: BureauKind, from: BureauStatus, action: BureauAction): BureauStatus | null {
  if (kind === 'default-notice' && action !== 'notice-sent') return null;
  // An accepted item can be corrected too (the bureau holds wrong values until it is).
  if (action === 'correct' && from === 'acknowledged') return 'corrected';
  const move = MOVES[action];
  if (move.from !== from) return null;
  if (move.kinds && !move.kinds.includes(kind)) return null;
  return move.to;
}

/** The first day a compensation report may become ready: the notice's sent date plus the lead time. */
export function noticeReadyOn(sentOn: string, leadDays: number): string {
  return dateFromDay(dayFromDate(sentOn) + leadDays);
}

/** Art. 32(2): the default (compensation) report waits until the obligor was notified and the lead time has passed. */
export function compensationReleasable(
  notice: { status: BureauStatus; notice?: { sentOn: string } | null } | undefined,
  leadDays: number,
  asOf: string,
): boolean {
  if (!notice || notice.status !== 'notified' || !notice.notice) return false;
  return noticeReadyOn(notice.notice.sentOn, leadDays) <= asOf;
}

/** Art. 32(2): recovery information is reported for policies whose compensation was reported; given the statuses of the loan's compensation items. */
export function recoveryReleasable(compensationStatuses: readonly BureauStatus[]): boolean {
  return compensationStatuses.some((status) => REPORTED_STATUSES.includes(status));
}

/**
 * The month-end whose overdue information a run on `asOf` reports: the last month-end before the day. The daily run
 * early on the 1st reports the month just closed, with the whole of its last day's repayments in the book.
 */
export function latestMonthEnd(asOf: string): string {
  return dateFromDay(monthEndDay(monthIndexOfDay(dayFromDate(asOf)) - 1));
}
