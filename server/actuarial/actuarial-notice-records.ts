import type { PlatformEvent } from '../events/platform-events';
import { HEAD_OFFICE } from '../authority/responsibility';
import { newTaskState, type TaskRecord } from '../monitoring/task.model';
import type { ActuarialNoticeRecord } from './actuarial-notice.store';

/** The role the monitoring already names for the actuarial and reserving function (monitoring settings' head-office roles). */
export const ACTUARIAL_ROLE = 'actuarial';

const BASIS =
  '第八条末段:风险监控发现风险发生较大变化时,及时通报负责精算和准备金评估的部门。Art. 8, last paragraph: a material change in risk is reported to the actuarial and reserving department';

/**
 * The actuarial function's task for a notice: at HQ (the function sits there), owned by the
 * actuarial role, to assess the change for the reserves. Its id names the notice, so one per notice.
 */
export function noticeTask(notice: ActuarialNoticeRecord, monthEnd: string, now: Date): TaskRecord {
  const level = notice.figures.warningLevel;
  return {
    _id: notice.taskId,
    kind: 'actuarial-notice',
    alertId: null,
    target: 'portfolio',
    obligorId: null,
    subjectKey: notice.subjectKey,
    signal: `actuarial-${notice.cause}`,
    alertLevel: level === 'none' ? null : level,
    orgUnit: HEAD_OFFICE,
    ownerRole: ACTUARIAL_ROLE,
    assignee: null,
    action: 'review-reserves',
    amount: null,
    share: null,
    deadlineDays: null,
    dueOn: null,
    basis: BASIS,
    escalationStep: 0,
    valueAtMeasure: notice.cause === 'loss-rate-change' ? notice.figures.lossRate : notice.cause === 'overdue-rate-change' ? notice.figures.overdueRate : null,
    ...newTaskState(monthEnd, now),
    decisionId: notice.decisionId,
    ruleSet: { key: notice.ruleSet.key, version: notice.ruleSet.version },
  };
}

/** actuarial.notice (schemas/webhooks/webhook-actuarial-notice-data.json): the segment, month, cause and figures; no personal data. */
export function noticeEvent(notice: ActuarialNoticeRecord, at: Date): PlatformEvent {
  return {
    id: `actuarial.notice:${notice._id}`,
    type: 'actuarial.notice',
    orgUnit: notice.orgUnit,
    occurredAt: at,
    data: {
      noticeId: notice._id,
      month: notice.month,
      orgUnit: notice.orgUnit,
      subjectKey: notice.subjectKey,
      segment: notice.segment,
      cause: notice.cause,
      figures: notice.figures,
      taskId: notice.taskId,
    },
  };
}
