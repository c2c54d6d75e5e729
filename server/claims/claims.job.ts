import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { ClaimTriggerService } from './claim-trigger.service';

export function claimTriggersJob(service: ClaimTriggerService): JobDefinition<'asOf'> {
  return {
    name: 'claim-triggers',
    description:
      '每日理赔触发(第十五条、第十六条):对逾期或有理赔案件的贷款执行 claim.trigger,立案、建议撤回、中止、重新立案;合同缺理赔时点的生成数据质量任务。' +
      'Daily claim triggers (Art. 15-16): claim.trigger for loans past due or with a case in play; cases opened, advised for withdrawal (the insured told by claim.withdrawal-advised), suspended, reopened; a contract without a claim point raises a data-quality task',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, { actor: 'claim-triggers' }),
  };
}
