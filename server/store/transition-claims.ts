import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

/** A claim left by a process that died between claiming and applying stops blocking after this. */
export const STALE_CLAIM_MS = 30_000;

/** Well past any race a claim settles (the update follows the claim at once); maintenance removes claims older than this. */
export const SETTLED_CLAIM_MS = 60 * 60_000;

interface ClaimDocument {
  _id: string;
  at: Date;
  /** Who holds it, when the claimant names itself (a dispatcher's process id), for diagnosis. */
  by?: string;
}

/**
 * Where the claims collection lives: the platform's mongoose connection, or the driver's database
 * for code that has only that (Agenda's job repository).
 */
export interface ClaimsDatabase {
  collection<T extends { _id: string }>(name: string): Collection<T>;
}

/**
 * Compare-and-set that holds on every MongoDB-compatible engine. FerretDB 1.x on SQLite does
 * not apply a conditional update atomically (FerretDB issue #3040): ten concurrent
 * `updateOne({ _id, revision: 1 }, ...)` calls can all match. An insert into a unique index is
 * atomic everywhere, so a writer first claims the name of the state it moves away from
 * (e.g. `ruleset:warning.obligor@2:draft:3`); only the claimant applies its update, the others
 * get a conflict. On MongoDB the claim is redundant but harmless.
 *
 * Every "insert a unique row to win" of the platform's own records goes through here, under a
 * name that starts with its kind (`ruleset:`, `webhook-delivery:`, `agenda-lock:`,
 * `job-run-start:` …), in one collection that the maintenance job sweeps.
 */
export class TransitionClaims {
  private readonly claims: Collection<ClaimDocument>;

  constructor(
    database: ClaimsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.claims = database.collection<ClaimDocument>('transition_claims');
  }

  /** True when this caller now owns the transition out of `name`; false when someone else does. */
  async claim(name: string): Promise<boolean> {
    if (await this.tryInsert(name)) return true;
    const existing = await this.claims.findOne({ _id: name });
    if (!existing || this.now() - existing.at.getTime() < STALE_CLAIM_MS) return false;
    // The claimant never finished (its process died): free the name once, and race for it again.
    await this.claims.deleteOne({ _id: name, at: existing.at });
    return this.tryInsert(name);
  }

  /**
   * Like `claim`, without taking over a stale claim: a claimant that died before its update
   * blocks `name` until maintenance removes the claim (`deleteBefore`, SETTLED_CLAIM_MS). For
   * claims whose owner may legitimately be slow past STALE_CLAIM_MS; a webhook delivery's claim
   * version is one, and its lease already frees a delivery whose dispatcher died mid-attempt.
   */
  async claimOnce(name: string, by?: string): Promise<boolean> {
    return this.tryInsert(name, by);
  }

  /**
   * Claims only matter while writers race; once the state has moved on, a claim of the state it
   * left blocks nobody (a late writer's conditional update would miss anyway). Maintenance
   * removes the old ones so the collection does not grow with every edit; with `prefix`, only
   * the claims of one kind (their names start with it), so each kind's sweep is counted apart.
   */
  async deleteBefore(cutoff: Date, prefix?: string): Promise<number> {
    // A range on the name rather than a regular expression: every engine serves it from the _id index.
    const named = prefix === undefined ? {} : { _id: { $gte: prefix, $lt: `${prefix}\uffff` } };
    return (await this.claims.deleteMany({ ...named, at: { $lt: cutoff } })).deletedCount;
  }

  private async tryInsert(name: string, by?: string): Promise<boolean> {
    try {
      await this.claims.insertOne({ _id: name, at: new Date(this.now()), ...(by === undefined ? {} : { by }) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
