import type { JobDefinition } from '../jobs/job-definition';

/**
 * Rebuilds a month's stored monthly reports (HQ's and every org unit's, from one read of the month's monitoring records)
 * after a monitoring run changed the month (stale-reports.ts queues it), so the next reader reads them stored instead of
 * paying for a read of every open alert and pending task. It waits for monitoring runs in progress to end and builds once
 * (business-quality.service.ts). Nothing to do for a month that is not kept (not ended, or not complete). Idempotent: a
 * report built while another run changed the month is not stored (the epoch of stale reports).
 */
export function monthlyReportsJob(reports: { rebuildMonth(month: string, signal?: AbortSignal): Promise<number> }): JobDefinition {
  return {
    name: 'monthly-reports',
    description:
      '监测运行改变某月之后，在后台重建该月的月度报告（总部及各机构），读者无需等待。 Rebuilds a month’s stored monthly reports (HQ and every org unit) in the background after a monitoring run changed the month, so no reader waits for them',
    parameter: 'month',
    // Not scheduled: a monitoring run queues it. A run on demand defaults to the month that has just ended.
    scheduledParams: (now) => ({ month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7) }),
    async run({ params, signal }) {
      const started = performance.now();
      const stored = await reports.rebuildMonth(params.month!, signal);
      return { counts: { reports: stored }, phases: { reports: Math.round(performance.now() - started) } };
    },
  };
}
