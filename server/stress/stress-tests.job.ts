import type { JobDefinition } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import type { StressFinancialsStore } from './stress-financials.store';
import { periodsEndingWith } from './stress-periods';
import { STRESS_JOB_ACTOR, type StressService } from './stress.service';

/**
 * The Art. 33 stress tests on schedule: on the first day of a quarter the month just ended names the quarter (and in
 * January the year) just ended; every unit with financials for that period is run. A unit without them is counted, not
 * refused: the stress test needs the imported figures. Idempotent: the same inputs make the same result, stored once.
 */
export function stressTestsJob(stress: StressService, financials: StressFinancialsStore): JobDefinition<'month'> {
  return {
    name: 'stress-tests',
    description:
      '压力测试(第三十三条):每季度末对下一季度、每年年底对下一年度,按情景集(保费收入下降25%、50%,综合赔付率上升10、20个百分点,年化损失率10%、15%、20%)测算经营活动现金流与偿付能力,结果待审批。' +
      'Stress tests (Art. 33): at each quarter end for the next quarter and each year end for the next year, operating cash flow and solvency under the scenario set, for every unit with financials for the period; results await approval. The month names the quarter (and in December the year) it ends',
    parameter: 'month',
    scheduledParams: (now) => defaultParams('month', now),
    run: async (context) => {
      let stored = 0;
      let existing = 0;
      let breaches = 0;
      const periods = periodsEndingWith(context.params.month);
      for (const period of periods) {
        for (const orgUnit of await financials.unitsWith(period)) {
          const { result, created } = await stress.run(orgUnit, period, STRESS_JOB_ACTOR, '/params');
          if (created) stored++;
          else existing++;
          breaches += result.breaches;
          context.progress({ stored, existing });
        }
      }
      return { counts: { periods: periods.length, stored, existing, breaches } };
    },
  };
}
