import type { ErrorCodeFor } from '../http/error-codes';
import type { ErrorDetail } from '../http/errors';
import type { Logger } from '../logger';
import type { JobParameter, JobParams } from './job-params';

export type { JobParameter, JobParams } from './job-params';

/** What a job receives for one run. */
export interface JobContext<P extends JobParameter = JobParameter> {
  runId: string;
  params: JobParams<P>;
  /** 1 for the first run of these parameters; more when an earlier attempt (perhaps one whose worker died) ran before. */
  attempt: number;
  logger: Logger;
  /** Counts so far; they show on the run while it is going and are kept when it ends. */
  progress(counts: Record<string, number>): void;
  /**
   * Aborted when the process stops taking jobs: a long run stops at its next step instead of reading on after its
   * process has closed the database (the run is left to be taken over like one whose worker died).
   */
  signal?: AbortSignal;
}

export interface JobOutcome {
  counts: Record<string, number>;
  /** Milliseconds per phase, e.g. facts, evaluation, writes. */
  phases?: Record<string, number>;
}

/**
 * Why the data does not allow a run for these parameters now (e.g. month-end monitoring of a month
 * whose data is incomplete). A request is refused with 409 `code` unless an override gives a
 * reason, which the audit log keeps as `overriddenAs`; a schedule skips the run and records why.
 */
export interface JobRefusal {
  code: ErrorCodeFor<409>;
  message: string;
  details: ErrorDetail[];
  /** The audit action of an override that sets the refusal aside. */
  overriddenAs: string;
  /** What the audit entry keeps besides the run and its parameters. */
  facts: Record<string, unknown>;
}

/**
 * A job the platform runs on a schedule and on demand. `run` must be idempotent: running it
 * twice for the same parameters leaves the same data and publishes each event once.
 */
export interface JobDefinition<P extends JobParameter = JobParameter> {
  name: string;
  /** What the job does, in Chinese then English (shown as is in the studio's job list). */
  description: string;
  parameter: P;
  /** The parameters a scheduled run at `now` works on (e.g. today, or the month that just ended). */
  scheduledParams(now: Date): Record<string, string>;
  /** Checked before a run is queued; undefined when the run may go ahead. */
  precondition?(params: JobParams<P>): Promise<JobRefusal | undefined>;
  run(context: JobContext<P>): Promise<JobOutcome>;
}
