import { Schema, type Connection, type Model } from 'mongoose';
import type { UnsuppliedFacts } from './fact-supply';
import type { RunStatus, RunTrigger } from './run-attempts';

export interface JobRunRecord {
  _id: string;
  job: string;
  params: Record<string, string>;
  paramsKey: string;
  attempt: number;
  /** job|paramsKey|attempt under a unique index: the gate that lets one worker start an attempt. */
  runKey: string;
  trigger: RunTrigger;
  requestedBy: string;
  status: RunStatus;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date;
  worker: string | null;
  counts: Record<string, number>;
  /** Milliseconds per phase (facts, evaluation, writes, ...). */
  phases: Record<string, number>;
  problems: { message: string; at: Date }[];
  /** Per rule set evaluated: referenced facts the run never supplied (fact-supply.ts). */
  unsuppliedFacts: UnsuppliedFacts[];
}

const jobRunSchema = new Schema<JobRunRecord>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    paramsKey: { type: String, required: true },
    attempt: { type: Number, required: true },
    runKey: { type: String, required: true },
    trigger: { type: String, required: true },
    requestedBy: { type: String, required: true },
    status: { type: String, required: true },
    queuedAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    heartbeatAt: { type: Date, required: true },
    worker: { type: String, default: null },
    counts: { type: Schema.Types.Mixed, default: {} },
    phases: { type: Schema.Types.Mixed, default: {} },
    problems: { type: [{ message: String, at: Date, _id: false }], default: [] },
    unsuppliedFacts: { type: Schema.Types.Mixed, default: [] },
  },
  { versionKey: false, minimize: false },
);
jobRunSchema.index({ runKey: 1 }, { unique: true });
jobRunSchema.index({ job: 1, paramsKey: 1, attempt: -1 });
// The list's order (server/store/keyset-page.ts): time, then id among runs of one millisecond.
jobRunSchema.index({ queuedAt: -1, _id: -1 });

export function jobRunModel(connection: Connection): Model<JobRunRecord> {
  return (connection.models.JobRun as Model<JobRunRecord> | undefined) ?? connection.model<JobRunRecord>('JobRun', jobRunSchema, 'job_runs');
}
