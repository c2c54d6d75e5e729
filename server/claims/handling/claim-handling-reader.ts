import type { DecisionEvent } from '../../engine/evaluate';
import { dateFromDay, dayFromDate } from '../../ground/calendar';
import type { ClaimHandlingRecord } from './claim-handling-facts';

export type ClaimDeadlineStage = 'decision' | 'payment';
export type ClaimDeadlineStart = 'report' | 'complete-report' | 'agreement';

/**
 * One deadline of a case on a day: due `limitDays` calendar days after its start. approaching from
 * `approachingDays` before the due date through the due date itself, missed from the day after;
 * unknown when the start date or the contract limit the rule named is missing.
 */
export interface ClaimDeadline {
  stage: ClaimDeadlineStage;
  from: ClaimDeadlineStart;
  startOn: string | null;
  limitSource: 'default' | 'contract';
  limitDays: number | null;
  dueOn: string | null;
  daysLeft: number | null;
  state: 'running' | 'approaching' | 'missed' | 'unknown';
}

export interface ClaimEscalation {
  to: string;
  reason: string;
}

export interface ClaimHandlingReading {
  deadlines: ClaimDeadline[];
  escalations: ClaimEscalation[];
}

const START_FIELD: Record<ClaimDeadlineStart, keyof ClaimHandlingRecord> = {
  report: 'reportedOn',
  'complete-report': 'reportCompleteOn',
  agreement: 'agreedOn',
};
const CONTRACT_LIMIT: Record<ClaimDeadlineStage, 'decisionLimitDays' | 'paymentLimitDays'> = { decision: 'decisionLimitDays', payment: 'paymentLimitDays' };

/**
 * Reads a claim.handling decision: its deadline events become due dates and states on the day, its
 * escalate events a list without repeats. Pure: the case supplies the start dates and, for a
 * `contract` limit, the policy's own limit (the rules cannot put a fact's value into an event).
 */
export function readClaimHandling(events: readonly DecisionEvent[], record: ClaimHandlingRecord, day: string): ClaimHandlingReading {
  const deadlines: ClaimDeadline[] = [];
  const escalations = new Map<string, ClaimEscalation>();
  for (const event of events) {
    const params = event.params ?? {};
    if (event.type === 'deadline') {
      const stage = params.stage as ClaimDeadlineStage;
      const from = params.from as ClaimDeadlineStart;
      const limitSource = params.limitSource === 'contract' ? 'contract' : 'default';
      const limit = limitSource === 'contract' ? record[CONTRACT_LIMIT[stage]] : params.limitDays;
      const start = record[START_FIELD[from]];
      deadlines.push(
        deadlineOn(
          day,
          { stage, from, limitSource },
          typeof start === 'string' ? start : null,
          typeof limit === 'number' ? limit : null,
          Number(params.approachingDays ?? 0),
        ),
      );
    } else if (event.type === 'escalate') {
      const escalation = { to: String(params.to), reason: String(params.reason) };
      escalations.set(`${escalation.to}|${escalation.reason}`, escalation);
    }
  }
  return { deadlines, escalations: [...escalations.values()] };
}

function deadlineOn(
  day: string,
  what: Pick<ClaimDeadline, 'stage' | 'from' | 'limitSource'>,
  startOn: string | null,
  limitDays: number | null,
  approachingDays: number,
): ClaimDeadline {
  if (startOn === null || limitDays === null) return { ...what, startOn, limitDays, dueOn: null, daysLeft: null, state: 'unknown' };
  const due = dayFromDate(startOn) + limitDays;
  const daysLeft = due - dayFromDate(day);
  const state = daysLeft < 0 ? 'missed' : daysLeft <= approachingDays ? 'approaching' : 'running';
  return { ...what, startOn, limitDays, dueOn: dateFromDay(due), daysLeft, state };
}
