import type { Connection, Model } from 'mongoose';
import { ConflictError } from '../http/errors';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';
import type { StoredState } from './ruleset.lifecycle';
import { ruleSetModels, type RuleSetActionRecord, type RuleSetPublicationRecord, type RuleSetVersionRecord } from './ruleset.model';

const NO_ID = { _id: 0 } as const;

/** A version without its content, and the content's description. */
export type VersionHeader = Omit<RuleSetVersionRecord, 'content'> & { description?: string };

/** Plain objects in, plain objects out; the mongoose models stay in this file's reach. */
export class RuleSetStore {
  private readonly versions: Model<RuleSetVersionRecord>;
  private readonly actions: Model<RuleSetActionRecord>;
  private readonly publicationModel: Model<RuleSetPublicationRecord>;
  private readonly claims: TransitionClaims;

  constructor(connection: Connection) {
    ({ versions: this.versions, actions: this.actions, publications: this.publicationModel } = ruleSetModels(connection));
    this.claims = new TransitionClaims(connection);
  }

  /** Inserts a new version; the unique (key, version) index turns a lost race into a 409. */
  async insertVersion(record: RuleSetVersionRecord): Promise<RuleSetVersionRecord> {
    try {
      await this.versions.create(record);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictError('stale_version', `Version ${record.version} of ${record.key} was created by someone else meanwhile; reload and try again`, [
          { path: '/body/basedOnVersion', message: 'is stale' },
        ]);
      }
      throw error;
    }
    return record;
  }

  async findVersion(key: string, version: number): Promise<RuleSetVersionRecord | undefined> {
    return (await this.versions.findOne({ key, version }, NO_ID).lean<RuleSetVersionRecord>()) ?? undefined;
  }

  async latestVersionNumber(key: string): Promise<number> {
    const latest = await this.versions.findOne({ key }, { version: 1, _id: 0 }).sort({ version: -1 }).lean<{ version: number }>();
    return latest?.version ?? 0;
  }

  /** The org unit owning a key: the one its latest version names; undefined for an unknown key. */
  async ownerOf(key: string): Promise<string | undefined> {
    const latest = await this.versions.findOne({ key }, { orgUnit: 1, _id: 0 }).sort({ version: -1 }).lean<{ orgUnit: string }>();
    return latest?.orgUnit;
  }

  /** Version headers of one key or of all keys: no rules, parameters or tests, but the description for the list. */
  async listVersions(key?: string): Promise<VersionHeader[]> {
    const headers = await this.versions
      .find(key ? { key } : {}, { 'content.rules': 0, 'content.parameters': 0, 'content.tests': 0, _id: 0 })
      .sort({ key: 1, version: 1 })
      .lean<(Omit<RuleSetVersionRecord, 'content'> & { content?: { description?: string } })[]>();
    return headers.map(({ content, ...header }) => ({ ...header, ...(content?.description ? { description: content.description } : {}) }));
  }

  /**
   * Compare-and-set: applies `changes` only if the version is still in `expected` state and
   * revision. Returns whether it applied. Concurrent writers first claim the (state, revision)
   * they move away from, because FerretDB does not make a filtered update atomic. (updateOne
   * rather than findOneAndUpdate: FerretDB 1.x does not implement projections on findAndModify.)
   */
  async updateIf(
    key: string,
    version: number,
    expected: { state: StoredState; revision: number },
    changes: Partial<RuleSetVersionRecord>,
    options: { incrementRevision?: boolean; addMaker?: string } = {},
  ): Promise<boolean> {
    if (!(await this.claims.claim(`ruleset:${key}@${version}:${expected.state}:${expected.revision}`))) return false;
    const filter = { key, version, state: expected.state, revision: expected.revision };
    const update: Record<string, unknown> = { $set: { ...changes, updatedAt: new Date() } };
    if (options.incrementRevision) update.$inc = { revision: 1 };
    if (options.addMaker) update.$addToSet = { makers: options.addMaker };
    const result = await this.versions.updateOne(filter, update);
    return result.matchedCount === 1;
  }

  async recordAction(action: RuleSetActionRecord): Promise<void> {
    await this.actions.create(action);
  }

  async history(key: string, version?: number): Promise<RuleSetActionRecord[]> {
    return this.actions
      .find(version === undefined ? { key } : { key, version }, NO_ID)
      .sort({ at: 1 })
      .lean<RuleSetActionRecord[]>();
  }

  /** Returns false when the version already has a publication (another process won). */
  async insertPublication(publication: RuleSetPublicationRecord): Promise<boolean> {
    try {
      await this.publicationModel.create(publication);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Cheap enough to poll: one small indexed query per key. */
  async publications(key?: string): Promise<RuleSetPublicationRecord[]> {
    return this.publicationModel.find(key ? { key } : {}, NO_ID).lean<RuleSetPublicationRecord[]>();
  }
}
