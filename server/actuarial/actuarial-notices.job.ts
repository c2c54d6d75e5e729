import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import { monthCompletenessRefusal, type CompleteThrough } from '../monitoring/month-completeness';
import type { ActuarialNoticesService } from './actuarial-notices.service';

/** The monthly backstop: the portfolio monitoring run evaluates the notices itself; this catches a month whose listener failed. */
export function actuarialNoticesJob(service: ActuarialNoticesService, completeness: CompleteThrough): JobDefinition<'month'> {
  return {
    name: 'actuarial-notices',
    description:
      '月度精算通知(第八条末段):在组合监测之后,对各客群和机构运行 actuarial.notice,红色预警或损失率、逾期率变动超过参数的,各生成一条精算通知、一项精算任务和 actuarial.notice 事件(组合监测已生成的不再重复)。' +
      'Monthly actuarial notices (Art. 8, last paragraph): after the portfolio monitoring, actuarial.notice per segment and org unit; a red warning or a loss or overdue rate change beyond the parameters gives a notice, a task for the actuarial function and an actuarial.notice event (none twice: the monitoring run gave most already)',
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    precondition: (params) => monthCompletenessRefusal(params.month, completeness),
    run: (context) => service.run(context.params.month, { actor: 'actuarial-notices', logger: context.logger }),
  };
}
