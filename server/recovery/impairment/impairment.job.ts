import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import { IMPAIRMENT_JOB_ACTOR, type ImpairmentService } from './impairment.service';

/**
 * The monthly impairment run: scheduled on the 1st for the month just ended, and on demand for a
 * month (`POST /jobs/recovery-impairment/run {"month":"2026-07"}`). The job service runs a month's
 * parameters once; the service is idempotent per month besides (see ImpairmentService).
 */
export function impairmentJob(impairment: ImpairmentService): JobDefinition<'month'> {
  return {
    name: 'recovery-impairment',
    description:
      '追偿款月末减值(第二十三条:权责发生制、谨慎性原则,严禁虚增追偿款):按 recovery.impairment 为每件未结追偿案件确定减值阶段与预期收回比例,记录决策与缺失事实,减值准备变动时记入追偿台账;每月一次。' +
      'Month-end impairment of recovery receivables (Art. 23: accrual and prudence, no inflated recoveries): recovery.impairment gives each open case its stage and expected recovery share, the decision and any missing facts are logged, and a change of the allowance is an impairment movement in the ledger; once per month',
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    run: async (context) => ({ counts: await impairment.runMonth(context.params.month, IMPAIRMENT_JOB_ACTOR) }),
  };
}
