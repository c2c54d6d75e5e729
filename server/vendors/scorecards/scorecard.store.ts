import type { Connection } from '../../store/connection';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../../store/revisioned-records';
import {
  monthKey,
  scorecardCollections,
  type CooperationRecord,
  type EliminationRecord,
  type ScorecardCollections,
  type ScorecardRecord,
} from './scorecard.model';

/** Scorecards, elimination proposals and cooperation inputs: reads by `_id` or declared index, changes through the revision gate. */
export class ScorecardStore {
  private collections?: ScorecardCollections;
  private scorecardWrites?: RevisionedWrites;
  private proposalWrites?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.collections = await scorecardCollections(this.connection);
    this.scorecardWrites = new RevisionedWrites(this.collections.scorecards as never, this.collections.scorecardHistory);
    this.proposalWrites = new RevisionedWrites(this.collections.proposals as never, this.collections.proposalHistory);
  }

  private get c(): ScorecardCollections {
    return this.collections!;
  }

  async scorecard(agencyId: string, month: string): Promise<ScorecardRecord | undefined> {
    return (await this.c.scorecards.findOne({ _id: monthKey(agencyId, month) })) ?? undefined;
  }

  /** An agency's scorecards, newest month first (at most ten years of months). */
  ofAgency(agencyId: string): Promise<ScorecardRecord[]> {
    return this.c.scorecards.find({ agencyId }).sort({ month: -1 }).limit(120).toArray();
  }

  ofMonth(month: string): Promise<ScorecardRecord[]> {
    return this.c.scorecards.find({ month }).sort({ agencyId: 1 }).toArray();
  }

  /** Writes a first scorecard (false when another run wrote it first). */
  async insertScorecard(record: ScorecardRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.scorecardWrites!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyScorecard(change: RevisionChange): Promise<boolean> {
    return this.scorecardWrites!.applyOne(change);
  }

  scorecardHistory(agencyId: string, month: string): Promise<HistoryEntry[]> {
    return this.c.scorecardHistory
      .find({ subjectId: monthKey(agencyId, month) })
      .sort({ revision: 1 })
      .toArray();
  }

  cooperationOf(agencyIds: readonly string[], month: string): Promise<CooperationRecord[]> {
    return this.c.cooperation.find({ _id: { $in: agencyIds.map((agencyId) => monthKey(agencyId, month)) } }).toArray();
  }

  async putCooperation(record: CooperationRecord): Promise<void> {
    await this.c.cooperation.replaceOne({ _id: record._id }, record, { upsert: true });
  }

  async proposal(proposalId: string): Promise<EliminationRecord | undefined> {
    return (await this.c.proposals.findOne({ _id: proposalId })) ?? undefined;
  }

  proposals(state: EliminationRecord['state'] | undefined): Promise<EliminationRecord[]> {
    return this.c.proposals
      .find(state ? { state } : {})
      .sort({ updatedAt: -1, _id: -1 })
      .limit(500)
      .toArray();
  }

  /** Proposes once per agency and month: false when the proposal exists already. */
  async insertProposal(record: EliminationRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.proposalWrites!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyProposal(change: RevisionChange): Promise<boolean> {
    return this.proposalWrites!.applyOne(change);
  }

  proposalHistory(proposalId: string): Promise<HistoryEntry[]> {
    return this.c.proposalHistory.find({ subjectId: proposalId }).sort({ revision: 1 }).toArray();
  }
}
