import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { BureauEventsService } from './bureau-events.service';

export const BUREAU_EVENTS_JOB = 'bureau-events';

export function bureauEventsJob(service: BureauEventsService): JobDefinition<'asOf'> {
  return {
    name: BUREAU_EVENTS_JOB,
    description:
      '征信报送事项生成（第三十二条）：仅限已获征信授权的融资性保证保险保单。按日从理赔记录与追偿入账生成告知、代偿、追偿事项，月初生成上月末逾期信息；告知送达且满提前期后代偿事项方可报送，已报送代偿的保单追偿事项方可报送。幂等。每日运行。 Credit-bureau items (Art. 32), guarantee insurance with the obligor’s authorisation only: notices, compensation and recovery items from the claim records and recoveries, and on the 1st the overdue information of the month just closed; a compensation is released once its notice was sent and the lead time passed, a recovery once its loan’s compensation was reported. Idempotent. Daily',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, BUREAU_EVENTS_JOB),
  };
}
