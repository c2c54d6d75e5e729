import type { Connection, Model } from 'mongoose';
import { modelReader, readKeysetPage, type KeysetOrder, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { auditModel, type AuditEntityKind, type AuditEntryRecord } from './audit.model';
import { unitFilter } from '../authority/org-scope';

export interface AuditFilter {
  entityKind?: AuditEntityKind;
  entityId?: string;
  actor?: string;
  action?: string;
  /** Entries of exactly these org units (a scoped caller's subtree); absent for HQ's scope, which is everything. */
  orgUnits?: readonly string[];
  from?: Date;
  to?: Date;
}

/** Newest first by entryId (time-ordered and unique); the cursor is the last entry's id. */
/** Entry ids are unique and sort by time (time first): the id is the whole position. */
const BY_ENTRY: KeysetOrder = { key: 'entryId' };

/** Entries per insert when many are recorded at once. */
const APPEND_CHUNK = 1_000;

/**
 * The append-only audit log. This store offers inserting and reading, nothing else: no code
 * path in the platform can update or delete an entry.
 */
export class AuditStore {
  private readonly model: Model<AuditEntryRecord>;

  constructor(connection: Connection) {
    this.model = auditModel(connection);
  }

  /** Entries in order, in inserts of at most APPEND_CHUNK (a run can record thousands at once). */
  async appendMany(entries: readonly AuditEntryRecord[]): Promise<void> {
    for (let start = 0; start < entries.length; start += APPEND_CHUNK) await this.model.insertMany(entries.slice(start, start + APPEND_CHUNK));
  }

  /** One page of entries, newest first; `before` is an entryId (the previous page's `nextBefore`). */
  async page(filter: AuditFilter, request: PageRequest): Promise<KeysetPage<AuditEntryRecord>> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.entityKind) query['entity.kind'] = filter.entityKind;
    if (filter.entityId) query['entity.id'] = filter.entityId;
    if (filter.actor) query.actor = filter.actor;
    if (filter.action) query.action = filter.action;
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return readKeysetPage(modelReader(this.model, { _id: 0 }), query, BY_ENTRY, request);
  }

  /** The latest entry about one entity, e.g. the settings last recorded. */
  async latest(kind: AuditEntityKind, id: string): Promise<AuditEntryRecord | undefined> {
    return (await this.model.findOne({ 'entity.kind': kind, 'entity.id': id }, { _id: 0 }).sort({ entryId: -1 }).lean<AuditEntryRecord>()) ?? undefined;
  }
}
