import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import type { ClaimDeadlinesService } from './claim-deadlines.service';

export function claimDeadlinesJob(service: ClaimDeadlinesService): JobDefinition<'asOf'> {
  return {
    name: 'claim-deadlines',
    description:
      '每日理赔时限(第十六条;《保险法》第二十三条):对理赔流程中的每个案件执行 claim.handling,保存核定与支付时限,临近或超时的案件生成任务并发布 claim.deadline-approaching、claim.deadline-missed。' +
      'Daily claim time limits (Art. 16; Insurance Law Art. 23): claim.handling for every case in the claim workflow, its decision and payment deadlines stored; a case approaching or past one gets a task and claim.deadline-approaching or claim.deadline-missed',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, { actor: 'claim-deadlines' }),
  };
}
