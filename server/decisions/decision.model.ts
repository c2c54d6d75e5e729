import { Schema, type Connection, type Model } from 'mongoose';
import type { DecisionEvent } from '../engine/evaluate';
import type { ChallengerDecision } from '../generated/schema-types';

/** One logged evaluation, as the platform works with it. */
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
  /** Facts not sent that left a rule undecided (engine/missing-facts.ts): set by evaluation calls; the daily runs count theirs on the job run (unsuppliedFacts). */
  missingFacts?: string[];
  at: Date;
  durationMs: number;
  /** The champion/challenger test the obligor was in: the arm whose version decided (ruleSet) and the other's shadow result. */
  challenge?: ChallengerDecision;
}

/**
 * How a decision is stored: facts and events as JSON text. Nothing queries inside them, and a
 * database on FerretDB spends about half as much CPU per inserted decision on two strings as
 * on the same data as nested documents (npm run bench:decision-log). Everything the log is
 * filtered or sorted by stays a plain field.
 */
export type StoredDecision = Omit<DecisionRecord, 'facts' | 'events'> & { factsJson: string; eventsJson: string };

const decisionSchema = new Schema<StoredDecision>(
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
    factsJson: { type: String, required: true },
    eventsJson: { type: String, required: true },
    eventTypes: { type: [String], required: true },
    missingFacts: { type: [String], default: undefined },
    at: { type: Date, required: true },
    durationMs: { type: Number, required: true },
    challenge: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false, minimize: false, _id: true },
);
decisionSchema.index({ decisionId: 1 }, { unique: true });
decisionSchema.index({ 'ruleSet.key': 1, at: -1, decisionId: -1 });
decisionSchema.index({ at: -1, decisionId: -1 });
// A branch's page of the log (its subtree's units), newest first.
decisionSchema.index({ orgUnit: 1, at: -1, decisionId: -1 });

export function decisionModel(connection: Connection): Model<StoredDecision> {
  return connection.models.Decision ?? connection.model<StoredDecision>('Decision', decisionSchema, 'decisions');
}

/**
 * A plain loop rather than `{ facts, events, ...rest }`, which costs V8 twice the time; every
 * other field is kept. The decision id is the document's _id too: a lookup by _id is the one
 * every engine answers from an index (FerretDB pushes no other filter down to its storage).
 */
export function toStoredDecision(record: DecisionRecord): StoredDecision {
  const stored: Record<string, unknown> = { _id: record.decisionId };
  for (const key in record) {
    if (key === 'facts') stored.factsJson = JSON.stringify(record.facts);
    else if (key === 'events') stored.eventsJson = JSON.stringify(record.events);
    else stored[key] = record[key as keyof DecisionRecord];
  }
  return stored as StoredDecision;
}

export function fromStoredDecision(stored: StoredDecision): DecisionRecord {
  const { factsJson, eventsJson, ...rest } = stored;
  return { ...rest, facts: JSON.parse(factsJson) as Record<string, unknown>, events: JSON.parse(eventsJson) as DecisionEvent[] };
}
