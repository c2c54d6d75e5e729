import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { CollectionStage } from '../../generated/schema-types';
import type { HistoryEntry } from '../../store/revisioned-records';
import type { CasePromiseCounts } from '../promises/promise-facts';
import type { Assignment, CaseStatus, ClosedReason, TreatmentStep } from './case-plan';

export type HandlerType = Assignment['handler'];

/** Who handles the case (Art. 12) and how: chosen by collection.assignment, or by hand with a reason. */
export interface CaseHandler {
  type: HandlerType;
  agencyCategory?: string;
  /** The rule's reason (early-stage, late-stage, ...) or `by-hand`. */
  reason: string;
  basis: string;
  /** The rule that chose it; null when assigned by hand. */
  rule: string | null;
  /** The decision it was made under (the decision log); null when assigned by hand. */
  decisionId: string | null;
  ruleSet: { key: string; version: number } | null;
  treatment: (TreatmentStep & { on: string })[];
  assignedBy: string;
  assignedOn: string;
  note: string | null;
}

/** What the funder reported about the delinquency (Art. 10: 向合作资金方了解逾期具体情况). */
export interface DelinquencyDetails {
  reportedOn: string;
  source: string;
  note: string;
  details?: Record<string, unknown>;
  recordedBy: string;
}

/** The collection plan agreed with the funder (Art. 10: 与资金方共同协商如何催收). */
export interface CollectionPlan {
  measures: string[];
  from: string;
  to: string;
  note: string | null;
  agreedWith: string | null;
  recordedBy: string;
}

/** Whether the obligor is judged to default on purpose (Art. 10: 辨识履约义务人是否存在主观恶意). */
export interface MaliceAssessment {
  assessment: 'yes' | 'no' | 'unclear';
  reasons: string[];
  evidence: string[];
  assessor: string;
  assessedOn: string;
}

/** One overdue obligor on one funder line: opened, moved between stages and closed by the daily collection-cases run. */
export interface CollectionCaseRecord {
  /** `coll:<obligor subject>:<funder line>`: the unique id keeps one case per obligor and funder line however many workers run. */
  _id: string;
  obligorId: string;
  funderLine: string;
  /** Internet business is HQ's (Art. 9): an obligor's internet and branch loans of one funder are two cases. */
  line: 'internet' | 'branch';
  /** The unit answerable: HQ for internet business, else the unit of the line's first loan. */
  orgUnit: string;
  status: CaseStatus;
  closedReason: ClosedReason | null;
  stage: CollectionStage;
  stageSince: string;
  openedOn: string;
  closedOn: string | null;
  /** The day the run last changed the case; an earlier day's run leaves it alone. */
  changedOn: string;
  /** The assignment facts as they stood at the last change (personal fields masked). */
  facts: Record<string, unknown>;
  handler: CaseHandler | null;
  /** handler.type at the top level, so the list filters on an indexed field (null: no rule fired and nobody assigned it). */
  handlerType: HandlerType | null;
  /** Facts the assignment rules read but were not given: reported, not silently decided. */
  missingFacts: string[];
  delinquencyDetails: DelinquencyDetails | null;
  collectionPlan: CollectionPlan | null;
  maliceAssessment: MaliceAssessment | null;
  /** The promises to pay judged on the case (server/collections/promises); absent until the first is judged. */
  promises?: CasePromiseCounts;
  /** The agency the case is placed with now (server/vendors/placements); absent or null when not placed. */
  placedWith?: string | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export async function collectionCaseCollections(
  connection: Connection,
): Promise<{ cases: Collection<CollectionCaseRecord>; history: Collection<HistoryEntry> }> {
  const cases = connection.db!.collection<CollectionCaseRecord>('collection_cases');
  const history = connection.db!.collection<HistoryEntry>('collection_case_history');
  // The list's pages, newest change first (ties by id), by each equality filter it offers; the run reads the open cases by status.
  await cases.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ stage: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ handlerType: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  // HQ's lists (no unit filter) by each filter alone.
  await cases.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ stage: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ handlerType: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await cases.createIndex({ updatedAt: -1, _id: -1 });
  await cases.createIndex({ obligorId: 1 });
  // An agency key's list: the cases placed with its agency.
  await cases.createIndex({ placedWith: 1, updatedAt: -1, _id: -1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  return { cases, history };
}
