/** The one parameter a job takes, if any: a day (`asOf`) or a month (`month`). */
export type JobParameter = 'asOf' | 'month' | 'none';

/** What a job of parameter P receives: a dated job's day or month is always there, so it reads it without an assertion. */
export type JobParams<P extends JobParameter = JobParameter> = P extends 'none' ? Record<string, string> : Record<P, string> & Record<string, string>;

const SHAPES = {
  asOf: { pattern: /^\d{4}-\d{2}-\d{2}$/, described: 'a day (YYYY-MM-DD)' },
  month: { pattern: /^\d{4}-\d{2}$/, described: 'a month (YYYY-MM)' },
} as const;

/**
 * The parameters of a run, checked against the job's parameter before the job (or its
 * precondition) sees them. Requests are validated at the edge (JobRunRequest) and the service fills
 * in the default day or month, so a failure here means a run record the service did not write.
 */
export function jobParams<P extends JobParameter>(parameter: P, params: Record<string, string>): JobParams<P> {
  if (parameter !== 'none') {
    const shape = SHAPES[parameter as Exclude<JobParameter, 'none'>];
    const value = params[parameter];
    if (value === undefined || !shape.pattern.test(value))
      throw new Error(`A job run needs ${parameter}, ${shape.described}; got ${value === undefined ? 'none' : JSON.stringify(value)}`);
  }
  return params as JobParams<P>;
}
