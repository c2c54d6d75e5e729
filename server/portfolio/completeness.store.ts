import type { Collection, Db } from 'mongodb';
import { COMPLETENESS_KINDS, type CompletenessKind, type Declaration, type LatestByKind } from './completeness';

const COLLECTION = 'portfolio_completeness';
const ID = 'book';

interface CompletenessDocument {
  _id: string;
  latest?: LatestByKind;
  declared?: Declaration | null;
  /** Set once the latest dates were read from the records (a book imported before they were tracked). */
  rebuilt?: boolean;
}

/** Where each kind's records keep the date the feed reached, to read it from the records once. */
const RECORD_DATES: Record<CompletenessKind, { collection: string; field: string; filter?: Record<string, unknown> }[]> = {
  loans: [{ collection: 'portfolio_loans', field: 'disbursedAt' }],
  repayments: [{ collection: 'portfolio_repayments', field: 'paidAt' }],
  premiums: [
    { collection: 'portfolio_premiums', field: 'receivedAt', filter: { receivedAt: { $type: 'string' } } },
    { collection: 'portfolio_premiums', field: 'dueDate', filter: { receivedAt: { $exists: false }, receivedAmountCents: { $gt: 0 } } },
  ],
  financials: [{ collection: 'portfolio_financials', field: 'month' }],
};

/**
 * One small document: the latest date each kind has reached (raised with `$max` as imports
 * commit, so two imports at once both count) and the importer's declaration, if any.
 */
export class CompletenessStore {
  private readonly collection: Collection<CompletenessDocument>;

  constructor(private readonly db: Db) {
    this.collection = db.collection<CompletenessDocument>(COLLECTION);
  }

  async read(): Promise<{ latest: LatestByKind; declared: Declaration | null }> {
    let document = await this.collection.findOne({ _id: ID });
    if (!document?.rebuilt) {
      await this.raise(await this.latestInRecords(), { rebuilt: true });
      document = await this.collection.findOne({ _id: ID });
    }
    return { latest: document?.latest ?? {}, declared: document?.declared ?? null };
  }

  /** Raises the latest dates to those of a committed import (never lowers them). */
  async raise(latest: LatestByKind, also: Partial<CompletenessDocument> = {}): Promise<void> {
    const raised = Object.fromEntries(Object.entries(latest).map(([kind, date]) => [`latest.${kind}`, date]));
    const update = { ...(Object.keys(raised).length > 0 ? { $max: raised } : {}), ...(Object.keys(also).length > 0 ? { $set: also } : {}) };
    if (Object.keys(update).length > 0) await this.collection.updateOne({ _id: ID }, update, { upsert: true });
  }

  async declare(declaration: Declaration | null): Promise<void> {
    await this.collection.updateOne({ _id: ID }, { $set: { declared: declaration } }, { upsert: true });
  }

  /** The latest dates as the records hold them: for a book imported before they were tracked (once). */
  private async latestInRecords(): Promise<LatestByKind> {
    const latest: LatestByKind = {};
    for (const kind of COMPLETENESS_KINDS) {
      for (const { collection, field, filter } of RECORD_DATES[kind]) {
        const [found] = await this.db
          .collection(collection)
          .find(filter ?? {}, { projection: { _id: 0, [field]: 1 } })
          .sort({ [field]: -1 })
          .limit(1)
          .toArray();
        const date = found?.[field] as string | undefined;
        if (date !== undefined && (latest[kind] === undefined || date > latest[kind])) latest[kind] = date;
      }
    }
    return latest;
  }
}
