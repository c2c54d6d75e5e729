import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../authority/org-scope';
import type { ComplaintStatus, ComplaintSubjectKind } from '../generated/schema-types';
import { collectionReader, pageOf, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import { complaintCollections, type ComplaintRecord } from './complaint.model';

export interface ComplaintFilter {
  orgUnits?: readonly string[];
  status?: ComplaintStatus;
  subject?: ComplaintSubjectKind;
  agencyId?: string;
  partnerId?: string;
  month?: string;
}

const BY_RECEIVED = { key: 'receivedAt', id: '_id' } as const;
const SEPARATOR = '~';

/** Complaints and their history: plain objects out, changes only through the revision gate (409 on a stale revision). */
export class ComplaintStore {
  private complaints?: Collection<ComplaintRecord>;
  private history?: Collection<HistoryEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { complaints, history } = await complaintCollections(this.connection);
    this.complaints = complaints;
    this.history = history;
    this.writes = new RevisionedWrites(complaints as never, history);
  }

  /** Inserts a complaint under its number; false when the number is taken (the caller draws another). */
  async insert(record: ComplaintRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.writes!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  async find(complaintId: string): Promise<ComplaintRecord | undefined> {
    return (await this.complaints!.findOne({ _id: complaintId })) ?? undefined;
  }

  historyOf(complaintId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: complaintId }).sort({ revision: 1 }).toArray();
  }

  /** Newest received first. */
  byReceived(filter: ComplaintFilter, request: PageRequest): Promise<KeysetPage<ComplaintRecord>> {
    return readKeysetPage(collectionReader(this.complaints!), complaintQuery(filter), BY_RECEIVED, request);
  }

  /**
   * Nearest deadline first (ascending, unlike the other lists), ties by number; complaints without a
   * deadline last. The cursor is `<day>~<number>` of the last item.
   */
  async byDeadline(filter: ComplaintFilter, request: PageRequest): Promise<KeysetPage<ComplaintRecord>> {
    const query = complaintQuery(filter);
    const at = request.before?.indexOf(SEPARATOR) ?? -1;
    const after =
      request.before === undefined
        ? query
        : at < 0
          ? { ...query, deadlineOrder: { $gt: request.before } }
          : {
              $and: [
                query,
                {
                  $or: [
                    { deadlineOrder: { $gt: request.before.slice(0, at) } },
                    { deadlineOrder: request.before.slice(0, at), _id: { $gt: request.before.slice(at + 1) } },
                  ],
                },
              ],
            };
    const records = await this.complaints!.find(after as Filter<ComplaintRecord>)
      .sort({ deadlineOrder: 1, _id: 1 })
      .limit(request.limit + 1)
      .toArray();
    return pageOf(records, request.limit, (last) => `${last.deadlineOrder}${SEPARATOR}${last._id}`);
  }
}

function complaintQuery(filter: ComplaintFilter): Record<string, unknown> {
  const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
  if (filter.status) query.status = filter.status;
  if (filter.subject) query['subject.kind'] = filter.subject;
  if (filter.agencyId) query['subject.agencyId'] = filter.agencyId;
  if (filter.partnerId) query['subject.partnerId'] = filter.partnerId;
  if (filter.month) query.receivedMonth = filter.month;
  return query;
}
