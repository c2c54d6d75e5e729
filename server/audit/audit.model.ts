import { Schema, type Connection, type Model } from 'mongoose';
import { AUDIT_ENTITY_KIND_VALUES, type AuditEntityKind } from '../generated/schema-types';

/** The kinds of object the audit log records, as schemas/audit/audit-entity-kind.json lists them. */
export const AUDIT_ENTITY_KINDS = AUDIT_ENTITY_KIND_VALUES;
export type { AuditEntityKind };

/** One change: who, when, to what, in which org unit, the state before and after, and why. */
export interface AuditEntryRecord {
  /** Sortable: time first, so paging by `entryId` pages by time. */
  entryId: string;
  at: Date;
  actor: string;
  action: string;
  entity: { kind: AuditEntityKind; id: string };
  /** The org unit the changed thing belongs to; scoped readers see their subtree's entries only. */
  orgUnit: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

const auditSchema = new Schema<AuditEntryRecord>(
  {
    entryId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    entity: {
      kind: { type: String, required: true },
      id: { type: String, required: true },
    },
    orgUnit: { type: String, required: true },
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
    reason: String,
  },
  { versionKey: false, minimize: false },
);
auditSchema.index({ entryId: 1 }, { unique: true });
auditSchema.index({ 'entity.kind': 1, 'entity.id': 1, entryId: -1 });
auditSchema.index({ orgUnit: 1, entryId: -1 });

export function auditModel(connection: Connection): Model<AuditEntryRecord> {
  return connection.models.AuditEntry ?? connection.model<AuditEntryRecord>('AuditEntry', auditSchema, 'audit_log');
}
