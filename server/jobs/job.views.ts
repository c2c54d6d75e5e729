import type { JobRun } from '../generated/schema-types';
import type { JobRunRecord } from './job-run.model';
import { isActive, STALE_AFTER_MS } from './run-attempts';

export function toJobRunView(record: JobRunRecord, now: Date, staleAfterMs = STALE_AFTER_MS): JobRun {
  const abandoned =
    (record.status === 'queued' || record.status === 'running') && !isActive({ status: record.status, aliveAt: record.heartbeatAt }, now, staleAfterMs);
  return {
    runId: record._id,
    job: record.job,
    params: record.params,
    attempt: record.attempt,
    trigger: record.trigger,
    requestedBy: record.requestedBy,
    status: abandoned ? 'abandoned' : record.status,
    queuedAt: record.queuedAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    finishedAt: record.finishedAt?.toISOString() ?? null,
    heartbeatAt: record.heartbeatAt.toISOString(),
    durationMs: record.startedAt && record.finishedAt ? record.finishedAt.getTime() - record.startedAt.getTime() : null,
    worker: record.worker,
    counts: record.counts,
    phases: record.phases,
    errors: record.problems.map((problem) => ({ message: problem.message, at: problem.at.toISOString() })),
    unsuppliedFacts: record.unsuppliedFacts.map(({ ruleSet, versions, evaluations, facts }) => ({ ruleSet, versions, evaluations, facts })),
  };
}
