import type { Logger } from '../logger';

/** What a job receives for one run. */
export interface JobContext {
  runId: string;
  params: Record<string, string>;
  /** 1 for the first run of these parameters; more when an earlier attempt (perhaps one whose worker died) ran before. */
  attempt: number;
  logger: Logger;
  /** Counts so far; they show on the run while it is going and are kept when it ends. */
  progress(counts: Record<string, number>): void;
}

export interface JobOutcome {
  counts: Record<string, number>;
  /** Milliseconds per phase, e.g. facts, evaluation, writes. */
  phases?: Record<string, number>;
}

/** The one parameter a job takes, if any: a day (`asOf`) or a month (`month`). */
export type JobParameter = 'asOf' | 'month' | 'none';

/**
 * A job the platform runs on a schedule and on demand. `run` must be idempotent: running it
 * twice for the same parameters leaves the same data and publishes each event once.
 */
export interface JobDefinition {
  name: string;
  /** What the job does, in Chinese then English (shown as is in the studio's job list). */
  description: string;
  parameter: JobParameter;
  /** The parameters a scheduled run at `now` works on (e.g. today, or the month that just ended). */
  scheduledParams(now: Date): Record<string, string>;
  run(context: JobContext): Promise<JobOutcome>;
}
