import type { ComplaintStatus, Role } from '../generated/schema-types';
import { ConflictError, ForbiddenError, ValidationError } from '../http/errors';
import type { ComplaintRecord } from './complaint.model';

/**
 * The complaint workflow (Arts 25-29) as data: where each action may start, who may take it, and
 * what status it leaves. Pure: the service applies the change through the revision gate.
 */
export type ComplaintAction =
  'accept' | 'reject' | 'investigate' | 'extend' | 'decide' | 'mediate' | 'feedback' | 'callback' | 'root-cause' | 'submit' | 'review';

export const COMPLAINT_ACTIONS: readonly ComplaintAction[] = [
  'accept',
  'reject',
  'investigate',
  'extend',
  'decide',
  'mediate',
  'feedback',
  'callback',
  'root-cause',
  'submit',
  'review',
];

const OPEN_WORK: readonly ComplaintStatus[] = ['accepted', 'investigating', 'rework'];

export const FROM: Record<ComplaintAction, readonly ComplaintStatus[]> = {
  accept: ['received'],
  reject: ['received'],
  investigate: ['accepted', 'rework'],
  extend: OPEN_WORK,
  decide: OPEN_WORK,
  mediate: ['decided', 'rework'],
  feedback: ['decided', 'rejected', 'rework'],
  callback: ['decided', 'rejected', 'rework'],
  'root-cause': ['accepted', 'investigating', 'decided', 'rework'],
  submit: ['decided', 'rejected', 'rework'],
  review: ['in-review'],
};

/** The handling unit's operators work a complaint; an approver extends a deadline and reviews a closure (never one who handled it). */
export const ACTION_ROLES: Record<ComplaintAction, readonly Role[]> = {
  accept: ['branch-operator'],
  reject: ['branch-operator'],
  investigate: ['branch-operator'],
  extend: ['approver'],
  decide: ['branch-operator'],
  mediate: ['branch-operator'],
  feedback: ['branch-operator'],
  callback: ['branch-operator'],
  'root-cause': ['branch-operator'],
  submit: ['branch-operator'],
  review: ['approver'],
};

/** The status an action leaves (the review's depends on what it finds: see reviewOutcome). Steps that record a fact keep the status. */
export function statusAfter(action: Exclude<ComplaintAction, 'review'>, current: ComplaintStatus): ComplaintStatus {
  switch (action) {
    case 'accept':
      return 'accepted';
    case 'reject':
      return 'rejected';
    case 'investigate':
      return 'investigating';
    case 'decide':
      return 'decided';
    case 'submit':
      return 'in-review';
    default:
      return current;
  }
}

export function assertCanAct(complaint: Pick<ComplaintRecord, 'status'>, action: ComplaintAction): void {
  if (!FROM[action].includes(complaint.status))
    throw new ConflictError('invalid_state', `A complaint that is ${complaint.status} cannot take "${action}"`, [
      { path: '/status', message: `is ${complaint.status}; ${action} needs ${FROM[action].join(' or ')}` },
    ]);
}

/**
 * What a closure review requires (Art. 29), as the items missing from the record: a rejected
 * complaint needs its reasons and the feedback; an accepted one the evidence, the decision with
 * responsibility attributed, the feedback, the satisfaction call-back and the root cause; a
 * mediation its result. Empty: complete.
 */
export function missingForClosure(complaint: ComplaintRecord): string[] {
  const missing: string[] = [];
  if (complaint.rejection) {
    if (complaint.rejection.reasons.length === 0) missing.push('rejection.reasons');
    if (!complaint.feedback) missing.push('feedback');
    return missing;
  }
  if (!complaint.acceptance) missing.push('acceptance');
  if (!complaint.decision) missing.push('decision');
  else if (complaint.decision.responsibility.length === 0) missing.push('decision.responsibility');
  if (complaint.mediation && !complaint.mediation.result) missing.push('mediation.result');
  if (!complaint.feedback) missing.push('feedback');
  if (!complaint.callback) missing.push('callback');
  if (!complaint.rootCause) missing.push('rootCause');
  return missing;
}

/** A review that asked to close closes only a complete record; otherwise (or when asked) it sends the complaint back with what is missing. */
export function reviewOutcome(
  complaint: ComplaintRecord,
  requested: 'close' | 'rework',
  listedByReviewer: readonly string[],
): { status: ComplaintStatus; missing: string[] } {
  const missing = [...missingForClosure(complaint), ...listedByReviewer];
  if (requested === 'close' && missing.length === 0) return { status: 'closed', missing: [] };
  return { status: 'rework', missing };
}

/** Maker-checker for the closure review: the reviewer handled none of the steps after intake. */
export function assertIndependentReviewer(reviewer: string, handlers: readonly string[]): void {
  if (handlers.includes(reviewer)) throw new ForbiddenError('The closure review must be made by someone who did not handle this complaint', 'maker_checker');
}

/** An extension moves the deadline later than the day received. */
export function assertExtension(complaint: Pick<ComplaintRecord, 'receivedOn'>, until: string): void {
  if (until <= complaint.receivedOn)
    throw new ValidationError('The extension must end after the day the complaint was received', [
      { path: '/body/extendedUntil', message: `must be after ${complaint.receivedOn}` },
    ]);
}
