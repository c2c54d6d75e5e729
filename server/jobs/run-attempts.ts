/**
 * Whether a job may start another run for the same parameters, decided from the latest run
 * alone (pure, so it is unit-tested without a database). The run key it yields is inserted
 * under a unique index: of two workers that decide the same next attempt, one insert wins.
 */
/** skipped: a schedule fired but the job's precondition refused the run (its errors say why). */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped';
export type RunTrigger = 'schedule' | 'api';

export interface LatestRun {
  attempt: number;
  status: RunStatus;
  /** The last sign of life: queued, started or heartbeat time. */
  aliveAt: Date;
}

export type AttemptDecision = { start: true; attempt: number } | { start: false; reason: 'done' | 'in-progress' };

/**
 * A run whose worker stopped beating its heart this long ago is treated as abandoned (the
 * default of JOB_STALE_AFTER_MS). A live worker beats every HEARTBEATS_PER_STALE-th of it, so it
 * would have to miss four beats in a row (a blocked event loop or database for most of a minute)
 * before another worker takes its run; a dead one's run is taken over a minute after its last beat.
 */
export const STALE_AFTER_MS = 60_000;
export const HEARTBEATS_PER_STALE = 5;

export function heartbeatEvery(staleAfterMs: number): number {
  return Math.max(100, Math.floor(staleAfterMs / HEARTBEATS_PER_STALE));
}

export function nextAttempt(latest: LatestRun | undefined, trigger: RunTrigger, now: Date, staleAfterMs = STALE_AFTER_MS): AttemptDecision {
  if (!latest) return { start: true, attempt: 1 };
  if (isActive(latest, now, staleAfterMs)) return { start: false, reason: 'in-progress' };
  // A schedule fires once per period: a period done is done. An administrator may always re-run it.
  if (latest.status === 'succeeded' && trigger === 'schedule') return { start: false, reason: 'done' };
  return { start: true, attempt: latest.attempt + 1 };
}

export function isActive(run: Pick<LatestRun, 'status' | 'aliveAt'>, now: Date, staleAfterMs = STALE_AFTER_MS): boolean {
  return (run.status === 'queued' || run.status === 'running') && now.getTime() - run.aliveAt.getTime() < staleAfterMs;
}

/** Parameters in a fixed order, so the same request always names the same period. */
export function paramsKey(params: Record<string, string | undefined>): string {
  return (
    Object.keys(params)
      .sort()
      .filter((name) => params[name] !== undefined)
      .map((name) => `${name}=${params[name]}`)
      .join('&') || '-'
  );
}
