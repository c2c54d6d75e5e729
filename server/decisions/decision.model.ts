import { Schema, type Connection, type Model } from 'mongoose';
import type { DecisionEvent } from '../engine/evaluate';

export interface DecisionRecord {
  decisionId: string;
  ruleSet: { key: string; version: number; hash: string };
  orgUnit?: string;
  /** The org units' parameter overlays applied on top of the version (delegated authority), in path order. */
  overlays?: { orgUnit: string; version: number }[];
  caller: string;
  /** Masked before storage. */
  facts: Record<string, unknown>;
  events: DecisionEvent[];
  /** Event types, kept apart so the list can filter on them with a plain index. */
  eventTypes: string[];
  at: Date;
  durationMs: number;
}

const decisionSchema = new Schema<DecisionRecord>(
  {
    decisionId: { type: String, required: true },
    ruleSet: {
      key: { type: String, required: true },
      version: { type: Number, required: true },
      hash: { type: String, required: true },
    },
    orgUnit: String,
    overlays: { type: Schema.Types.Mixed, default: undefined },
    caller: { type: String, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    events: { type: Schema.Types.Mixed, required: true },
    eventTypes: { type: [String], required: true },
    at: { type: Date, required: true },
    durationMs: { type: Number, required: true },
  },
  { versionKey: false, minimize: false, _id: true },
);
decisionSchema.index({ decisionId: 1 }, { unique: true });
decisionSchema.index({ 'ruleSet.key': 1, at: -1 });
decisionSchema.index({ at: -1 });

export function decisionModel(connection: Connection): Model<DecisionRecord> {
  return connection.models.Decision ?? connection.model<DecisionRecord>('Decision', decisionSchema, 'decisions');
}
