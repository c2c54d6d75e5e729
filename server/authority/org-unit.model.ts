import { Schema, type Connection, type Model } from 'mongoose';

export interface OrgUnitRecord {
  /** Stable identifier (HQ, BR-SH, BR-SH-PD); data, users and keys refer to units by it. */
  id: string;
  name: string;
  /** null for HQ, the root; every other unit has a parent. */
  parent: string | null;
  /** A deactivated unit keeps its place and its data; nothing new may be attached to it. */
  active: boolean;
  /** Optimistic-concurrency counter: every update names the version it read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
}

const orgUnitSchema = new Schema<OrgUnitRecord>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    parent: { type: String, default: null },
    active: { type: Boolean, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false },
);
orgUnitSchema.index({ id: 1 }, { unique: true });

export function orgUnitModel(connection: Connection): Model<OrgUnitRecord> {
  return connection.models.OrgUnit ?? connection.model<OrgUnitRecord>('OrgUnit', orgUnitSchema, 'org_units');
}
