import type { Connection, Model } from 'mongoose';
import { ConflictError } from '../http/errors';
import type { StoredState } from '../rulesets/ruleset.lifecycle';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { TransitionClaims } from '../store/transition-claims';
import { delegationModel, type DelegationKind, type DelegationRecord } from './delegation.model';
import { unitFilter } from './org-scope';

const NO_ID = { _id: 0 } as const;

export interface DelegationFilter {
  orgUnits?: readonly string[];
  ruleSetKey?: string;
  state?: StoredState;
}

/** Plain objects in and out for grants or overlays; the unique (unit, key, version) index settles races. */
export class DelegationStore<Content> {
  private readonly model: Model<DelegationRecord<unknown>>;
  private readonly claims: TransitionClaims;

  constructor(
    connection: Connection,
    readonly kind: DelegationKind,
  ) {
    this.model = delegationModel(connection, kind);
    this.claims = new TransitionClaims(connection);
  }

  async insert(record: DelegationRecord<Content>): Promise<DelegationRecord<Content>> {
    try {
      await this.model.create(record);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictError(
          'stale_version',
          `Version ${record.version} of the ${this.kind} for ${record.orgUnit} / ${record.ruleSetKey} was created by someone else meanwhile; reload and try again`,
          [{ path: '/body/basedOnVersion', message: 'is stale' }],
        );
      }
      throw error;
    }
    return record;
  }

  async find(orgUnit: string, ruleSetKey: string, version: number): Promise<DelegationRecord<Content> | undefined> {
    return (await this.model.findOne({ orgUnit, ruleSetKey, version }, NO_ID).lean<DelegationRecord<Content>>()) ?? undefined;
  }

  async latestVersionNumber(orgUnit: string, ruleSetKey: string): Promise<number> {
    const latest = await this.model.findOne({ orgUnit, ruleSetKey }, { version: 1, _id: 0 }).sort({ version: -1 }).lean<{ version: number }>();
    return latest?.version ?? 0;
  }

  async list(filter: DelegationFilter): Promise<DelegationRecord<Content>[]> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.ruleSetKey) query.ruleSetKey = filter.ruleSetKey;
    if (filter.state) query.state = filter.state;
    return this.model.find(query, NO_ID).sort({ orgUnit: 1, ruleSetKey: 1, version: -1 }).lean<DelegationRecord<Content>[]>();
  }

  /** Published versions of one rule-set key (every unit); the caller picks the one in force per unit. */
  async published(ruleSetKey: string): Promise<DelegationRecord<Content>[]> {
    return this.model.find({ ruleSetKey, state: 'published' }, NO_ID).lean<DelegationRecord<Content>[]>();
  }

  /**
   * Compare-and-set on state and revision: returns whether the change applied. The writer first
   * claims the (state, revision) it moves away from, because FerretDB does not apply a filtered
   * update atomically (see TransitionClaims).
   */
  async updateIf(
    orgUnit: string,
    ruleSetKey: string,
    version: number,
    expected: { state: StoredState; revision: number },
    changes: Partial<DelegationRecord<unknown>>,
    options: { incrementRevision?: boolean; addMaker?: string } = {},
  ): Promise<boolean> {
    if (!(await this.claims.claim(`${this.kind}:${orgUnit}/${ruleSetKey}@${version}:${expected.state}:${expected.revision}`))) return false;
    const filter = { orgUnit, ruleSetKey, version, state: expected.state, revision: expected.revision };
    const update: Record<string, unknown> = { $set: { ...changes, updatedAt: new Date() } };
    if (options.incrementRevision) update.$inc = { revision: 1 };
    if (options.addMaker) update.$addToSet = { makers: options.addMaker };
    const result = await this.model.updateOne(filter, update);
    return result.matchedCount === 1;
  }
}

/** The version in force per unit: of the published versions, the one published last. */
export function inForceByUnit<Content>(published: readonly DelegationRecord<Content>[]): Map<string, DelegationRecord<Content>> {
  const byUnit = new Map<string, DelegationRecord<Content>>();
  for (const record of published) {
    const current = byUnit.get(record.orgUnit);
    const later =
      !current ||
      (record.publishedAt?.getTime() ?? 0) > (current.publishedAt?.getTime() ?? 0) ||
      ((record.publishedAt?.getTime() ?? 0) === (current.publishedAt?.getTime() ?? 0) && record.version > current.version);
    if (later) byUnit.set(record.orgUnit, record);
  }
  return byUnit;
}
