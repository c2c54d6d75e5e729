import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { HistoryEntry } from '../store/revisioned-records';
import type { BureauKind, BureauStatus } from './bureau-transitions';

/**
 * What an item reports, by kind (money in cents, days as YYYY-MM-DD): overdue information at a
 * month-end; compensation (代偿) date, amount and amount to recover; a recovery's date and amount.
 * A correction carries the corrected values of its original's kind.
 */
export interface BureauValues {
  monthEnd?: string;
  daysPastDue?: number;
  overdueAmountCents?: number;
  compensationDate?: string;
  compensationAmountCents?: number;
  amountToRecoverCents?: number;
  recoveryDate?: string;
  recoveryAmountCents?: number;
}

/** The notice to the obligor before a default is reported (Art. 32(2)): when and how it went out, and who recorded it. */
export interface NoticeRecord {
  sentOn: string;
  channel: string;
  recordedBy: string;
}

/**
 * One item of the credit-bureau queue. The _id is deterministic per source event (overdue:<loan>:<month-end>,
 * default-notice:<claim>, compensation:<claim>, recovery:<recovery>, correction:<original>:<n>), so the daily job
 * derives each once however often it runs. obligorId is the platform's pseudonymous id (Art. 31); the insurer's
 * gateway maps it to the person.
 */
export interface BureauItemRecord {
  _id: string;
  kind: BureauKind;
  status: BureauStatus;
  loanId: string;
  policyId: string;
  obligorId: string;
  /** The answerable org unit (HQ for internet business): branches read their unit's items. */
  orgUnit: string;
  claimId: string | null;
  recoveryId: string | null;
  /** The business day of the event: the month-end, the claim's approval, the recovery's receipt. */
  eventDate: string;
  values: BureauValues;
  notice: NoticeRecord | null;
  /** A correction's original, and an original's correction. */
  correctsItemId: string | null;
  correctedByItemId: string | null;
  batchId: string | null;
  /** The bureau's reason when it rejected the item. */
  rejectionReason: string | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A batch of ready items sent to the bureau as one export file. */
export interface BureauBatchRecord {
  _id: string;
  createdBy: string;
  createdAt: Date;
  itemIds: string[];
  counts: Record<string, number>;
  acknowledged: number;
  rejected: number;
}

export const BUREAU_ITEMS = 'bureau_items';
export const BUREAU_ITEM_HISTORY = 'bureau_item_history';
export const BUREAU_BATCHES = 'bureau_batches';

export interface BureauCollections {
  items: Collection<BureauItemRecord>;
  history: Collection<HistoryEntry>;
  batches: Collection<BureauBatchRecord>;
}

export async function bureauCollections(connection: Connection): Promise<BureauCollections> {
  const items = connection.db!.collection<BureauItemRecord>(BUREAU_ITEMS);
  const history = connection.db!.collection<HistoryEntry>(BUREAU_ITEM_HISTORY);
  const batches = connection.db!.collection<BureauBatchRecord>(BUREAU_BATCHES);
  // The queue by status (the studio's tabs, the batch's ready items, the job's pending items), newest change first;
  // a branch's queue by unit and status; a loan's items (recoveries wait for their loan's compensation).
  await items.createIndex({ updatedAt: -1, _id: -1 });
  await items.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ orgUnit: 1, status: 1, updatedAt: -1, _id: -1 });
  await items.createIndex({ loanId: 1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  await batches.createIndex({ createdAt: -1, _id: -1 });
  return { items, history, batches };
}
