import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ConductTag, FindingSeverity, FindingSource, FindingStatus } from '../../generated/schema-types';
import type { HistoryEntry } from '../../store/revisioned-records';

/**
 * A collection-conduct compliance finding (Arts 11, 13): raised by a check of the platform's own
 * records (a repayment into a personal account or in cash), and later by QA reviews and the
 * collection gate. Its id is derived from its source (`repayment:<repaymentId>`), so a check that
 * runs again over the same records raises nothing new.
 */
export interface FindingRecord {
  _id: string;
  obligorId: string;
  loanId: string | null;
  /** The unit answerable: the obligor's responsible unit for the loan's line of business (HQ for internet business). */
  orgUnit: string;
  source: FindingSource;
  /** The source record's id: the repayment id, the activity id, the gate decision id. */
  sourceRef: string;
  tags: ConductTag[];
  severity: FindingSeverity;
  basis: string;
  evidence: { references: string[]; note: string | null };
  actor: { team: string | null; agentId: string | null; agencyId: string | null } | null;
  /** The day it was raised (YYYY-MM-DD): the list's from/to filter, a string range every engine serves. */
  foundOn: string;
  status: FindingStatus;
  dismissReason: string | null;
  remediation: { note: string; references: string[]; by: string; at: Date } | null;
  /** The compliance task raised with it for the responsible unit (monitoring's task store). */
  taskId: string | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export const FINDINGS = 'collection_findings';
export const FINDING_HISTORY = 'collection_finding_history';

export async function findingCollections(connection: Connection): Promise<{ findings: Collection<FindingRecord>; history: Collection<HistoryEntry> }> {
  const findings = connection.db!.collection<FindingRecord>(FINDINGS);
  const history = connection.db!.collection<HistoryEntry>(FINDING_HISTORY);
  // The list's pages: a branch's by status and unit, HQ's (all units) by status alone, newest change first, ties by id;
  // and every open and closed finding of one obligor (the case timeline).
  await findings.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await findings.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await findings.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await findings.createIndex({ updatedAt: -1, _id: -1 });
  await findings.createIndex({ obligorId: 1 });
  // An agency's findings of a month (the vendor scorecard, server/vendors/scorecards/finding-counts.ts).
  await findings.createIndex({ 'actor.agencyId': 1, foundOn: 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  return { findings, history };
}
