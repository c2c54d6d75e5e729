import type { JobDefinition } from '../jobs/job-definition';
import type { MetricService } from './metric.service';

/** How many complete months back one run stores: the portfolio page's and the monthly report's trend reach. */
export const SNAPSHOT_MONTHS_BACK = 12;

/**
 * Stores the month-end snapshots (whole book and every org unit's share) of the months that have just become complete,
 * so their first reader reads stored figures instead of paying for a pass over the book. Queued by a declaration of
 * completeness (server/app.ts); `month` is the last complete month, and the run covers it and up to eleven before it
 * that have no snapshot yet, in one pass over the pages, then the last month's monthly report per org unit (server/reports).
 * Idempotent: stored snapshots stay as first computed.
 */
export function monthEndSnapshotsJob(metrics: MetricService, reports?: { storeMonth(month: string, signal?: AbortSignal): Promise<number> }): JobDefinition {
  return {
    name: 'month-end-snapshots',
    description:
      '数据完整的月份一经声明，即在后台写入其月末快照（全行及各机构），首位读者无需等待计算。 Writes the month-end snapshots (whole book and every org unit) of months whose data has just been declared complete, in the background, so no reader waits for them',
    parameter: 'month',
    // Not scheduled: a declaration queues it. A run on demand defaults to the month that has just ended.
    scheduledParams: (now) => ({ month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7) }),
    async run({ params, signal }) {
      const started = performance.now();
      const stored = await metrics.storeCompleteMonths(params.month!, SNAPSHOT_MONTHS_BACK);
      const snapshots = Math.round(performance.now() - started);
      // The month's monthly report per org unit, from the figures just stored (read models: one read each afterwards).
      const reportsStored = reports ? await reports.storeMonth(params.month!, signal) : 0;
      return { counts: { ...stored, reports: reportsStored }, phases: { snapshots, reports: Math.round(performance.now() - started) - snapshots } };
    },
  };
}
