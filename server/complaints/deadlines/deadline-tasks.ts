import type { PlatformEvent } from '../../events/platform-events';
import { newTaskState, type TaskRecord } from '../../monitoring/task.model';
import { complaintEvent } from '../complaint-events';
import type { ComplaintRecord } from '../complaint.model';
import type { DeadlineItem } from './deadline-plan';

type Flagged = DeadlineItem & { state: 'approaching' | 'missed'; dueOn: string };

const ACTIONS: Record<DeadlineItem['stage'], string> = {
  acceptance: 'answer-complaint-acceptance',
  decision: 'decide-complaint',
  extension: 'decide-complaint',
};

const BASIS: Record<DeadlineItem['stage'], string> = {
  acceptance:
    '第二十五条:在规定时限内告知投诉人是否受理(时限待核实)。Art. 25: tell the complainant within the limit whether the complaint is accepted (limit to verify)',
  decision: '第二十六条、第二十七条:在规定时限内作出处理决定(时限待核实)。Arts 26-27: decide within the limit (limit to verify)',
  extension: '第二十七条:复杂案件延长后的时限内作出处理决定(时限待核实)。Art. 27: decide a complex case within the extended limit (limit to verify)',
};

/** The deadlines of a run that call for a task: approaching or missed, still open (not met), with a due date. */
export function flagged(items: readonly DeadlineItem[]): Flagged[] {
  return items.filter((item): item is Flagged => (item.state === 'approaching' || item.state === 'missed') && item.doneOn === null && item.dueOn !== null);
}

/**
 * One task per complaint, stage and state: the id names them, so re-runs and a second worker insert
 * nothing new, and a deadline that goes from approaching to missed gets a second task.
 */
export const deadlineTaskId = (complaintId: string, stage: string, state: string) => `complaint-deadline:${complaintId}:${stage}:${state}`;

/** A task on the monitoring task queue for the complaint's unit: answer or decide by the due date. No personal data (Art. 31). */
export function deadlineTask(complaint: ComplaintRecord, deadline: Flagged, decisionId: string, asOf: string, now: Date): TaskRecord {
  return {
    _id: deadlineTaskId(complaint._id, deadline.stage, deadline.state),
    kind: 'complaint-deadline',
    alertId: null,
    target: complaint.subject.obligorId ? 'obligor' : 'portfolio',
    obligorId: complaint.subject.obligorId ?? null,
    subjectKey: `complaint:${complaint._id}`,
    signal: `complaint-${deadline.stage}-${deadline.state}`,
    alertLevel: null,
    orgUnit: complaint.orgUnit,
    ownerRole: 'branch-operator',
    assignee: null,
    action: ACTIONS[deadline.stage],
    amount: null,
    share: null,
    deadlineDays: deadline.limitDays,
    dueOn: deadline.dueOn,
    basis: BASIS[deadline.stage],
    escalationStep: deadline.state === 'missed' ? 1 : 0,
    valueAtMeasure: null,
    ...newTaskState(asOf, now),
    decisionId,
    ruleSet: null,
  };
}

/** complaint.deadline-approaching or complaint.deadline-missed, once per complaint, stage and state (the id says which). */
export function deadlineEvent(complaint: ComplaintRecord, deadline: Flagged, at: Date): PlatformEvent {
  const type = deadline.state === 'missed' ? 'complaint.deadline-missed' : 'complaint.deadline-approaching';
  const event = complaintEvent(type, complaint, at);
  return {
    ...event,
    id: `${type}:${complaint._id}:${deadline.stage}`,
    data: { ...event.data, deadline: { stage: deadline.stage, dueOn: deadline.dueOn, state: deadline.state } },
  };
}
