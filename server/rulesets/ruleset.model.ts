import { Schema, type Connection, type Model } from 'mongoose';
import type { Family, RuleSetVersion } from '../generated/schema-types';
import type { StoredState } from './ruleset.lifecycle';

/**
 * One document per (key, version). Content is written when the draft is created and while it
 * is a draft; from submission on only the state and its audit fields change. Publishing adds a
 * publication record; it never edits content.
 */
export interface RuleSetVersionRecord {
  key: string;
  version: number;
  family: Family;
  orgUnit: string;
  content: RuleSetVersion;
  hash: string;
  state: StoredState;
  /** Draft edit counter for optimistic concurrency. */
  revision: number;
  author: string;
  /** Everyone who wrote part of the content: none of them may approve it. */
  makers: string[];
  basedOnVersion?: number;
  rollbackOf?: number;
  /** The champion/challenger test whose challenger this version promotes: a repeated promotion finds it instead of copying again. */
  challengerTest?: string;
  /** When it was submitted for review (maker-checker: its approver must have been one before); absent before it was kept. */
  submittedAt?: Date;
  approvedBy?: string;
  publishedBy?: string;
  effectiveFrom?: Date;
  publishedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type RuleSetAction = 'create' | 'update' | 'submit' | 'approve' | 'reject' | 'publish' | 'rollback' | 'seed' | 'comment';

/** The per-rule-set history: who did what, when and why. Append-only. */
export interface RuleSetActionRecord {
  key: string;
  version: number;
  action: RuleSetAction;
  actor: string;
  at: Date;
  reason?: string;
  fromState?: string;
  toState?: string;
  effectiveFrom?: Date;
  details?: Record<string, unknown>;
}

/** A published version and the time it takes effect; evaluation picks among these. */
export interface RuleSetPublicationRecord {
  key: string;
  version: number;
  effectiveFrom: Date;
  publishedAt: Date;
  publishedBy: string;
}

// minimize: false keeps empty objects ({} facts in a test, {} event params) as written.
const versionSchema = new Schema<RuleSetVersionRecord>(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    family: { type: String, required: true },
    orgUnit: { type: String, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    hash: { type: String, required: true },
    state: { type: String, required: true },
    revision: { type: Number, required: true },
    author: { type: String, required: true },
    makers: { type: [String], required: true },
    basedOnVersion: Number,
    rollbackOf: Number,
    challengerTest: String,
    submittedAt: Date,
    approvedBy: String,
    publishedBy: String,
    effectiveFrom: Date,
    publishedAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
versionSchema.index({ key: 1, version: 1 }, { unique: true });

const actionSchema = new Schema<RuleSetActionRecord>(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    action: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    reason: String,
    fromState: String,
    toState: String,
    effectiveFrom: Date,
    details: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);
actionSchema.index({ key: 1, at: 1 });

const publicationSchema = new Schema<RuleSetPublicationRecord>(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    effectiveFrom: { type: Date, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
  },
  { versionKey: false },
);
publicationSchema.index({ key: 1, version: 1 }, { unique: true });

export function ruleSetModels(connection: Connection): {
  versions: Model<RuleSetVersionRecord>;
  actions: Model<RuleSetActionRecord>;
  publications: Model<RuleSetPublicationRecord>;
} {
  return {
    versions: connection.models.RuleSetVersion ?? connection.model<RuleSetVersionRecord>('RuleSetVersion', versionSchema, 'ruleset_versions'),
    actions: connection.models.RuleSetAction ?? connection.model<RuleSetActionRecord>('RuleSetAction', actionSchema, 'ruleset_actions'),
    publications:
      connection.models.RuleSetPublication ?? connection.model<RuleSetPublicationRecord>('RuleSetPublication', publicationSchema, 'ruleset_publications'),
  };
}
