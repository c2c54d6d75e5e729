import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { HistoryEntry } from '../store/revisioned-records';
import type { ClaimCaseStatus } from './claim-workflow';
import type { ClaimWorkflowFields } from './claim-workflow.model';

/** One loan's claim case, with the facts that triggered it; one case per loan, reopened rather than duplicated. */
export interface ClaimCaseRecord extends ClaimWorkflowFields {
  /** `claim:<loanId>`: the unique id keeps one case per loan however many workers run. */
  _id: string;
  loanId: string;
  obligorId: string;
  policyId: string;
  /** The unit answerable (HQ for internet business). */
  orgUnit: string;
  status: ClaimCaseStatus;
  /** The rule's reason for opening, e.g. claim-point-reached. */
  reason: string | null;
  openedOn: string;
  statusSince: string;
  /** The claim facts as they stood when the case last changed (the trigger). */
  facts: Record<string, unknown>;
  decisionId: string;
  ruleSet: { key: string; version: number };
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export async function claimCaseCollections(connection: Connection): Promise<{ cases: Collection<ClaimCaseRecord>; history: Collection<HistoryEntry> }> {
  const cases = connection.db!.collection<ClaimCaseRecord>('claim_cases');
  const history = connection.db!.collection<HistoryEntry>('claim_case_history');
  // The list's pages, newest change first (ties by id): by status and unit, and, as the studio opens it (every status), a branch's by unit and HQ's by time alone.
  await cases.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ updatedAt: -1, _id: -1 });
  await cases.createIndex({ obligorId: 1 });
  // Steps whose consequences are still to be carried out (the daily claim-deadlines run reads them).
  await cases.createIndex({ effectsPending: 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  // HQ's claim changes of a month (the monthly report).
  await history.createIndex({ asOf: 1 });
  return { cases, history };
}
