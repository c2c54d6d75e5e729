import type { Filter } from 'mongodb';
import { findByIds } from '../store/find-by-ids';
import { insertManyIgnoringDuplicates } from '../store/insert-many';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import type { BureauBatchRecord, BureauCollections, BureauItemRecord } from './bureau-item.model';
import type { BureauKind, BureauStatus } from './bureau-transitions';

const IDS_PER_QUERY = 1000;

export interface BureauItemFilter {
  status?: BureauStatus;
  kind?: BureauKind;
  /** The units a branch reader sees (undefined at HQ). */
  units?: readonly string[];
}

/** The queue, its history and the batches: changes to items only through the revision gate (409 on a stale revision). */
export class BureauStore {
  private readonly writes: RevisionedWrites;

  constructor(private readonly collections: BureauCollections) {
    this.writes = new RevisionedWrites(collections.items as never, collections.history);
  }

  /** New items at revision 1; the ids inserted (an id taken already is skipped: the job's idempotence). */
  insertNew(records: readonly BureauItemRecord[], entry: (record: BureauItemRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes.insertNew(records as never, (record) => entry(record as never));
  }

  applyMany(changes: readonly RevisionChange[]): Promise<{ applied: RevisionChange[]; conflicts: RevisionChange[] }> {
    return this.writes.applyMany(changes);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes.applyOne(change);
  }

  async find(itemId: string): Promise<BureauItemRecord | undefined> {
    return (await this.collections.items.findOne({ _id: itemId })) ?? undefined;
  }

  /** Items by id, a thousand ids a query (by _id, served from the primary key). */
  async byIds(ids: readonly string[]): Promise<BureauItemRecord[]> {
    const found: BureauItemRecord[] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_QUERY)
      found.push(...(await findByIds(this.collections.items, ids.slice(start, start + IDS_PER_QUERY))));
    return found;
  }

  /** Every item of these statuses (pending for the job, ready for a batch), by the indexed status. */
  withStatus(statuses: readonly BureauStatus[], limit = 0): Promise<BureauItemRecord[]> {
    return this.collections.items
      .find({ status: { $in: [...statuses] } })
      .limit(limit)
      .toArray();
  }

  /** The items of these loans (by the indexed loanId). */
  async ofLoans(loanIds: readonly string[]): Promise<BureauItemRecord[]> {
    const found: BureauItemRecord[] = [];
    const unique = [...new Set(loanIds)];
    for (let start = 0; start < unique.length; start += IDS_PER_QUERY)
      found.push(...(await this.collections.items.find({ loanId: { $in: unique.slice(start, start + IDS_PER_QUERY) } }).toArray()));
    return found;
  }

  /** The items whose event falls between these days (a month's reconciliation; a range, so it scans: a report, not a hot path). */
  ofMonth(first: string, last: string): Promise<BureauItemRecord[]> {
    return this.collections.items.find({ eventDate: { $gte: first, $lte: last } }).toArray();
  }

  page(filter: BureauItemFilter, request: PageRequest): Promise<KeysetPage<BureauItemRecord>> {
    const query: Filter<BureauItemRecord> = {};
    if (filter.status) query.status = filter.status;
    if (filter.kind) query.kind = filter.kind;
    if (filter.units) query.orgUnit = { $in: [...filter.units] };
    return readKeysetPage(collectionReader(this.collections.items), query, BY_LATEST_CHANGE, request);
  }

  historyOf(itemId: string): Promise<HistoryEntry[]> {
    return this.collections.history.find({ subjectId: itemId }).sort({ revision: 1 }).toArray();
  }

  async insertBatch(batch: BureauBatchRecord): Promise<void> {
    await insertManyIgnoringDuplicates(this.collections.batches, [batch]);
  }

  async batch(batchId: string): Promise<BureauBatchRecord | undefined> {
    return (await this.collections.batches.findOne({ _id: batchId })) ?? undefined;
  }

  batches(limit: number): Promise<BureauBatchRecord[]> {
    return this.collections.batches.find({}).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
  }

  async countAcknowledgements(batchId: string, acknowledged: number, rejected: number): Promise<void> {
    await this.collections.batches.updateOne({ _id: batchId }, { $set: { acknowledged, rejected } });
  }
}
