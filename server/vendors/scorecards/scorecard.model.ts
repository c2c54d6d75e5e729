import type { Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import type { Assessment, AgencyKind, Scorecard } from '../../generated/schema-types';
import type { HistoryEntry } from '../../store/revisioned-records';

/** A stored scorecard: `_id` is `agencyId|month`, so a month has one per agency and a rerun finds it by `_id`. */
export interface ScorecardRecord extends Omit<Scorecard, 'assessedAt' | 'assessment'> {
  _id: string;
  assessment: Assessment;
  /** A fingerprint of the inputs and rank: a rerun with the same writes nothing (the job is idempotent per month). */
  inputsHash: string;
  assessedAt: Date;
  updatedAt: Date;
}

/** An elimination proposal (Art. 22(2)): `_id` is `agencyId|month`, so a month proposes an agency once. */
export interface EliminationRecord {
  _id: string;
  agencyId: string;
  agencyName: string;
  kind: AgencyKind;
  month: string;
  decisionId: string;
  score: number | null;
  rank: number | null;
  activeOfKind: number;
  state: 'proposed' | 'approved' | 'rejected';
  proposedBy: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  revision: number;
  updatedAt: Date;
}

/** HQ's cooperation inputs for an agency and month (`agencyId|month`). */
export interface CooperationRecord {
  _id: string;
  averageResponseHours: number | null;
  dataCompleteness: number | null;
  rating: number | null;
  note: string | null;
  enteredBy: string;
  enteredAt: Date;
}

export const monthKey = (agencyId: string, month: string) => `${agencyId}|${month}`;

export interface ScorecardCollections {
  scorecards: Collection<ScorecardRecord>;
  scorecardHistory: Collection<HistoryEntry>;
  proposals: Collection<EliminationRecord>;
  proposalHistory: Collection<HistoryEntry>;
  cooperation: Collection<CooperationRecord>;
}

export async function scorecardCollections(connection: Connection): Promise<ScorecardCollections> {
  const db = connection.db!;
  const collections: ScorecardCollections = {
    scorecards: db.collection<ScorecardRecord>('vendor_scorecards'),
    scorecardHistory: db.collection<HistoryEntry>('vendor_scorecard_history'),
    proposals: db.collection<EliminationRecord>('vendor_elimination_proposals'),
    proposalHistory: db.collection<HistoryEntry>('vendor_elimination_history'),
    cooperation: db.collection<CooperationRecord>('vendor_cooperation_inputs'),
  };
  // An agency's months newest first (its history over months); a month's agencies (the month's list).
  await collections.scorecards.createIndex({ agencyId: 1, month: -1 });
  await collections.scorecards.createIndex({ month: 1, agencyId: 1 });
  // The approvers' inbox (proposals by state) and all proposals, newest change first.
  await collections.proposals.createIndex({ state: 1, updatedAt: -1, _id: -1 });
  await collections.proposals.createIndex({ updatedAt: -1, _id: -1 });
  await collections.scorecardHistory.createIndex({ subjectId: 1, revision: 1 });
  await collections.proposalHistory.createIndex({ subjectId: 1, revision: 1 });
  return collections;
}
