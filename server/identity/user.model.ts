import { Schema, type Connection, type Model } from 'mongoose';
import type { PersonRef, RoleGrant } from './natural-person';
import { ROLES, type Role } from './principal';

export interface UserRecord {
  username: string;
  displayName: string;
  orgUnit: string;
  roles: Role[];
  passwordHash: string;
  active: boolean;
  demo: boolean;
  /** Optimistic-concurrency counter: every update must name the version it read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  /** Who created the user (maker-checker tells persons apart by it). */
  creator: PersonRef;
  /** Every setting of the roles, oldest first: the last entry is `roles`. */
  roleHistory: RoleGrant[];
}

/** One entry of a role history, as users and API keys store it. */
export const roleGrantSchema = new Schema<RoleGrant>(
  { at: { type: Date, required: true }, roles: { type: [String], required: true }, by: { type: String, required: true } },
  { _id: false },
);

const userSchema = new Schema<UserRecord>(
  {
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    orgUnit: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    passwordHash: { type: String, required: true },
    active: { type: Boolean, required: true, default: true },
    demo: { type: Boolean, required: true, default: false },
    version: { type: Number, required: true, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    creator: { type: String, required: true },
    roleHistory: { type: [roleGrantSchema], default: undefined, required: true },
  },
  { versionKey: false },
);
userSchema.index({ username: 1 }, { unique: true });

export function userModel(connection: Connection): Model<UserRecord> {
  return connection.models.User ?? connection.model<UserRecord>('User', userSchema, 'users');
}
