import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import type { JobService } from '../../jobs/job.service';
import type { Logger } from '../../logger';
import type { RepaymentConductService } from './repayment-conduct.service';

export const REPAYMENT_CONDUCT_JOB = 'repayment-conduct';

export function repaymentConductJob(service: RepaymentConductService): JobDefinition<'asOf'> {
  return {
    name: REPAYMENT_CONDUCT_JOB,
    description:
      '还款合规检查（第十三条第五、六项）：存入个人账户或以现金支付的还款，每笔生成一项合规发现和一项责任机构的整改任务，并发布 collection.finding。导入提交后排队执行，每日再运行一次。 Repayment conduct check (Art. 13(5),(6)): each repayment paid into a personal account or in cash raises one compliance finding and one task for the responsible unit, and publishes collection.finding. Queued after each import that commits repayments, and run daily',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, REPAYMENT_CONDUCT_JOB),
  };
}

const RETRY_MS = 1_000;
const RETRY_FOR_MS = 10 * 60_000;

/**
 * Queues the check after an import committed repayments, off the import's path (the import answers
 * without waiting). A run already going for the day may have read the repayments before this
 * import committed, so a refusal because one is running is retried until it ends (bounded: the
 * daily run catches what is left). Never throws: a failed queueing only logs.
 */
export function queueRepaymentCheck(jobs: Pick<JobService, 'request'>, logger: Logger, today: () => string): (accepted: { repayments?: number }) => void {
  return (accepted) => {
    if (!accepted.repayments) return;
    void (async () => {
      const deadline = Date.now() + RETRY_FOR_MS;
      for (;;) {
        try {
          await jobs.request(REPAYMENT_CONDUCT_JOB, { asOf: today() }, 'portfolio-import');
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== 'job_running' || Date.now() > deadline) {
            logger.warn({ err: error }, 'repayment conduct check not queued; the daily run will make it');
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        }
      }
    })();
  };
}
