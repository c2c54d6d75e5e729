import { createHash } from 'node:crypto';
import { MongoJobRepository, ObjectId } from '@agendajs/mongo-backend';
import { toJobId, type JobParameters, type JobRepositoryOptions } from 'agenda';
import type { Db, Document } from 'mongodb';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';

export const JOBS_COLLECTION = 'agenda_jobs';
/** Lock claims are transition claims under this kind, swept (and counted) apart from the others. */
export const LOCK_CLAIM_PREFIX = 'agenda-lock:';

interface StoredJob extends Document {
  _id: ObjectId;
  name: string;
  lockedAt?: Date | null;
  nextRunAt?: Date | null;
}

/**
 * Agenda's MongoDB repository with locks that hold on FerretDB as well as MongoDB.
 *
 * Agenda locks a job with one `findOneAndUpdate({ lockedAt: null, ... }, { $set: { lockedAt } })`,
 * which is atomic on MongoDB. FerretDB 1.24 on SQLite runs findAndModify and update as a read,
 * a filter in Go and then `UPDATE … WHERE _id = ?` without checking the filter again, so two
 * workers that ask at the same moment both get the job (measured: 199 of 200 races both won).
 * The one write every engine settles atomically is an insert under a unique key, so a lock is
 * taken in two steps: read the candidate, then insert a claim keyed by the candidate's id and
 * the exact state it was read in (lockedAt, nextRunAt). Whoever inserts the claim owns that
 * transition and sets lockedAt; the other worker loses the claim and looks for the next job. A
 * stale lock taken over later has a different lockedAt, hence a new claim name. The claims are the
 * platform's transition claims (`server/store/transition-claims.ts`), never taken over when stale.
 *
 * `every()` schedules ("single" jobs) are upserted by name, which FerretDB can also double on
 * a race; they get an _id derived from their name so a second insert collides instead.
 */
export class ClaimedJobRepository extends MongoJobRepository {
  private readonly claims: TransitionClaims;

  constructor(platformDatabase: Db) {
    super({ mongo: platformDatabase, db: { collection: JOBS_COLLECTION } });
    this.claims = new TransitionClaims(platformDatabase);
  }

  override async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    const filter = {
      name: jobName,
      disabled: { $ne: true },
      $or: [{ lockedAt: { $eq: null }, nextRunAt: { $lte: nextScanAt } }, { lockedAt: { $lte: lockDeadline } }],
    };
    // A lost claim means another worker took that job; a few more looks find the next one if any.
    for (let attempt = 0; attempt < 5; attempt++) {
      const candidate = await this.collection.findOne(filter, { sort: { nextRunAt: 1, priority: -1 } });
      if (!candidate) return undefined;
      const locked = await this.claimAndLock(candidate as StoredJob, now ?? new Date(), options);
      if (locked) return locked;
    }
    return undefined;
  }

  override async lockJob(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const candidate = await this.collection.findOne({
      _id: new ObjectId(job._id.toString()),
      name: job.name,
      lockedAt: null,
      nextRunAt: job.nextRunAt,
      disabled: { $ne: true },
    });
    return candidate ? this.claimAndLock(candidate as StoredJob, new Date(), options) : undefined;
  }

  override async saveJob<DATA = unknown>(job: JobParameters<DATA>, options: JobRepositoryOptions | undefined): Promise<JobParameters<DATA>> {
    if (job.type === 'single' && !job._id) {
      const seed = {
        _id: singleJobId(job.name),
        name: job.name,
        type: 'single',
        nextRunAt: job.nextRunAt ?? null,
        lockedAt: null,
        priority: job.priority,
        data: job.data ?? null,
      };
      await this.collection.insertOne(seed as never).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
    }
    return super.saveJob(job, options);
  }

  private async claimAndLock(candidate: StoredJob, lockTime: Date, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    const state = `${candidate._id.toHexString()}|${candidate.lockedAt?.getTime() ?? 'free'}|${candidate.nextRunAt?.getTime() ?? 'none'}`;
    if (!(await this.claims.claimOnce(`${LOCK_CLAIM_PREFIX}${state}`, options?.lastModifiedBy))) return undefined;
    await this.collection.updateOne({ _id: candidate._id }, { $set: { lockedAt: lockTime, lastModifiedBy: options?.lastModifiedBy ?? null } });
    const locked = await this.collection.findOne({ _id: candidate._id });
    return locked ? toJobParameters(locked as StoredJob) : undefined;
  }

  /** A schedule switched off: its recurring job goes, queued runs on demand stay. */
  async removeSchedule(name: string): Promise<void> {
    await this.collection.deleteMany({ name, type: 'single' });
  }

  /** Claims are only needed while a lock race could still happen; a sweep removes old ones. */
  async deleteClaimsBefore(cutoff: Date): Promise<number> {
    return this.claims.deleteBefore(cutoff, LOCK_CLAIM_PREFIX);
  }
}

function singleJobId(name: string): ObjectId {
  return new ObjectId(createHash('sha256').update(`agenda-single:${name}`).digest('hex').slice(0, 24));
}

/** The stored document as Agenda's JobParameters: a string id, and undefined where the store keeps null. */
function toJobParameters(document: StoredJob): JobParameters {
  const parameters: Record<string, unknown> = { ...document, _id: toJobId(document._id.toHexString()) };
  for (const [field, value] of Object.entries(parameters)) if (value === null && field !== 'nextRunAt' && field !== 'data') parameters[field] = undefined;
  return parameters as unknown as JobParameters;
}
