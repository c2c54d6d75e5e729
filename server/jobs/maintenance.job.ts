import type { SessionStore } from '../identity/session.store';
import { SETTLED_CLAIM_MS } from '../store/transition-claims';
import type { JobDefinition } from './job-definition';
import type { JobService } from './job.service';

/** A piece of housekeeping another capability contributes; it returns how many records it removed or fixed. */
export interface MaintenanceTask {
  name: string;
  run(now: Date): Promise<number>;
}

/**
 * Housekeeping that a TTL index would do on MongoDB alone: expired sessions and old lock
 * claims go. Deleting what has expired is idempotent, so two workers may both run it.
 */
export function maintenanceJob(sessions: SessionStore, jobs: JobService, extra: MaintenanceTask[] = []): JobDefinition {
  return {
    name: 'maintenance',
    description:
      '清理过期会话、旧的锁和状态转换记录以及超过保留期的外发通知投递，并重新发布未能交给事件接收方的平台事件。 Removes expired sessions, old lock and transition claims and webhook deliveries past their retention, and re-publishes platform events whose hand-over to the event sink failed',
    parameter: 'none',
    // The hour names the period, so each hourly tick is its own run (and a second worker's tick the same run).
    scheduledParams: (now) => ({ hour: now.toISOString().slice(0, 13) }),
    async run() {
      const now = new Date();
      const counts: Record<string, number> = {
        expiredSessions: await sessions.deleteExpired(now),
        // Before the general transition-claim sweep (app.ts), so the lock claims it removes are counted as theirs.
        lockClaims: await jobs.deleteLockClaimsBefore(new Date(now.getTime() - SETTLED_CLAIM_MS)),
      };
      for (const task of extra) counts[task.name] = await task.run(now);
      return { counts };
    },
  };
}
