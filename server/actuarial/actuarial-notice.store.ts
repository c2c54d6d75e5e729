import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import type { ActuarialFigures, ActuarialNoticeCause } from '../generated/schema-types';
import { unitFilter } from '../authority/org-scope';
import { collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { insertManyIgnoringDuplicates } from '../store/insert-many';

/** A notice to the actuarial and reserving function (Art. 8): one per segment, month and cause, the id says which. */
export interface ActuarialNoticeRecord {
  /** `<month>|<subjectKey>|<cause>`. */
  _id: string;
  month: string;
  orgUnit: string;
  subjectKey: string;
  segment: Record<string, string>;
  cause: ActuarialNoticeCause;
  basis: string;
  figures: ActuarialFigures;
  taskId: string;
  decisionId: string;
  ruleSet: { key: string; version: number; hash: string };
  createdAt: Date;
}

export interface NoticeFilter {
  orgUnits?: readonly string[];
  month?: string;
  cause?: ActuarialNoticeCause;
}

export const ACTUARIAL_NOTICES = 'actuarial_notices';
/** Newest first, ties by id: the notice list's order. */
const BY_CREATED = { key: 'createdAt', id: '_id' } as const;

export const noticeId = (month: string, subjectKey: string, cause: string) => `${month}|${subjectKey}|${cause}`;

export class ActuarialNoticeStore {
  private notices?: Collection<ActuarialNoticeRecord>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.notices = this.connection.db!.collection<ActuarialNoticeRecord>(ACTUARIAL_NOTICES);
    // The list's pages: a branch's by unit, HQ's (all units) by time alone, a month's of either; newest first, ties by id.
    await this.notices.createIndex({ orgUnit: 1, createdAt: -1, _id: -1 });
    await this.notices.createIndex({ createdAt: -1, _id: -1 });
    await this.notices.createIndex({ month: 1, createdAt: -1, _id: -1 });
  }

  /** Inserts the notices whose id is new; returns the ids inserted (a second run or worker inserts none). */
  async insertNew(records: readonly ActuarialNoticeRecord[]): Promise<Set<string>> {
    const failed = await insertManyIgnoringDuplicates(this.notices!, records);
    return new Set(records.filter((_record, index) => !failed.has(index)).map((record) => record._id));
  }

  page(filter: NoticeFilter, request: PageRequest): Promise<KeysetPage<ActuarialNoticeRecord>> {
    const query: Record<string, unknown> = { ...unitFilter(filter.orgUnits) };
    if (filter.month) query.month = filter.month;
    if (filter.cause) query.cause = filter.cause;
    return readKeysetPage(collectionReader(this.notices!), query, BY_CREATED, request);
  }
}
