import type { ComplaintDeadlines } from '../../generated/schema-types';
import { dateOfMoment } from '../../ground/calendar';
import type { ComplaintEscalation, ComplaintDeadline } from '../handling/complaint-handling-reader';
import { NO_DEADLINE, type ComplaintRecord } from '../complaint.model';

export type DeadlineItem = ComplaintDeadlines['items'][number];

/**
 * The day a deadline's step was taken: the acceptance answered (accepted, or rejected with reasons),
 * the decision made. Null while it runs.
 */
export function stepDoneOn(complaint: Pick<ComplaintRecord, 'acceptedOn' | 'rejection' | 'decidedOn'>, stage: DeadlineItem['stage']): string | null {
  if (stage === 'acceptance') return complaint.acceptedOn ?? (complaint.rejection ? dateOfMoment(new Date(complaint.rejection.at)) : null);
  return complaint.decidedOn ?? null;
}

/**
 * A complaint's deadlines after a run: those the rules give today, and those an earlier run stored
 * whose step has since been taken (the rules no longer give them), kept as met or missed against the
 * day the step was taken, so the case file shows how each limit went. Pure.
 */
export function planDeadlines(
  complaint: Pick<ComplaintRecord, 'acceptedOn' | 'rejection' | 'decidedOn'>,
  current: readonly ComplaintDeadline[],
  previous: readonly DeadlineItem[],
): { items: DeadlineItem[]; nextDeadline: string | null; deadlineOrder: string } {
  const items: DeadlineItem[] = current.map((deadline) => ({ ...deadline, doneOn: null }));
  const given = new Set(current.map((deadline) => deadline.stage));
  for (const earlier of previous) {
    if (given.has(earlier.stage)) continue;
    const doneOn = earlier.doneOn ?? stepDoneOn(complaint, earlier.stage);
    // A stage the rules stopped giving without its step taken (e.g. the decision clock paused by rework) is dropped.
    if (doneOn === null || earlier.dueOn === null) continue;
    items.push({ ...earlier, doneOn, daysLeft: null, state: doneOn <= earlier.dueOn ? 'met' : 'missed' });
  }
  items.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  const open = current.filter((deadline) => deadline.dueOn !== null).map((deadline) => deadline.dueOn!);
  const nextDeadline = open.length > 0 ? open.sort()[0]! : null;
  return { items, nextDeadline, deadlineOrder: nextDeadline ?? NO_DEADLINE };
}

const STAGES: DeadlineItem['stage'][] = ['acceptance', 'decision', 'extension'];

/** Whether a run changes what the complaint holds (a re-run on the same day writes nothing). */
export function deadlinesChanged(
  before: Pick<ComplaintRecord, 'nextDeadline' | 'deadlineOrder'> & { deadlines?: ComplaintDeadlines | null },
  after: { items: DeadlineItem[]; escalations: ComplaintEscalation[]; nextDeadline: string | null; deadlineOrder: string },
): boolean {
  if (before.nextDeadline !== after.nextDeadline || before.deadlineOrder !== after.deadlineOrder) return true;
  if (!before.deadlines) return true;
  return JSON.stringify([before.deadlines.items, before.deadlines.escalations]) !== JSON.stringify([after.items, after.escalations]);
}
