import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import { quarterOf } from './lookback-figures';
import { LOOKBACK_JOB_ACTOR, type LookbackService } from './lookback.service';

/**
 * The quarterly look-back job. It takes a month and prepares the quarter the month falls in; the
 * schedule (the first day of a quarter) gives the month just ended, so the quarter just ended.
 * One run per quarter however many workers: the job service runs a job's parameters once and the
 * store writes a quarter once (the same figures again change nothing).
 */
export function lookbackJob(lookbacks: LookbackService): JobDefinition<'month'> {
  return {
    name: 'recovery-lookback',
    description:
      '追偿季度回顾(第十七条至第二十三条):按赔付季度、渠道、机构、委外机构统计追偿率(金额与件数)及按赔付后月数的累计追偿曲线、追偿工作合规检查发现、应收账龄与减值变动;保存后由另一审批人审批。' +
      'Quarterly recovery look-back (Arts 17-23): recovery rates by vintage, channel, branch and agency (amount and count), cumulative curves by months since payment, compliance findings on recovery work, receivable ageing and impairment movement; stored for approval by another person. The month names its quarter',
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    run: async (context) => {
      const { record, changed } = await lookbacks.prepare(quarterOf(context.params.month), LOOKBACK_JOB_ACTOR, '/params/month');
      return { counts: { cases: record.figures.totals.cases, written: changed ? 1 : 0, approvedAlready: record.status === 'approved' ? 1 : 0 } };
    },
  };
}
