import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import type { ScorecardService } from './scorecard.service';

export const VENDOR_SCORECARDS_JOB = 'vendor-scorecards';

/** The monthly assessment (Art. 22(2)): on the 1st, the scorecards of the month before; rerunning a month writes nothing new. */
export function vendorScorecardsJob(service: ScorecardService): JobDefinition<'month'> {
  return {
    name: VENDOR_SCORECARDS_JOB,
    description:
      '合作机构月度考核(第二十二条(二)):每月1日为上月计算每家已准入机构的考核表(合规性、投诉情况、追偿效率、配合度),按 vendor.assessment 评级并采取措施;同类三家以上时得分最低者提议淘汰(须总公司审批)。 Monthly agency scorecards (Art. 22(2)): compliance, complaints, recovery efficiency, cooperation; vendor.assessment gives a level and measures; with three or more active agencies of a kind the worst gets an elimination proposal (HQ approves). Idempotent per month',
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    run: async (context) => {
      const { assessed, unchanged, suspended, proposed } = await service.runMonth(context.params.month, `job:${VENDOR_SCORECARDS_JOB}`);
      return { counts: { assessed, unchanged, suspended, proposed } };
    },
  };
}
