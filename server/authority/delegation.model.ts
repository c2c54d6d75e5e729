import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredState } from '../rulesets/ruleset.lifecycle';

/**
 * Grants and parameter overlays share one shape: a versioned document per (org unit, rule-set
 * key) with the rule-set lifecycle (draft, in review, approved, published) and maker-checker.
 * Content is written while a version is a draft; from submission on only its state changes.
 * The version in force is the published one published last.
 */
export interface DelegationRecord<Content> {
  orgUnit: string;
  ruleSetKey: string;
  version: number;
  content: Content;
  state: StoredState;
  /** Draft edit counter for optimistic concurrency. */
  revision: number;
  author: string;
  /** Everyone who wrote part of the content: none of them may approve it. */
  makers: string[];
  basedOnVersion?: number;
  /** When it was submitted for review (maker-checker: its approver must have been one before); absent before it was kept. */
  submittedAt?: Date;
  approvedBy?: string;
  publishedBy?: string;
  publishedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type DelegationKind = 'grant' | 'overlay';

const COLLECTIONS: Record<DelegationKind, { model: string; collection: string }> = {
  grant: { model: 'AuthorityGrant', collection: 'authority_grants' },
  overlay: { model: 'ParameterOverlay', collection: 'parameter_overlays' },
};

function delegationSchema(): Schema {
  // minimize: false keeps an empty parameter list or values object as written.
  const schema = new Schema(
    {
      orgUnit: { type: String, required: true },
      ruleSetKey: { type: String, required: true },
      version: { type: Number, required: true },
      content: { type: Schema.Types.Mixed, required: true },
      state: { type: String, required: true },
      revision: { type: Number, required: true },
      author: { type: String, required: true },
      makers: { type: [String], required: true },
      basedOnVersion: Number,
      submittedAt: Date,
      approvedBy: String,
      publishedBy: String,
      publishedAt: Date,
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { versionKey: false, minimize: false },
  );
  schema.index({ orgUnit: 1, ruleSetKey: 1, version: 1 }, { unique: true });
  schema.index({ ruleSetKey: 1, state: 1 });
  return schema;
}

/** Typed with unknown content: the store casts to the content type of its kind. */
export function delegationModel(connection: Connection, kind: DelegationKind): Model<DelegationRecord<unknown>> {
  const { model, collection } = COLLECTIONS[kind];
  return (
    (connection.models[model] as Model<DelegationRecord<unknown>> | undefined) ??
    connection.model<DelegationRecord<unknown>>(model, delegationSchema(), collection)
  );
}
