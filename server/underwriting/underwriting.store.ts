import type { Db, Filter } from 'mongodb';
import { unitFilter } from '../authority/org-scope';
import type { UnderwritingSourceKind } from '../generated/schema-types';
import { chunkedBulkWrite } from '../store/bulk-writes';
import { findByIds } from '../store/find-by-ids';
import { collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import {
  underwritingCollections,
  type CheckEntry,
  type ObligorCheckDocument,
  type ObligorLine,
  type UnderwritingCollections,
  type UnderwritingRecordDocument,
} from './underwriting.model';

export interface RecordFilter {
  orgUnits?: readonly string[];
  obligorId?: string;
  segmentKey?: string;
  source?: UnderwritingSourceKind;
  active?: boolean;
}

const BY_CREATED = { key: 'createdAt', id: '_id' } as const;
const SEGMENT_GENERATION = 'segment-records' as const;
const OBLIGOR_GENERATION = 'obligor-records' as const;

/** Block and limit records with their history (changes only through the revision gate), the check's read model and the segment generation. */
export class UnderwritingStore {
  private collections?: UnderwritingCollections;
  private writes?: RevisionedWrites;

  constructor(private readonly db: Db) {}

  async init(): Promise<void> {
    this.collections = await underwritingCollections(this.db);
    this.writes = new RevisionedWrites(this.collections.records as never, this.collections.history);
  }

  private get c(): UnderwritingCollections {
    return this.collections!;
  }

  /** Inserts new records; returns the ids inserted (an id already taken is the same fact written before). */
  insertNew(records: readonly UnderwritingRecordDocument[], entryOf: (record: UnderwritingRecordDocument) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyMany(changes: readonly RevisionChange[]) {
    return this.writes!.applyMany(changes);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(recordId: string): Promise<UnderwritingRecordDocument | undefined> {
    return (await this.c.records.findOne({ _id: recordId })) ?? undefined;
  }

  findMany(recordIds: readonly string[]): Promise<UnderwritingRecordDocument[]> {
    return findByIds(this.c.records, recordIds);
  }

  historyOf(recordId: string): Promise<HistoryEntry[]> {
    return this.c.history.find({ subjectId: recordId }).sort({ revision: 1 }).toArray();
  }

  /** The open records an alert's measures wrote (closing the alert ends its suspensions). */
  openOfAlerts(alertIds: readonly string[]): Promise<UnderwritingRecordDocument[]> {
    if (alertIds.length === 0) return Promise.resolve([]);
    return this.c.records
      .find(recordsOfAlerts(alertIds))
      .toArray()
      .then((records) => records.filter((record) => record.open));
  }

  /** The open blocks the disposition measures wrote (by the `{open, createdAt}` index): the reconciliation's check of closed alerts. */
  openMeasureBlocks(): Promise<UnderwritingRecordDocument[]> {
    return this.c.records.find({ open: true, sourceKind: 'measure', kind: 'block' } as Filter<UnderwritingRecordDocument>).toArray();
  }

  /** Every record of these obligors (a few each, one `$in` on the indexed obligorId): the read model is rebuilt from them. */
  ofObligors(obligorIds: readonly string[]): Promise<UnderwritingRecordDocument[]> {
    if (obligorIds.length === 0) return Promise.resolve([]);
    return this.c.records.find({ obligorId: { $in: [...obligorIds] } }).toArray();
  }

  /** The open segment records: the segment cache. */
  openSegmentRecords(): Promise<UnderwritingRecordDocument[]> {
    return this.c.records.find({ scope: 'segment', open: true }).toArray();
  }

  page(filter: RecordFilter, request: PageRequest): Promise<KeysetPage<UnderwritingRecordDocument>> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.obligorId) query.obligorId = filter.obligorId;
    if (filter.segmentKey) query.segmentKey = filter.segmentKey;
    if (filter.source) query.sourceKind = filter.source;
    if (filter.active !== undefined) query.open = filter.active;
    return readKeysetPage(collectionReader(this.c.records), query, BY_CREATED, request);
  }

  readModel(obligorId: string): Promise<ObligorCheckDocument | null> {
    return this.c.checks.findOne({ _id: obligorId });
  }

  /** One obligor by _id; several with one `$in` on the indexed obligorId. */
  async readModels(obligorIds: readonly string[]): Promise<ObligorCheckDocument[]> {
    if (obligorIds.length <= 1) return obligorIds.length === 0 ? [] : await this.c.checks.find({ _id: obligorIds[0]! }).toArray();
    return this.c.checks.find({ obligorId: { $in: [...obligorIds] } }).toArray();
  }

  /** The obligors' read-model documents, each replaced whole (bounded bulk commands). */
  async writeReadModels(documents: readonly { obligorId: string; orgUnit: string; lines: ObligorLine[]; entries: CheckEntry[] }[]): Promise<void> {
    const updatedAt = new Date();
    await chunkedBulkWrite(
      this.c.checks,
      documents.map(({ obligorId, orgUnit, lines, entries }) => ({
        replaceOne: { filter: { _id: obligorId }, replacement: { obligorId, orgUnit, lines, entries, updatedAt }, upsert: true },
      })),
    );
  }

  async segmentGeneration(): Promise<number> {
    return (await this.c.meta.findOne({ _id: SEGMENT_GENERATION }))?.generation ?? 0;
  }

  async obligorGeneration(): Promise<number> {
    return (await this.c.meta.findOne({ _id: OBLIGOR_GENERATION }))?.generation ?? 0;
  }

  /** Bumps the obligor documents' generation; returns the new one. */
  async bumpObligorGeneration(): Promise<number> {
    const bumped = await this.c.meta.findOneAndUpdate({ _id: OBLIGOR_GENERATION }, { $inc: { generation: 1 } }, { upsert: true, returnDocument: 'after' });
    return bumped?.generation ?? 0;
  }

  async bumpSegmentGeneration(): Promise<void> {
    await this.c.meta.updateOne({ _id: SEGMENT_GENERATION }, { $inc: { generation: 1 } }, { upsert: true });
  }
}

/**
 * The records the measures of these alerts wrote (a few each), by the `source.alertId` index alone: with `open: true`
 * beside it the local database took the `{open, createdAt}` index (the first declared of those the filter pins equally
 * far) and read every open record, 240 s of a million-loan later day's measure listener. Which are open is told after.
 */
export function recordsOfAlerts(alertIds: readonly string[]): Filter<UnderwritingRecordDocument> {
  return { 'source.alertId': { $in: [...alertIds] } } as Filter<UnderwritingRecordDocument>;
}
