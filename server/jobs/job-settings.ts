import { dateOfMoment } from '../ground/calendar';
import { CronExpressionParser } from 'cron-parser';
import type { JobParameter } from './job-params';

/** Which jobs this process runs and when; from the environment (README, configuration). */
export interface JobSettings {
  /** Whether this process takes jobs (the worker always does; `npm start` by default). */
  enabled: boolean;
  processEveryMs: number;
  /**
   * How long a run may go without a heartbeat before it counts as abandoned and another worker
   * takes it over (JOB_STALE_AFTER_MS; STALE_AFTER_MS when not given). Workers beat at a fifth of it.
   */
  staleAfterMs?: number;
  /** Cron expression (UTC) per job name, or `off`. */
  schedules: Record<string, string>;
}

/** Job names and the environment variable that sets each schedule, with its default. */
export const SCHEDULE_SETTINGS = {
  'obligor-monitoring': { variable: 'SCHEDULE_OBLIGOR_MONITORING', default: '0 2 * * *' },
  'claim-triggers': { variable: 'SCHEDULE_CLAIM_TRIGGERS', default: '30 2 * * *' },
  'claim-deadlines': { variable: 'SCHEDULE_CLAIM_DEADLINES', default: '40 2 * * *' },
  // After the claim triggers: a recovery case for every claim paid up to the day (the claim workflow opens them at payment; this is the net).
  'recovery-cases': { variable: 'SCHEDULE_RECOVERY_CASES', default: '35 3 * * *' },
  'complaint-deadlines': { variable: 'SCHEDULE_COMPLAINT_DEADLINES', default: '50 3 * * *' },
  // Remediations of inspection findings past their due date (Art. 34): a task and inspection.remediation-overdue once each.
  'inspection-deadlines': { variable: 'SCHEDULE_INSPECTION_DEADLINES', default: '55 3 * * *' },
  'collection-cases': { variable: 'SCHEDULE_COLLECTION_CASES', default: '45 2 * * *' },
  'collection-promises': { variable: 'SCHEDULE_COLLECTION_PROMISES', default: '55 2 * * *' },
  'overdue-tasks': { variable: 'SCHEDULE_OVERDUE_TASKS', default: '0 3 * * *' },
  'repayment-conduct': { variable: 'SCHEDULE_REPAYMENT_CONDUCT', default: '45 2 * * *' },
  'vendor-checks': { variable: 'SCHEDULE_VENDOR_CHECKS', default: '50 2 * * *' },
  'bureau-events': { variable: 'SCHEDULE_BUREAU_EVENTS', default: '40 3 * * *' },
  'vendor-scorecards': { variable: 'SCHEDULE_VENDOR_SCORECARDS', default: '30 4 1 * *' },
  'portfolio-monitoring': { variable: 'SCHEDULE_PORTFOLIO_MONITORING', default: '0 4 1 * *' },
  // After the portfolio monitoring (which evaluates the notices itself): the backstop of the month's actuarial notices (server/actuarial).
  'actuarial-notices': { variable: 'SCHEDULE_ACTUARIAL_NOTICES', default: '45 4 1 * *' },
  // The first day of each quarter: the look-back of the quarter just ended (server/recovery/lookback).
  'recovery-lookback': { variable: 'SCHEDULE_RECOVERY_LOOKBACK', default: '0 5 1 1,4,7,10 *' },
  // The first day of each quarter: the channel partners' reviews of the quarter just ended (server/partners).
  'partner-reviews': { variable: 'SCHEDULE_PARTNER_REVIEWS', default: '30 5 1 1,4,7,10 *' },
  // The 1st of each month: the impairment of recovery receivables at the end of the month just ended (server/recovery/impairment).
  'recovery-impairment': { variable: 'SCHEDULE_RECOVERY_IMPAIRMENT', default: '15 5 1 * *' },
  // The first day of each quarter: the stress tests of the quarter (in January also the year) just ended (Art. 33, server/stress).
  'stress-tests': { variable: 'SCHEDULE_STRESS_TESTS', default: '30 5 1 1,4,7,10 *' },
  maintenance: { variable: 'SCHEDULE_MAINTENANCE', default: '15 * * * *' },
  'collection-qa-sampling': { variable: 'SCHEDULE_COLLECTION_QA_SAMPLING', default: '*/5 * * * *' },
} as const;

/** Problems with one schedule value; empty when it is `off` or a valid five-field cron expression. */
export function scheduleProblems(variable: string, value: string): string[] {
  if (value === 'off') return [];
  if (value.trim().split(/\s+/).length !== 5)
    return [`${variable} must be a five-field cron expression (minute hour day month weekday) or off (got "${value}")`];
  try {
    CronExpressionParser.parse(value, { tz: 'UTC' });
    return [];
  } catch (error) {
    return [`${variable} is not a valid cron expression: ${(error as Error).message}`];
  }
}

/** Today (UTC) for a day's job; the month that has just ended for a month's job. */
export function defaultParams(parameter: JobParameter, now: Date): Record<string, string> {
  if (parameter === 'asOf') return { asOf: dateOfMoment(now) };
  if (parameter === 'month') {
    const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    return { month: previous.toISOString().slice(0, 7) };
  }
  return {};
}
