import type { Collection, Db } from 'mongodb';
import type { UnderwritingSegment, UnderwritingSource } from '../generated/schema-types';
import type { HistoryEntry } from '../store/revisioned-records';

export type RecordKind = 'block' | 'limit';
export type RecordScope = 'obligor' | 'segment';
export type RecordStatus = 'active' | 'rectification-recorded' | 'ended';

export interface Rectification {
  recordedBy: string;
  recordedAt: Date;
  note: string;
  evidenceRef: string | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
}

/**
 * A block or limit on new business (Arts 4, 8), per obligor or per segment. `_id` names its
 * origin so a second writer of the same fact keeps one record: `m:<taskId>` for a disposition
 * measure (the task id names the alert, the revision and the measure), `n:<uuid>` for a funder's
 * notice, `x:<uuid>` for a manual entry. `open` is `endOn === null`, kept as a plain field so the
 * segment cache and the "active" list filter are equality reads on a declared index.
 */
export interface UnderwritingRecordDocument {
  _id: string;
  kind: RecordKind;
  scope: RecordScope;
  obligorId: string | null;
  segment: UnderwritingSegment | null;
  segmentKey: string | null;
  orgUnit: string;
  reason: string;
  source: UnderwritingSource;
  sourceKind: UnderwritingSource['kind'];
  share: number | null;
  startOn: string;
  endOn: string | null;
  open: boolean;
  status: RecordStatus;
  rectification: Rectification | null;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What an obligor's line of business says about the segments it belongs to. */
export interface ObligorLine {
  orgUnit: string;
  product: string;
  channel: string;
  customerTier: string;
  /** The month the loan was disbursed (YYYY-MM). */
  vintage: string;
}

/** One record as the check answers it: what the read model keeps of it. */
export interface CheckEntry {
  recordId: string;
  kind: RecordKind;
  scope: RecordScope;
  reason: string;
  source: UnderwritingSource;
  startOn: string;
  endOn: string | null;
  share: number | null;
  segmentKey: string | null;
}

/**
 * The check's read model, one document per obligor with records (`_id` = obligorId, the one
 * lookup every engine answers from its index): the obligor's own records as the check answers
 * them, its unit and its lines (for segment blocks and branch scope), rewritten whenever one of
 * its records changes.
 */
export interface ObligorCheckDocument {
  _id: string;
  /** The _id again, under a declared index: the batch check reads up to 500 documents with one `$in` the local database serves from it. */
  obligorId: string;
  orgUnit: string;
  lines: ObligorLine[];
  entries: CheckEntry[];
  updatedAt: Date;
}

/**
 * A cache generation, bumped on every change so other processes drop their cache: `segment-records`
 * (the segment blocks) and `obligor-records` (the obligors' read-model documents).
 */
export interface SegmentGeneration {
  _id: 'segment-records' | 'obligor-records';
  generation: number;
}

export const UNDERWRITING_RECORDS = 'underwriting_records';
export const UNDERWRITING_HISTORY = 'underwriting_record_history';
export const UNDERWRITING_CHECKS = 'underwriting_checks';
export const UNDERWRITING_META = 'underwriting_meta';

export interface UnderwritingCollections {
  records: Collection<UnderwritingRecordDocument>;
  history: Collection<HistoryEntry>;
  checks: Collection<ObligorCheckDocument>;
  meta: Collection<SegmentGeneration>;
}

export async function underwritingCollections(db: Db): Promise<UnderwritingCollections> {
  const records = db.collection<UnderwritingRecordDocument>(UNDERWRITING_RECORDS);
  const history = db.collection<HistoryEntry>(UNDERWRITING_HISTORY);
  // The list, newest first: everything (HQ), a branch's units, and each filter the studio offers.
  await records.createIndex({ createdAt: -1, _id: -1 });
  await records.createIndex({ orgUnit: 1, createdAt: -1, _id: -1 });
  await records.createIndex({ obligorId: 1, createdAt: -1, _id: -1 });
  await records.createIndex({ segmentKey: 1, createdAt: -1, _id: -1 });
  await records.createIndex({ sourceKind: 1, createdAt: -1, _id: -1 });
  await records.createIndex({ open: 1, createdAt: -1, _id: -1 });
  await records.createIndex({ orgUnit: 1, open: 1, createdAt: -1, _id: -1 });
  // The segment cache: the open segment records.
  await records.createIndex({ scope: 1, open: 1 });
  // Closing an alert ends the records its measures wrote.
  await records.createIndex({ 'source.alertId': 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  const checks = db.collection<ObligorCheckDocument>(UNDERWRITING_CHECKS);
  await checks.createIndex({ obligorId: 1 });
  return { records, history, checks, meta: db.collection<SegmentGeneration>(UNDERWRITING_META) };
}
