import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { ObligorMonitoringService } from './obligor-monitoring.service';
import type { OverdueTasksService } from './overdue-tasks.service';
import { monthCompletenessRefusal, type CompleteThrough } from './month-completeness';
import type { PortfolioMonitoringService } from './portfolio-monitoring.service';

export function obligorMonitoringJob(service: ObligorMonitoringService): JobDefinition<'asOf'> {
  return {
    name: 'obligor-monitoring',
    description:
      '每日履约义务人监测（第七至九条）：按当日对每个履约义务人运行 warning.obligor，发起、升级、降级和关闭预警，生成处置措施和任务，到期复核。 Daily obligor monitoring (Art. 7-9): warning.obligor for every obligor as of the day, alerts raised, escalated, de-escalated and closed, dispositions and tasks, deadline reviews',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    // A later attempt of the day first completes what an earlier one left half-written (tasks of alerts it had stored).
    run: (context) =>
      service.run(context.params.asOf, {
        actor: 'obligor-monitoring',
        logger: context.logger,
        progress: context.progress,
        completeInterrupted: context.attempt > 1,
      }),
  };
}

export function overdueTasksJob(service: OverdueTasksService): JobDefinition<'asOf'> {
  return {
    name: 'overdue-tasks',
    description:
      '标记截至前一日已过期限的未完成处置任务，每个任务只发布一次 task.overdue。 Flags pending disposition tasks whose deadline passed before the day, and publishes task.overdue once per task',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, 'overdue-tasks'),
  };
}

export function portfolioMonitoringJob(service: PortfolioMonitoringService, completeness: CompleteThrough): JobDefinition<'month'> {
  return {
    name: 'portfolio-monitoring',
    description:
      "月末资产组合监测（第七、九条）：按已存的当月指标对各客群（机构 × 客群 × 渠道 × 放款批次，及各机构）运行 warning.portfolio；信号发给分支机构，互联网业务发给总部。 Month-end portfolio monitoring (Art. 7, 9): warning.portfolio per segment (org unit x customer tier x channel x vintage, and per org unit) on the month's stored figures; signals to the branch, internet business to HQ",
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    // Only a month whose data is complete (docs/metrics.md, "Data completeness"), unless forced.
    precondition: (params) => monthCompletenessRefusal(params.month, completeness),
    run: (context) => service.run(context.params.month, { actor: 'portfolio-monitoring', logger: context.logger }),
  };
}
