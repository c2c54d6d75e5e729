import type { Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import { insertManyIgnoringDuplicates } from '../../store/insert-many';
import type { ActivityDocument } from '../activities/activity.store';
import type { PromiseStatus } from './promise-judgement';

/** A promise to pay (还款承诺): made in an activity with outcome promise-to-pay, judged once its date plus the grace has passed. */
export interface PromiseDocument {
  /** The activity's id: one promise per activity, so a resent activity adds nothing. */
  _id: string;
  obligorId: string;
  loanId: string | null;
  /** The unit answerable (the activity's), for scope. */
  orgUnit: string;
  madeAt: Date;
  madeOn: string;
  dueOn: string;
  amountCents: number;
  actor: ActivityDocument['actor'];
  status: PromiseStatus;
  /** The case judged against (null until judged, or when the obligor's line could not be told). */
  caseId: string | null;
  judgedOn: string | null;
  paidCents: number | null;
  repaymentIds: string[];
  /** The collection.assignment decision a broken or partly kept promise was run under. */
  decisionId: string | null;
  /** The activity that corrected this one (status corrected). */
  correctedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How many promises a read returns at most: an obligor makes a few a month. */
export const PROMISE_LIST_LIMIT = 500;

/**
 * The promises to pay, indexed by status and promised date: the daily judgement reads the open
 * promises due by a day (an equality and a string range on one declared index), never the log of
 * activities; the API reads an obligor's or a case's promises by their own indexes.
 */
export class PromiseStore {
  private promises?: Collection<PromiseDocument>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.promises = this.connection.db!.collection<PromiseDocument>('collection_promises');
    await this.promises.createIndex({ status: 1, dueOn: 1 });
    await this.promises.createIndex({ obligorId: 1 });
    await this.promises.createIndex({ caseId: 1 });
  }

  /**
   * The promises of newly recorded activities (called by the activity service once they are stored).
   * A correction withdraws the open promise it corrects; a corrected promise that was also a promise adds its own.
   */
  async recordFrom(documents: readonly ActivityDocument[], now = new Date()): Promise<number> {
    const fresh = documents.filter((document) => document.outcome === 'promise-to-pay' && document.promise).map((document) => promiseOf(document, now));
    await insertManyIgnoringDuplicates(this.promises!, fresh);
    for (const document of documents)
      if (document.corrects)
        await this.promises!.updateOne(
          { _id: document.corrects, status: 'open' },
          { $set: { status: 'corrected', correctedBy: document._id, updatedAt: now } },
        );
    return fresh.length;
  }

  /** Open promises whose date is on or before `lastDueOn` (their grace has passed). */
  dueBy(lastDueOn: string): Promise<PromiseDocument[]> {
    return this.promises!.find({ status: 'open', dueOn: { $lte: lastDueOn } }).toArray();
  }

  /** Writes a judgement, only if the promise is still open (a concurrent run or a correction wins otherwise). */
  async judge(
    id: string,
    judged: Pick<PromiseDocument, 'status' | 'caseId' | 'judgedOn' | 'paidCents' | 'repaymentIds' | 'decisionId'>,
    now = new Date(),
  ): Promise<boolean> {
    return (await this.promises!.updateOne({ _id: id, status: 'open' }, { $set: { ...judged, updatedAt: now } })).modifiedCount === 1;
  }

  async setDecision(id: string, decisionId: string): Promise<void> {
    await this.promises!.updateOne({ _id: id }, { $set: { decisionId } });
  }

  ofObligor(obligorId: string): Promise<PromiseDocument[]> {
    return this.promises!.find({ obligorId }).limit(PROMISE_LIST_LIMIT).toArray();
  }

  ofCase(caseId: string): Promise<PromiseDocument[]> {
    return this.promises!.find({ caseId }).limit(PROMISE_LIST_LIMIT).toArray();
  }
}

function promiseOf(document: ActivityDocument, now: Date): PromiseDocument {
  return {
    _id: document._id,
    obligorId: document.obligorId,
    loanId: document.loanId ?? null,
    orgUnit: document.orgUnit,
    madeAt: document.moment,
    madeOn: document.day,
    dueOn: document.promise!.date,
    amountCents: Math.round(document.promise!.amount * 100),
    actor: document.actor,
    status: 'open',
    caseId: null,
    judgedOn: null,
    paidCents: null,
    repaymentIds: [],
    decisionId: null,
    correctedBy: null,
    createdAt: now,
    updatedAt: now,
  };
}
