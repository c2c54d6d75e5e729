import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import type { ComplaintDeadlinesService } from './complaint-deadlines.service';

export function complaintDeadlinesJob(service: ComplaintDeadlinesService): JobDefinition<'asOf'> {
  return {
    name: 'complaint-deadlines',
    description:
      '每日投诉时限(第二十五条、第二十七条):对每件未结投诉执行 complaint.handling,记录受理、决定、延期时限及其状态,临近或超时的生成任务并发布 complaint.deadline-approaching / complaint.deadline-missed。' +
      'Daily complaint deadlines (Arts 25, 27): complaint.handling for every open complaint; the acceptance, decision and extension deadlines stored with their state, a task and a complaint.deadline-approaching / complaint.deadline-missed event for each approaching or missed',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, { actor: 'complaint-deadlines' }),
  };
}
