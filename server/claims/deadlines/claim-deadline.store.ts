import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../../authority/org-scope';
import type { ClaimCaseStatus } from '../claim-workflow';
import type { ClaimDeadline, ClaimEscalation } from '../handling/claim-handling-reader';

export type ClaimDeadlineState = ClaimDeadline['state'] | 'none';

/**
 * A claim case's current deadlines (collection claim_deadlines, `_id` = the case id): the read model the
 * workbench's queue is ordered by. Written by the daily claim-deadlines run and after each workflow step.
 */
export interface ClaimDeadlineRecord {
  _id: string;
  loanId: string;
  policyId: string;
  obligorId: string;
  orgUnit: string;
  status: ClaimCaseStatus;
  asOf: string;
  nextDueOn: string | null;
  /** nextDueOn, or a day after every real one: the queue's sort key (cases without a clock last). */
  dueKey: string;
  state: ClaimDeadlineState;
  deadlines: ClaimDeadline[];
  escalations: ClaimEscalation[];
  decisionId: string;
  ruleSet: { key: string; version: number; hash: string };
  /** The flags already published (`state|stage|dueOn`): each event once however often the day is run. */
  flags?: string[];
  updatedAt: Date;
}

export interface ClaimDeadlineFilter {
  orgUnits?: readonly string[];
  status?: ClaimCaseStatus;
  state?: ClaimDeadlineState;
  limit: number;
}

export const NO_DUE_DATE = '9999-12-31';

export class ClaimDeadlineStore {
  private deadlines?: Collection<ClaimDeadlineRecord>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.deadlines = this.connection.db!.collection<ClaimDeadlineRecord>('claim_deadlines');
    // The queue: by next due date, HQ's over all units, a branch's by unit, either by status or state.
    await this.deadlines.createIndex({ dueKey: 1, _id: 1 });
    await this.deadlines.createIndex({ orgUnit: 1, dueKey: 1, _id: 1 });
    await this.deadlines.createIndex({ status: 1, orgUnit: 1, dueKey: 1, _id: 1 });
    await this.deadlines.createIndex({ state: 1, orgUnit: 1, dueKey: 1, _id: 1 });
  }

  /**
   * Stores a case's deadlines as last read (the job service refuses a run for a day before the last successful one,
   * so a daily run never takes a case back). The published flags are left as they are.
   */
  async save(record: Omit<ClaimDeadlineRecord, 'flags'>): Promise<void> {
    const { _id, ...fields } = record;
    await this.deadlines!.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  /** Claims a flag for the case; true for the one caller that set it first (two workers never both publish). */
  async claimFlag(caseId: string, flag: string): Promise<boolean> {
    const result = await this.deadlines!.updateOne({ _id: caseId, flags: { $ne: flag } }, { $addToSet: { flags: flag } });
    return result.modifiedCount === 1;
  }

  /** Gives a flag back when its event could not be recorded, so the next run publishes it. */
  async releaseFlag(caseId: string, flag: string): Promise<void> {
    await this.deadlines!.updateOne({ _id: caseId }, { $pull: { flags: flag } });
  }

  find(caseId: string): Promise<ClaimDeadlineRecord | null> {
    return this.deadlines!.findOne({ _id: caseId });
  }

  /** The queue: earliest due date first, cases without a clock last, ties by case id. */
  list(filter: ClaimDeadlineFilter): Promise<ClaimDeadlineRecord[]> {
    const query: Filter<ClaimDeadlineRecord> = { ...unitFilter(filter.orgUnits) };
    if (filter.status) query.status = filter.status;
    if (filter.state) query.state = filter.state;
    return this.deadlines!.find(query).sort({ dueKey: 1, _id: 1 }).limit(filter.limit).toArray();
  }
}
