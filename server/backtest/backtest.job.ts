import type { JobDefinition } from '../jobs/job-definition';
import { BACKTEST_JOB, type BacktestService } from './backtest.service';

/** Runs the queued backtests (POST /backtests queues them); on demand only, so it has no schedule. */
export function backtestJob(backtests: BacktestService): JobDefinition<'none'> {
  return {
    name: BACKTEST_JOB,
    description:
      '按请求顺序运行排队的规则集回测(历史月末的个体预警与其后数月的结果,仅按需运行)。' +
      'Runs the queued rule-set backtests in the order requested: warnings at past month-ends against the outcomes of the months after (on demand only)',
    parameter: 'none',
    scheduledParams: () => ({}),
    run: async (context) => ({ counts: await backtests.runQueued(context.progress, context.signal) }),
  };
}
