import { dateFromDay, dayFromDate } from '../ground/calendar';
import { newTaskState, type TaskRecord } from '../monitoring/task.model';

/** Days the data steward has to supply a missing claim point: well before a loan past due today reaches the usual 80-90 days. */
export const CLAIM_POINT_TASK_DAYS = 7;

/** One task per contract however many days its claim point stays missing: the id is the loan's. */
export const claimPointTaskId = (loanId: string) => `data-quality:claim-point:${loanId}`;

/**
 * A data-quality task for a loan the claim-trigger job evaluated without its contract's claim
 * point (理赔时点, Art. 15). The rule set then falls back to its default claim point; the task
 * makes that visible and asks for the contract's own, instead of the default passing silently.
 */
export function claimPointTask(loan: { loanId: string; obligorId: string; orgUnit: string }, asOf: string, now: Date): TaskRecord {
  return {
    _id: claimPointTaskId(loan.loanId),
    kind: 'data-quality',
    alertId: null,
    target: 'obligor',
    obligorId: loan.obligorId,
    subjectKey: `loan:${loan.loanId}`,
    signal: 'claim-point-missing',
    alertLevel: null,
    orgUnit: loan.orgUnit,
    ownerRole: 'data-steward',
    assignee: null,
    action: 'supply-claim-point',
    amount: null,
    share: null,
    deadlineDays: CLAIM_POINT_TASK_DAYS,
    dueOn: dateFromDay(dayFromDate(asOf) + CLAIM_POINT_TASK_DAYS),
    basis:
      "第十五条:按保险合同约定的理赔时点启动理赔;合同理赔时点缺失,请在贷款导入中补充 claimPointDays。Art. 15: claims start at the contract's claim point; this contract has none, so supply claimPointDays in the loan import",
    escalationStep: 0,
    valueAtMeasure: null,
    ...newTaskState(asOf, now),
    decisionId: null,
    ruleSet: null,
  };
}
