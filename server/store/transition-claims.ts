import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from './mongo-errors';

/** A claim left by a process that died between claiming and applying stops blocking after this. */
export const STALE_CLAIM_MS = 30_000;

/** Well past any race a claim settles (the update follows the claim at once); maintenance removes claims older than this. */
export const SETTLED_CLAIM_MS = 60 * 60_000;

interface ClaimDocument {
  _id: string;
  at: Date;
}

/**
 * Compare-and-set that holds on every MongoDB-compatible engine. FerretDB 1.x on SQLite does
 * not apply a conditional update atomically (FerretDB issue #3040): ten concurrent
 * `updateOne({ _id, revision: 1 }, ...)` calls can all match. An insert into a unique index is
 * atomic everywhere, so a writer first claims the name of the state it moves away from
 * (e.g. `ruleset:warning.obligor@2:draft:3`); only the claimant applies its update, the others
 * get a conflict. On MongoDB the claim is redundant but harmless.
 */
export class TransitionClaims {
  private readonly claims: Collection<ClaimDocument>;

  constructor(connection: Connection, private readonly now: () => number = Date.now) {
    this.claims = connection.collection<ClaimDocument>('transition_claims');
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
   * Claims only matter while writers race; once the state has moved on, a claim of the state it
   * left blocks nobody (a late writer's conditional update would miss anyway). Maintenance
   * removes the old ones so the collection does not grow with every edit.
   */
  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.claims.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }

  private async tryInsert(name: string): Promise<boolean> {
    try {
      await this.claims.insertOne({ _id: name, at: new Date(this.now()) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
