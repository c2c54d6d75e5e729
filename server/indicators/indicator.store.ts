import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import type { IndicatorContent } from '../generated/schema-types';
import { insertManyIgnoringDuplicates } from '../store/insert-many';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';

/** An entry as edited: the content and who changed it last; sources and category come from the schemas (standard-catalogue.ts). */
export interface IndicatorRecord {
  _id: string;
  content: IndicatorContent;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}

export type VersionState = 'proposed' | 'published' | 'superseded';

/** A catalogue version: the entries as they stood when proposed, published once approved (maker-checker). */
export interface IndicatorVersionRecord {
  /** `v<version>`: the unique id makes two proposals of the same number one. */
  _id: string;
  version: number;
  state: VersionState;
  entries: IndicatorRecord[];
  proposedBy: string;
  editors: string[];
  proposedAt: Date;
  approvedBy: string | null;
  publishedAt: Date | null;
  note: string | null;
}

export const versionKey = (version: number) => `v${version}`;

/** The catalogue's entries (revisioned, with history) and its versions. A small collection: dozens of entries. */
export class IndicatorStore {
  private entries?: Collection<IndicatorRecord>;
  private history?: Collection<HistoryEntry>;
  private versions?: Collection<IndicatorVersionRecord>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const db = this.connection.db!;
    this.entries = db.collection<IndicatorRecord>('indicator_entries');
    this.history = db.collection<HistoryEntry>('indicator_entry_history');
    this.versions = db.collection<IndicatorVersionRecord>('indicator_catalogue_versions');
    await this.history.createIndex({ subjectId: 1, revision: 1 });
    await this.versions.createIndex({ version: -1 });
    this.writes = new RevisionedWrites(this.entries as never, this.history);
  }

  insertNew(records: readonly IndicatorRecord[], entryOf: (record: IndicatorRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  all(): Promise<IndicatorRecord[]> {
    return this.entries!.find({}).sort({ _id: 1 }).toArray();
  }

  async find(indicatorId: string): Promise<IndicatorRecord | undefined> {
    return (await this.entries!.findOne({ _id: indicatorId })) ?? undefined;
  }

  historyOf(indicatorId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: indicatorId }).sort({ revision: 1 }).toArray();
  }

  /** Who edited entries after `since` (the last published version's proposal): none of them may approve the next. */
  async editorsSince(since: Date): Promise<string[]> {
    const entries = await this.history!.find({ action: 'edited', at: { $gt: since } }, { projection: { actor: 1 } }).toArray();
    return [...new Set(entries.map((entry) => entry.actor))].sort();
  }

  /** Every version, newest first (a handful a year). */
  listVersions(): Promise<IndicatorVersionRecord[]> {
    return this.versions!.find({}).sort({ version: -1 }).toArray();
  }

  async findVersion(version: number): Promise<IndicatorVersionRecord | undefined> {
    return (await this.versions!.findOne({ _id: versionKey(version) })) ?? undefined;
  }

  /** Inserts the version unless its number is taken (another proposal got there first): whether it was inserted. */
  async insertVersion(record: IndicatorVersionRecord): Promise<boolean> {
    return (await insertManyIgnoringDuplicates(this.versions!, [record])).size === 0;
  }

  /** Moves a version from one state to another; false when it was no longer in `from`. */
  async moveVersion(version: number, from: VersionState, set: Partial<IndicatorVersionRecord>): Promise<boolean> {
    return (await this.versions!.updateOne({ _id: versionKey(version), state: from }, { $set: set })).modifiedCount === 1;
  }
}
