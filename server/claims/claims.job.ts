import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { ClaimTriggerService } from './claim-trigger.service';

export function claimTriggersJob(service: ClaimTriggerService): JobDefinition {
  return {
    name: 'claim-triggers',
    description: '每日理赔触发（第十五、十六条）：对逾期或有案件在办的贷款运行 claim.trigger；立案、建议撤案、中止、重新立案。 Daily claim triggers (Art. 15-16): claim.trigger for loans past due or with a case in play; cases opened, advised for withdrawal, suspended, reopened',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf!, { actor: 'claim-triggers' }),
  };
}
