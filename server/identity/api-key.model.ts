import { Schema, type Connection, type Model } from 'mongoose';
import type { PersonRef, RoleGrant } from './natural-person';
import { ROLES, type Role } from './principal';
import { roleGrantSchema } from './user.model';

export interface ApiKeyRecord {
  keyId: string;
  name: string;
  prefix: string;
  secretHash: string;
  ownerType: 'user' | 'integration';
  username?: string;
  orgUnit: string;
  roles: Role[];
  restrictions?: { ruleSetKeys?: string[]; evaluateOnly?: boolean; strictFacts?: boolean; scopes?: 'underwriting:check'[] };
  /** An integration key bound to an agency (its credit code): it acts only as that agency, for the cases placed with it. */
  agencyId?: string;
  /** Set for the key created from ADMIN_API_KEY, so a changed value replaces it. */
  bootstrap: boolean;
  createdAt: Date;
  createdBy: string;
  /** Who created the key (maker-checker tells persons apart by it). */
  creator: PersonRef;
  /**
   * The roles set at creation, one entry: an integration key's are never changed. A user key acts with its user's
   * current roles, and an approver acting through it is judged by the user's history; its own entry, like its `roles`,
   * is what it was made with, and is read only when the key bears the name of a recorded integration approver.
   */
  roleHistory: RoleGrant[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const apiKeySchema = new Schema<ApiKeyRecord>(
  {
    keyId: { type: String, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    secretHash: { type: String, required: true },
    ownerType: { type: String, enum: ['user', 'integration'], required: true },
    username: { type: String },
    orgUnit: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    agencyId: { type: String },
    restrictions: {
      ruleSetKeys: { type: [String], default: undefined },
      evaluateOnly: Boolean,
      strictFacts: Boolean,
      scopes: { type: [String], default: undefined },
    },
    bootstrap: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    creator: { type: String, required: true },
    roleHistory: { type: [roleGrantSchema], default: undefined, required: true },
    expiresAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
  },
  { versionKey: false, minimize: true },
);
apiKeySchema.index({ keyId: 1 }, { unique: true });
apiKeySchema.index({ secretHash: 1 }, { unique: true });

export function apiKeyModel(connection: Connection): Model<ApiKeyRecord> {
  return connection.models.ApiKey ?? connection.model<ApiKeyRecord>('ApiKey', apiKeySchema, 'api_keys');
}
