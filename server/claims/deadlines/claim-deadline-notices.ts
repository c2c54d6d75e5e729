import type { PlatformEvent } from '../../events/platform-events';
import { newTaskState, type TaskRecord } from '../../monitoring/task.model';
import type { ClaimCaseRecord } from '../claim-case.model';
import type { ClaimDeadline } from '../handling/claim-handling-reader';

/** A deadline the run flags: approaching or missed, with its due date and limit known. */
export type FlaggedDeadline = ClaimDeadline & { state: 'approaching' | 'missed'; dueOn: string; limitDays: number; daysLeft: number };

export const isFlagged = (deadline: ClaimDeadline): deadline is FlaggedDeadline =>
  (deadline.state === 'approaching' || deadline.state === 'missed') && deadline.dueOn !== null && deadline.limitDays !== null;

/** One task per case and stage, however many days the deadline stays flagged: the id says which. */
export const claimDeadlineTaskId = (caseId: string, stage: ClaimDeadline['stage']) => `claim-deadline:${caseId}:${stage}`;

/** What publishes once: the state, stage and due date (a new due date, e.g. a later contract limit, flags again). */
export const flagOf = (deadline: FlaggedDeadline) => `${deadline.state}|${deadline.stage}|${deadline.dueOn}`;

const WORK: Record<ClaimDeadline['stage'], { action: string; basis: string }> = {
  decision: {
    action: 'decide-claim',
    basis:
      '第十六条(三)(四);《保险法》第二十三条:自索赔材料齐全之日起在时限内核定(复杂案件三十日,合同另有约定的从其约定)。Art. 16(3)-(4); Insurance Law Art. 23: decide the claim within the limit from the complete report (30 days for complex cases unless the contract says otherwise)',
  },
  payment: {
    action: 'pay-claim',
    basis:
      '《保险法》第二十三条:达成赔偿协议后十日内支付(合同另有约定的从其约定)。Insurance Law Art. 23: pay within 10 days of the agreement unless the contract says otherwise',
  },
};

/** The task on the existing queue for a case whose stage is approaching or past its deadline; due on the deadline. */
export function claimDeadlineTask(
  record: ClaimCaseRecord,
  deadline: FlaggedDeadline,
  context: { asOf: string; now: Date; decisionId: string; ruleSet: { key: string; version: number } },
): TaskRecord {
  return {
    _id: claimDeadlineTaskId(record._id, deadline.stage),
    kind: 'claim-deadline',
    alertId: null,
    target: 'obligor',
    obligorId: record.obligorId,
    subjectKey: record._id,
    signal: `claim-${deadline.stage}-deadline`,
    alertLevel: null,
    orgUnit: record.orgUnit,
    ownerRole: 'branch-operator',
    assignee: null,
    action: WORK[deadline.stage].action,
    amount: null,
    share: null,
    deadlineDays: deadline.limitDays,
    dueOn: deadline.dueOn,
    basis: WORK[deadline.stage].basis,
    escalationStep: 0,
    valueAtMeasure: null,
    ...newTaskState(context.asOf, context.now),
    decisionId: context.decisionId,
    ruleSet: context.ruleSet,
  };
}

/**
 * claim.deadline-approaching / claim.deadline-missed (schemas/webhooks/webhook-claim-deadline-data.json): ids, the
 * stage, dates and the limit; no personal data (Art. 31). The id names the flag, so a retried publication delivers once.
 */
export function claimDeadlineEvent(
  record: ClaimCaseRecord,
  deadline: FlaggedDeadline,
  context: { asOf: string; now: Date; decisionId: string },
): PlatformEvent {
  const type = deadline.state === 'missed' ? 'claim.deadline-missed' : 'claim.deadline-approaching';
  return {
    id: `${type}:${record._id}:${deadline.stage}:${deadline.dueOn}`,
    type,
    orgUnit: record.orgUnit,
    occurredAt: context.now,
    data: {
      caseId: record._id,
      loanId: record.loanId,
      policyId: record.policyId,
      obligorId: record.obligorId,
      status: record.status,
      stage: deadline.stage,
      state: deadline.state,
      dueOn: deadline.dueOn,
      daysLeft: deadline.daysLeft,
      limitDays: deadline.limitDays,
      limitSource: deadline.limitSource,
      asOf: context.asOf,
      taskId: claimDeadlineTaskId(record._id, deadline.stage),
      decisionId: context.decisionId,
    },
  };
}
