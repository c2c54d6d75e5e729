import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../../authority/org-scope';
import type { ConductTag, FindingSeverity, FindingSource, FindingStatus } from '../../generated/schema-types';
import { findByIds } from '../../store/find-by-ids';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../../store/revisioned-records';
import { findingCollections, type FindingRecord } from './finding.model';

export interface FindingFilter {
  orgUnits?: readonly string[];
  status?: FindingStatus;
  tag?: ConductTag;
  severity?: FindingSeverity;
  source?: FindingSource;
  obligorId?: string;
  /** foundOn on or after / on or before these days. */
  from?: string;
  to?: string;
}

/** Findings and their history: plain objects out, changes only through the revision gate (409 on a stale revision). */
export class FindingStore {
  private findings?: Collection<FindingRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  /** Told of the findings inserted (the compliance dashboard's counts). */
  afterInsert?: (inserted: FindingRecord[]) => Promise<void>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { findings, history } = await findingCollections(this.connection);
    this.findings = findings;
    this.history = history;
    this.writes = new RevisionedWrites(findings as never, history);
  }

  /** Inserts findings whose id is new (a re-run derives the same ids); returns the ids inserted. */
  async insertNew(records: readonly FindingRecord[], entryOf: (record: FindingRecord) => RevisionChange['entry']): Promise<Set<string>> {
    const inserted = await this.writes!.insertNew(records as never, entryOf as never);
    await this.afterInsert?.(records.filter((record) => inserted.has(record._id)));
    return inserted;
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(findingId: string): Promise<FindingRecord | undefined> {
    return (await this.findings!.findOne({ _id: findingId })) ?? undefined;
  }

  /** The ids among these that exist (by _id, the lookup every engine serves from its index). */
  async existing(findingIds: readonly string[]): Promise<Set<string>> {
    return new Set((await findByIds(this.findings!, findingIds)).map((finding) => finding._id));
  }

  historyOf(findingId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: findingId }).sort({ revision: 1 }).toArray();
  }

  /** One page of findings, most recently changed first. */
  page(filter: FindingFilter, request: PageRequest): Promise<KeysetPage<FindingRecord>> {
    return readKeysetPage(collectionReader(this.findings!), findingQuery(filter), BY_LATEST_CHANGE, request);
  }
}

function findingQuery(filter: FindingFilter): Filter<FindingRecord> {
  const query: Filter<FindingRecord> = { ...unitFilter(filter.orgUnits) };
  if (filter.status) query.status = filter.status;
  if (filter.tag) query.tags = filter.tag;
  if (filter.severity) query.severity = filter.severity;
  if (filter.source) query.source = filter.source;
  if (filter.obligorId) query.obligorId = filter.obligorId;
  if (filter.from || filter.to) query.foundOn = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
  return query;
}
