import type { DecisionEvent } from '../../engine/evaluate';
import { dateFromDay, dayFromDate } from '../../ground/calendar';
import { dateOf, type ComplaintHandlingRecord } from './complaint-handling-facts';
import { addWorkingDays } from './working-days';

export type ComplaintDeadlineStage = 'acceptance' | 'decision' | 'extension';

/**
 * One deadline of a complaint on a day: due `limitDays` calendar or working days after its start;
 * approaching from `approachingDays` calendar days before the due date through the due date, missed
 * from the day after; unknown when the start date is missing.
 */
export interface ComplaintDeadline {
  stage: ComplaintDeadlineStage;
  from: 'received' | 'accepted';
  startOn: string | null;
  unit: 'days' | 'working-days';
  limitDays: number;
  dueOn: string | null;
  daysLeft: number | null;
  state: 'running' | 'approaching' | 'missed' | 'unknown';
}

export interface ComplaintEscalation {
  to: string;
  reason: string;
}

/**
 * Reads a complaint.handling decision: its deadline events become due dates and states on the day,
 * its escalate events a list without repeats. Pure; the complaint supplies the start dates.
 */
export function readComplaintHandling(
  events: readonly DecisionEvent[],
  record: ComplaintHandlingRecord,
  day: string,
): { deadlines: ComplaintDeadline[]; escalations: ComplaintEscalation[] } {
  const deadlines: ComplaintDeadline[] = [];
  const escalations = new Map<string, ComplaintEscalation>();
  for (const event of events) {
    const params = event.params ?? {};
    if (event.type === 'deadline') {
      const from = params.from === 'accepted' ? 'accepted' : 'received';
      const unit = params.unit === 'working-days' ? 'working-days' : 'days';
      const limitDays = Number(params.limitDays);
      const start = from === 'accepted' ? record.acceptedOn : record.receivedOn;
      const startOn = start ? dateOf(start) : null;
      const what = { stage: params.stage as ComplaintDeadlineStage, from, startOn, unit, limitDays } as const;
      if (startOn === null) {
        deadlines.push({ ...what, dueOn: null, daysLeft: null, state: 'unknown' });
        continue;
      }
      const dueOn = unit === 'working-days' ? addWorkingDays(startOn, limitDays) : dateFromDay(dayFromDate(startOn) + limitDays);
      const daysLeft = dayFromDate(dueOn) - dayFromDate(day);
      const state = daysLeft < 0 ? 'missed' : daysLeft <= Number(params.approachingDays ?? 0) ? 'approaching' : 'running';
      deadlines.push({ ...what, dueOn, daysLeft, state });
    } else if (event.type === 'escalate') {
      const escalation = { to: String(params.to), reason: String(params.reason) };
      escalations.set(`${escalation.to}|${escalation.reason}`, escalation);
    }
  }
  return { deadlines, escalations: [...escalations.values()] };
}
