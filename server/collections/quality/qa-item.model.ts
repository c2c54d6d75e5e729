import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ActivityActor, ConductTag, FindingSeverity, QaItemStatus } from '../../generated/schema-types';
import type { HistoryEntry } from '../../store/revisioned-records';

/** A sampled activity in the QA queue. Its id is the activity's: sampling again inserts nothing new. */
export interface QaItemRecord {
  _id: string;
  obligorId: string;
  loanId: string | null;
  orgUnit: string;
  team: string;
  actor: ActivityActor;
  channel: string;
  outcome: string;
  targetType: string;
  contentTags: ConductTag[];
  activityAt: Date;
  day: string;
  recordingReference: string | null;
  sampleRate: number;
  priority: number;
  reason: string;
  basis: string;
  decisionId: string;
  status: QaItemStatus;
  assignee: string | null;
  takenAt: Date | null;
  review: {
    result: 'clean' | 'finding';
    findingId: string | null;
    tags: ConductTag[];
    severity: FindingSeverity | null;
    evidence: { note: string; references: string[] };
    reviewedBy: string;
    reviewedAt: Date;
  } | null;
  revision: number;
  sampledAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Activity ids recorded and not yet sampled: one document per recorded chunk, its _id time-ordered, deleted once sampled. */
export interface QaInboxRecord {
  _id: string;
  activityIds: string[];
  recordedAt: Date;
}

/** KPI counters of one team, agent or agency in one unit and month: `_id` is `<by>|<key>|<orgUnit>|<month>`. */
export interface QaCounterRecord {
  _id: string;
  by: 'team' | 'agent' | 'agency';
  key: string;
  orgUnit: string;
  month: string;
  activities?: number;
  sampled?: number;
  reviewed?: number;
  clean?: number;
  findings?: Partial<Record<FindingSeverity, number>>;
  gateBlocks?: number;
}

export interface QaCollections {
  items: Collection<QaItemRecord>;
  history: Collection<HistoryEntry>;
  inbox: Collection<QaInboxRecord>;
  counters: Collection<QaCounterRecord>;
}

export async function qaCollections(connection: Connection): Promise<QaCollections> {
  const db = connection.db!;
  const items = db.collection<QaItemRecord>('collection_qa_items');
  const history = db.collection<HistoryEntry>('collection_qa_history');
  const inbox = db.collection<QaInboxRecord>('collection_qa_inbox');
  const counters = db.collection<QaCounterRecord>('collection_qa_counters');
  // The queue's pages: a branch's by status and unit, HQ's by status alone, newest change first, ties by id;
  // the same without a status; a reviewer's own samples.
  await items.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ updatedAt: -1, _id: -1 });
  await items.createIndex({ assignee: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ assignee: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  // The KPI reads one dimension's counters for the months asked: equality and $in, served from the index.
  await counters.createIndex({ by: 1, month: 1 });
  return { items, history, inbox, counters };
}
