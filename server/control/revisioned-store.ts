import type { Collection, Document } from 'mongodb';
import { collectionReader, readKeysetPage, BY_LATEST_CHANGE, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';

/**
 * One revisioned internal-control collection (plans, inspections, emergency plans, activations) with its history:
 * plain objects out, changes only through the revision gate (a stale revision loses), lists newest change first.
 */
export class RevisionedStore<T extends Document & { _id: string; revision: number }> {
  private readonly writes: RevisionedWrites;

  constructor(
    readonly records: Collection<T>,
    private readonly history: Collection<HistoryEntry>,
  ) {
    this.writes = new RevisionedWrites(records as never, history);
  }

  async insert(record: T, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.writes.insertNew([record as never], () => entry)).has(record._id);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes.applyOne(change);
  }

  async find(id: string): Promise<T | undefined> {
    return ((await this.records.findOne({ _id: id } as never)) as T | null) ?? undefined;
  }

  historyOf(id: string): Promise<HistoryEntry[]> {
    return this.history.find({ subjectId: id }).sort({ revision: 1 }).toArray();
  }

  page(filter: Record<string, unknown>, request: PageRequest): Promise<KeysetPage<T>> {
    return readKeysetPage(collectionReader(this.records as never), filter, BY_LATEST_CHANGE, request) as Promise<KeysetPage<T>>;
  }
}
