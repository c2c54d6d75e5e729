import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import type { AgencyKind, AgencyStatus, WorkKind } from '../generated/schema-types';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import { agencyCollections, type AgencyAwaiting, type AgencyRecord } from './agency.model';

export interface AgencyFilter {
  status?: AgencyStatus;
  kind?: AgencyKind;
  workKind?: WorkKind;
  /** A request waiting for a checker (`admission`: the approvers' inbox). */
  awaiting?: AgencyAwaiting;
  /** checksDueOn on or before this day. */
  checksDueBy?: string;
}

/** The register and its history: plain objects out, changes only through the revision gate (409 on a stale revision). */
export class AgencyStore {
  private agencies?: Collection<AgencyRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { agencies, history } = await agencyCollections(this.connection);
    this.agencies = agencies;
    this.history = history;
    this.writes = new RevisionedWrites(agencies as never, history);
  }

  /** Inserts the agency at revision 1; false when its credit code is registered already. */
  async insert(record: AgencyRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.writes!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(agencyId: string): Promise<AgencyRecord | undefined> {
    return (await this.agencies!.findOne({ _id: agencyId })) ?? undefined;
  }

  historyOf(agencyId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: agencyId }).sort({ revision: 1 }).toArray();
  }

  /** One page of the register, most recently changed first. */
  page(filter: AgencyFilter, request: PageRequest): Promise<KeysetPage<AgencyRecord>> {
    const query: Filter<AgencyRecord> = {};
    if (filter.status) query.status = filter.status;
    if (filter.kind) query.kind = filter.kind;
    if (filter.workKind) query.workKinds = filter.workKind;
    if (filter.awaiting) query.awaiting = filter.awaiting;
    if (filter.checksDueBy) query.checksDueOn = { $ne: null, $lte: filter.checksDueBy };
    return readKeysetPage(collectionReader(this.agencies!), query, BY_LATEST_CHANGE, request);
  }

  /** Agencies of these statuses whose checks fall due on or before `day` (the daily re-check). */
  dueBy(statuses: readonly AgencyStatus[], day: string): Promise<AgencyRecord[]> {
    return this.agencies!.find({ status: { $in: [...statuses] }, checksDueOn: { $ne: null, $lte: day } }).toArray();
  }

  /** Every admitted agency (the published list: the register holds tens of agencies, not thousands). */
  admitted(): Promise<AgencyRecord[]> {
    return this.agencies!.find({ status: 'admitted' }).sort({ updatedAt: -1, _id: -1 }).toArray();
  }
}
