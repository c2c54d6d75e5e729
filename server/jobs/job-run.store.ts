import type { Connection, Model } from 'mongoose';
import { modelReader, readKeysetPage, type KeysetOrder, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';
import { jobRunModel, type JobRunRecord } from './job-run.model';
import type { LatestRun, RunStatus } from './run-attempts';

export interface JobRunFilter {
  job?: string;
  status?: RunStatus;
}

/** Newest queued first; runs queued in the same millisecond by their id. */
const BY_QUEUED: KeysetOrder = { key: 'queuedAt', id: '_id' };

/** Job runs: one record per attempt, plain objects out. */
export class JobRunStore {
  private readonly model: Model<JobRunRecord>;
  private readonly claims: TransitionClaims;

  constructor(connection: Connection) {
    this.model = jobRunModel(connection);
    this.claims = new TransitionClaims(connection);
  }

  async latest(job: string, paramsKey: string): Promise<(LatestRun & { runId: string }) | undefined> {
    const run = await this.model.findOne({ job, paramsKey }).sort({ attempt: -1 }).lean<JobRunRecord>();
    return run ? { runId: run._id, attempt: run.attempt, status: run.status, aliveAt: run.heartbeatAt } : undefined;
  }

  /** The latest day or month (`params[parameter]`) among the job's successful runs; ISO dates sort as text. */
  async lastSucceededDate(job: string, parameter: string): Promise<string | undefined> {
    const field = `params.${parameter}`;
    const run = await this.model
      .findOne({ job, status: 'succeeded', [field]: { $type: 'string' } })
      .sort({ [field]: -1 })
      .lean<JobRunRecord>();
    return run?.params[parameter];
  }

  /** False when another worker inserted the same attempt first (the unique run key). */
  async insert(record: JobRunRecord): Promise<boolean> {
    try {
      await this.model.collection.insertOne(record as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * One worker starts a queued run: the start is a transition claim on the run id, which only one
   * can win. Never taken over: a run whose claimant died stays queued until a takeover abandons it.
   */
  async claimStart(runId: string, worker: string, at: Date): Promise<boolean> {
    if (!(await this.claims.claimOnce(`job-run-start:${runId}`, worker))) return false;
    await this.model.updateOne({ _id: runId }, { $set: { status: 'running', startedAt: at, heartbeatAt: at, worker } });
    return true;
  }

  async heartbeat(runId: string, at: Date, counts: Record<string, number>): Promise<void> {
    await this.model.updateOne({ _id: runId }, { $set: { heartbeatAt: at, counts } });
  }

  /** Records the outcome of a running run; one already abandoned (another worker took it over) keeps that verdict. */
  async finish(runId: string, outcome: Pick<JobRunRecord, 'status' | 'counts' | 'phases' | 'problems' | 'unsuppliedFacts'> & { at: Date }): Promise<void> {
    const { at, ...fields } = outcome;
    await this.model.updateOne({ _id: runId, status: 'running' }, { $set: { ...fields, finishedAt: at, heartbeatAt: at } });
  }

  /** A scheduled run its job's precondition refused: never started, saying why. */
  async skip(runId: string, problem: { message: string; at: Date }): Promise<void> {
    await this.model.updateOne(
      { _id: runId, status: 'queued' },
      { $set: { status: 'skipped', finishedAt: problem.at, heartbeatAt: problem.at, problems: [problem] } },
    );
  }

  /** A run whose worker went quiet and whose next attempt was created: failed, saying so. */
  async abandon(runId: string, problem: { message: string; at: Date }): Promise<void> {
    await this.model.updateOne(
      { _id: runId, status: { $in: ['queued', 'running'] } },
      { $set: { status: 'failed', finishedAt: problem.at }, $push: { problems: problem } },
    );
  }

  /** Runs of these jobs that are running (by any worker), with when each last beat: few at a time, a small collection. */
  async running(jobs: readonly string[]): Promise<Pick<JobRunRecord, '_id' | 'heartbeatAt'>[]> {
    return this.model.find({ job: { $in: jobs }, status: 'running' }, { heartbeatAt: 1 }).lean<Pick<JobRunRecord, '_id' | 'heartbeatAt'>[]>();
  }

  async find(runId: string): Promise<JobRunRecord | undefined> {
    return (await this.model.findOne({ _id: runId }).lean<JobRunRecord>()) ?? undefined;
  }

  async page(filter: JobRunFilter, request: PageRequest): Promise<KeysetPage<JobRunRecord>> {
    const query: Record<string, unknown> = {};
    if (filter.job) query.job = filter.job;
    if (filter.status) query.status = filter.status;
    return readKeysetPage(modelReader(this.model), query, BY_QUEUED, request);
  }
}
