import type { JobParameter } from './job-definition';

/**
 * Runs of a dated job move forward in time. Obligor monitoring closes an alert when an obligor's
 * facts on the run's day no longer warn, and cancels its tasks; a run for a day before the last
 * one compares the book with an older day and undoes later work (alerts closed before they were
 * raised). So a run dated before the last successful run of the same job is refused unless an
 * override with a reason says so. Pure: unit-tested without a database.
 */
export interface RunOrderRefusal {
  /** The parameter that dates the run: asOf or month. */
  parameter: Exclude<JobParameter, 'none'>;
  requested: string;
  lastRunDate: string;
}

/** The day or month a run works on, or undefined for jobs that take no date (maintenance). */
export function runDate(parameter: JobParameter, params: Record<string, string>): string | undefined {
  return parameter === 'none' ? undefined : params[parameter];
}

/** A refusal when `params` dates the run before `lastRunDate`; ISO days and months compare as text. The same date again is a re-run. */
export function runOrderRefusal(parameter: JobParameter, params: Record<string, string>, lastRunDate: string | undefined): RunOrderRefusal | undefined {
  const requested = runDate(parameter, params);
  if (parameter === 'none' || requested === undefined || lastRunDate === undefined) return undefined;
  return requested < lastRunDate ? { parameter, requested, lastRunDate } : undefined;
}
