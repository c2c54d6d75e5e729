import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { PartnerReviews } from './reviews.service';

export const PARTNER_REVIEWS_JOB = 'partner-reviews';

/** The quarterly review (Art. 5): on the 1st of each quarter, the quarter just ended (the month before); a rerun replaces the reviews, tasks once. */
export function partnerReviewsJob(reviews: PartnerReviews): JobDefinition<'month'> {
  return {
    name: PARTNER_REVIEWS_JOB,
    description:
      '渠道合作方季度评估(第五条):每季度首日评估上季度每家未终止合作方带来贷款的逾期率、损失率、每万名履约义务人投诉数和违规数,按 partner.review 决定继续、整改、暂停或终止,非继续时生成任务。Quarterly channel-partner reviews (Art. 5): overdue and loss rates of the loans each partner brought, complaints per 10,000 obligors and violations; partner.review decides continue, rectify, suspend or terminate; a task when not continue. The month names its quarter',
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    run: async (context) => {
      const { reviewed, notContinue, tasksRaised } = await reviews.reviewAll(context.params.month, `job:${PARTNER_REVIEWS_JOB}`);
      return { counts: { reviewed, notContinue, tasksRaised } };
    },
  };
}
