import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import type { CollectionStage } from '../../generated/schema-types';
import { unitFilter } from '../../authority/org-scope';
import { findByIds } from '../../store/find-by-ids';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../../store/revisioned-records';
import type { CaseStatus } from './case-plan';
import { collectionCaseCollections, type CollectionCaseRecord, type HandlerType } from './collection-case.model';

export interface CollectionCaseFilter {
  orgUnits?: readonly string[];
  status?: CaseStatus;
  stage?: CollectionStage;
  handler?: HandlerType;
  obligorId?: string;
  /** The cases placed with this agency (an agency key's list). */
  placedWith?: string;
}

/** Collection cases and their history (revisioned: every change is a history entry, a stale revision loses). */
export class CollectionCaseStore {
  private cases?: Collection<CollectionCaseRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { cases, history } = await collectionCaseCollections(this.connection);
    this.cases = cases;
    this.history = history;
    this.writes = new RevisionedWrites(cases as never, history);
  }

  /** The open cases (by the indexed status): the run moves or closes them. */
  open(): Promise<CollectionCaseRecord[]> {
    return this.cases!.find({ status: 'open' }).toArray();
  }

  /** Cases by id, each by its own _id lookup (the closed cases of lines that fell overdue again). */
  byIds(ids: readonly string[]): Promise<CollectionCaseRecord[]> {
    return findByIds(this.cases!, ids);
  }

  insertNew(records: readonly CollectionCaseRecord[], entryOf: (record: CollectionCaseRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyMany(changes: readonly RevisionChange[]) {
    return this.writes!.applyMany(changes);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(caseId: string): Promise<CollectionCaseRecord | undefined> {
    return (await this.cases!.findOne({ _id: caseId })) ?? undefined;
  }

  historyOf(caseId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: caseId }).sort({ revision: 1 }).toArray();
  }

  /** One page of cases, most recently changed first. */
  page(filter: CollectionCaseFilter, request: PageRequest): Promise<KeysetPage<CollectionCaseRecord>> {
    return readKeysetPage(collectionReader(this.cases!), caseQuery(filter), BY_LATEST_CHANGE, request);
  }
}

function caseQuery(filter: CollectionCaseFilter): Filter<CollectionCaseRecord> {
  const query: Filter<CollectionCaseRecord> = {};
  // Equality fields first, in the order of the indexes that lead with them (status, stage or handler, then orgUnit).
  if (filter.status) query.status = filter.status;
  if (filter.stage) query.stage = filter.stage;
  if (filter.handler) query.handlerType = filter.handler;
  if (filter.obligorId) query.obligorId = filter.obligorId;
  if (filter.placedWith) query.placedWith = filter.placedWith;
  return { ...query, ...unitFilter(filter.orgUnits) };
}
