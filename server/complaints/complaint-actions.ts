import type {
  ComplaintAcceptRequest,
  ComplaintCallbackRequest,
  ComplaintDecideRequest,
  ComplaintExtendRequest,
  ComplaintFeedbackRequest,
  ComplaintInvestigateRequest,
  ComplaintMediateRequest,
  ComplaintRejectRequest,
  ComplaintReviewRequest,
  ComplaintRootCauseRequest,
} from '../generated/schema-types';
import { maskPersonalFields } from '../privacy/masking';
import { assertExtension, assertIndependentReviewer, missingForClosure, reviewOutcome, statusAfter, type ComplaintAction } from './complaint-transitions';
import type { ComplaintRecord } from './complaint.model';

/** The body of any step: the route validated it against the step's own schema, so each case reads it as that schema's type. */
export type ActionBody = { revision: number; note?: string } & Record<string, unknown>;

export interface ActionChange {
  set: Record<string, unknown>;
  /** The history line's action. */
  action: string;
  note: string | null;
  event?: string;
  /** A review that sent the complaint back: every item missing (the platform's and the reviewer's). */
  missing?: string[];
  /** Of those, the platform's codes (only these go into the webhook: the reviewer's words stay inside). */
  missingCodes?: string[];
}

export interface ActionContext {
  actor: string;
  now: Date;
  /** The platform day: acceptedOn, decidedOn and closedOn are this. */
  today: string;
  /** Who made the steps after intake (the review's maker-checker). */
  handlers: readonly string[];
}

/** The fields one step sets on a complaint in its current state. Pure; the state check (assertCanAct) comes first. */
export function actionChange(complaint: ComplaintRecord, action: ComplaintAction, body: ActionBody, context: ActionContext): ActionChange {
  const { actor: by, now: at, today } = context;
  const note = body.note ?? null;
  if (action === 'review') {
    assertIndependentReviewer(by, context.handlers);
    const review = body as unknown as ComplaintReviewRequest;
    const outcome = reviewOutcome(complaint, review.outcome, review.missing ?? []);
    const closed = outcome.status === 'closed';
    return {
      set: {
        status: outcome.status,
        review: { outcome: closed ? 'closed' : 'rework', missing: outcome.missing, by, at, note },
        ...(closed ? { closedOn: today } : {}),
      },
      action: closed ? 'closed' : 'sent-back',
      note: closed ? note : `missing: ${outcome.missing.join(', ')}`,
      event: closed ? 'complaint.closed' : 'complaint.reopened',
      ...(closed ? {} : { missing: outcome.missing, missingCodes: missingForClosure(complaint) }),
    };
  }
  const status = statusAfter(action, complaint.status);
  switch (action) {
    case 'accept': {
      const evidence = maskPersonalFields((body as unknown as ComplaintAcceptRequest).evidence) as { note: string; references?: string[] };
      return {
        set: { status, acceptance: { note: evidence.note, references: evidence.references ?? [], by, at }, acceptedOn: today },
        action: 'accepted',
        note: evidence.note,
        event: 'complaint.accepted',
      };
    }
    case 'reject': {
      const { reasons } = body as unknown as ComplaintRejectRequest;
      return { set: { status, rejection: { reasons, by, at } }, action: 'rejected', note: reasons.join('; '), event: 'complaint.rejected' };
    }
    case 'investigate':
      return {
        set: { status, investigation: { note: (body as unknown as ComplaintInvestigateRequest).note, references: [], by, at } },
        action: 'investigating',
        note,
      };
    case 'extend': {
      const { extendedUntil, reason } = body as unknown as ComplaintExtendRequest;
      assertExtension(complaint, extendedUntil);
      return { set: { extension: { until: extendedUntil, reason, by, at }, extendedUntil }, action: 'extended', note: reason, event: 'complaint.extended' };
    }
    case 'decide': {
      const decision = body as unknown as ComplaintDecideRequest;
      return {
        set: { status, decision: { outcome: decision.outcome, responsibility: decision.responsibility, note: decision.note, by, at }, decidedOn: today },
        action: 'decided',
        note,
        event: 'complaint.decided',
      };
    }
    case 'mediate': {
      const mediation = body as unknown as ComplaintMediateRequest;
      return {
        set: { mediation: { mediator: mediation.mediator, startedOn: mediation.startedOn, result: mediation.result ?? null, note, by } },
        action: 'mediation',
        note,
      };
    }
    case 'feedback': {
      const feedback = body as unknown as ComplaintFeedbackRequest;
      return { set: { feedback: { givenOn: feedback.givenOn, channel: feedback.channel, note, by } }, action: 'feedback', note };
    }
    case 'callback': {
      const callback = body as unknown as ComplaintCallbackRequest;
      return { set: { callback: { calledOn: callback.calledOn, result: callback.result, note, by } }, action: 'callback', note };
    }
    case 'root-cause': {
      const { code, text } = body as unknown as ComplaintRootCauseRequest;
      return { set: { rootCause: { code, text, by } }, action: 'root-cause', note: text };
    }
    case 'submit':
      return { set: { status }, action: 'submitted', note, event: 'complaint.review-requested' };
  }
}
