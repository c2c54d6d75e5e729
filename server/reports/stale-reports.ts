import type { JobDefinition } from '../jobs/job-definition';

/**
 * A monitoring job (obligor or portfolio monitoring, claim triggers) changes alerts, tasks and claim cases for its day or
 * month, and so what the stored monthly reports of that month and later ones count: when each run starts and when it
 * ends (or fails midway), those stored reports are dropped, and the next reader builds them afresh (and stores them again).
 * `rebuild`, when given, is told the month once the run has ended (the monthly-reports job is queued for it), so the
 * reports are built again in the background rather than by the next reader.
 */
export function dropsStoredReports(
  definition: JobDefinition,
  reports: { dropFrom(month: string): Promise<void> },
  rebuild?: (month: string) => Promise<void>,
): JobDefinition {
  return {
    ...definition,
    async run(context) {
      const month = (context.params.asOf ?? context.params.month)?.slice(0, 7);
      if (month) await reports.dropFrom(month);
      try {
        return await definition.run(context);
      } finally {
        if (month) {
          await reports.dropFrom(month);
          await rebuild?.(month);
        }
      }
    },
  };
}
