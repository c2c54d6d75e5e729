import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { ClaimTriggerService } from './claim-trigger.service';

export function claimTriggersJob(service: ClaimTriggerService): JobDefinition {
  return {
    name: 'claim-triggers',
    description: 'Daily claim triggers (Art. 15-16): claim.trigger for loans past due or with a case in play; cases opened, advised for withdrawal, suspended, reopened',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf!, { actor: 'claim-triggers' }),
  };
}
