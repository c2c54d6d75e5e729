import type { Connection, Model } from 'mongoose';
import { ConflictError, NotFoundError } from '../http/errors';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';
import { orgUnitModel, type OrgUnitRecord } from './org-unit.model';
import { HEAD_OFFICE } from './responsibility';

export type OrgUnitChanges = Partial<Pick<OrgUnitRecord, 'name' | 'parent' | 'active'>>;

export class OrgUnitStore {
  private readonly model: Model<OrgUnitRecord>;
  private readonly claims: TransitionClaims;

  constructor(connection: Connection) {
    this.model = orgUnitModel(connection);
    this.claims = new TransitionClaims(connection);
  }

  async insert(unit: OrgUnitRecord): Promise<OrgUnitRecord> {
    try {
      await this.model.create(unit);
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new ConflictError('org_unit_taken', `An org unit "${unit.id}" exists already`, [{ path: '/body/id', message: 'is taken' }]);
      throw error;
    }
    return unit;
  }

  /** HQ always exists; two processes starting together both succeed (the unique index settles it). */
  async ensureHeadOffice(): Promise<void> {
    if (await this.find(HEAD_OFFICE)) return;
    const now = new Date();
    try {
      await this.model.create({
        id: HEAD_OFFICE,
        name: '总公司 Head office',
        parent: null,
        active: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: 'system',
        updatedBy: 'system',
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async find(id: string): Promise<OrgUnitRecord | undefined> {
    return (await this.model.findOne({ id }, { _id: 0 }).lean<OrgUnitRecord>()) ?? undefined;
  }

  async list(): Promise<OrgUnitRecord[]> {
    return this.model.find({}, { _id: 0 }).sort({ id: 1 }).lean<OrgUnitRecord[]>();
  }

  /**
   * Applies the change only if nobody changed the unit since `expectedVersion` was read. The
   * version is claimed first: FerretDB does not apply a filtered update atomically.
   */
  async update(id: string, expectedVersion: number, changes: OrgUnitChanges, actor: string): Promise<OrgUnitRecord> {
    const claimed = await this.claims.claim(`org-unit:${id}:${expectedVersion}`);
    const result = claimed
      ? await this.model.updateOne({ id, version: expectedVersion }, { $set: { ...changes, updatedAt: new Date(), updatedBy: actor }, $inc: { version: 1 } })
      : { matchedCount: 0 };
    const current = await this.find(id);
    if (!current) throw new NotFoundError(`No org unit "${id}"`);
    if (result.matchedCount === 1) return current;
    throw new ConflictError(
      'stale_version',
      `Org unit "${id}" changed since version ${expectedVersion}; reload it (now version ${current.version}) and try again`,
      [{ path: '/body/version', message: `is stale; current version is ${current.version}`, currentVersion: current.version }],
    );
  }
}
