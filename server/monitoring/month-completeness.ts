import type { JobRefusal } from '../jobs/job-definition';
import { dateFromDay, monthEndDay, monthIndexFromText } from '../ground/calendar';
import { monthComplete } from '../portfolio/completeness';

/** How far the book's data is complete (server/portfolio/completeness.service.ts). */
export interface CompleteThrough {
  completeThrough(): Promise<string | null>;
}

/**
 * Month-end portfolio monitoring works on a month's final figures. On a month whose data has not
 * all arrived, every loan whose repayments are missing looks overdue (the current month once
 * showed a 93.79 % overdue rate and raised 814 alerts and 2,871 tasks), so such a run is refused
 * (409 month_incomplete) unless forced with a reason, and a schedule skips it.
 */
export async function monthCompletenessRefusal(month: string, completeness: CompleteThrough): Promise<JobRefusal | undefined> {
  const dataCompleteThrough = await completeness.completeThrough();
  if (monthComplete(month, dataCompleteThrough)) return undefined;
  const through = dataCompleteThrough ?? 'no day yet';
  const monthEnd = dateFromDay(monthEndDay(monthIndexFromText(month)));
  return {
    code: 'month_incomplete',
    message: `The data is complete through ${through}, but ${month} ends on ${monthEnd}: monitoring an incomplete month would raise alerts and tasks for records that have not arrived. Import the month and declare it complete (PUT /portfolio/completeness, or ?completeThrough= with the import).`,
    details: [{ path: '/body/month', message: `not complete: the data is complete through ${through}`, dataCompleteThrough }],
    overriddenAs: 'run-on-incomplete-month',
    facts: { dataCompleteThrough },
  };
}
