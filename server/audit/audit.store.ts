import type { Connection, Model } from 'mongoose';
import { auditModel, type AuditEntityKind, type AuditEntryRecord } from './audit.model';

export interface AuditFilter {
  entityKind?: AuditEntityKind;
  entityId?: string;
  actor?: string;
  action?: string;
  /** Entries of exactly these org units (a scoped caller's subtree); absent for HQ's scope, which is everything. */
  orgUnits?: readonly string[];
  from?: Date;
  to?: Date;
  /** Entries older than this entryId (the previous page's `nextBefore`). */
  before?: string;
  limit: number;
}

/**
 * The append-only audit log. This store offers inserting and reading, nothing else: no code
 * path in the platform can update or delete an entry.
 */
export class AuditStore {
  private readonly model: Model<AuditEntryRecord>;

  constructor(connection: Connection) {
    this.model = auditModel(connection);
  }

  async append(entry: AuditEntryRecord): Promise<void> {
    await this.model.create(entry);
  }

  async list(filter: AuditFilter): Promise<AuditEntryRecord[]> {
    const query: Record<string, unknown> = filter.orgUnits ? { orgUnit: { $in: filter.orgUnits } } : {};
    if (filter.entityKind) query['entity.kind'] = filter.entityKind;
    if (filter.entityId) query['entity.id'] = filter.entityId;
    if (filter.actor) query.actor = filter.actor;
    if (filter.action) query.action = filter.action;
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    if (filter.before) query.entryId = { $lt: filter.before };
    return this.model.find(query, { _id: 0 }).sort({ entryId: -1 }).limit(filter.limit).lean<AuditEntryRecord[]>();
  }

  /** The latest entry about one entity, e.g. the settings last recorded. */
  async latest(kind: AuditEntityKind, id: string): Promise<AuditEntryRecord | undefined> {
    return (await this.model.findOne({ 'entity.kind': kind, 'entity.id': id }, { _id: 0 }).sort({ entryId: -1 }).lean<AuditEntryRecord>()) ?? undefined;
  }
}
