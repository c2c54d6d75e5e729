import { isDuplicateKeyError } from '../store/mongo-errors';
import type { Connection, Model } from 'mongoose';
import { snapshotModel, type SnapshotDocument, type SnapshotView } from './snapshot.model';

/** Month-end figures as first computed, per view and key (a portfolio grouping, or a view's parameters). */
export class SnapshotStore {
  private readonly model: Model<SnapshotDocument>;

  constructor(connection: Connection) {
    this.model = snapshotModel(connection);
  }

  async find<T>(view: SnapshotView, month: string, key: string): Promise<T | undefined> {
    const found = await this.model.findOne({ month, grouping: storedKey(view, key) }, { _id: 0, facts: 1 }).lean<{ facts: T }>();
    return found?.facts;
  }

  /** The keys stored for a month under one view. */
  async keysOf(view: SnapshotView, month: string): Promise<string[]> {
    const found = await this.model.find({ month, view }, { _id: 0, grouping: 1 }).lean<{ grouping: string }[]>();
    return found.map((snapshot) => (view === 'portfolio' ? snapshot.grouping : snapshot.grouping.slice(view.length + 1)));
  }

  /** Removes a view's snapshots of `month` and later months (a string range on the indexed month). */
  async dropFrom(view: SnapshotView, month: string): Promise<void> {
    await this.model.deleteMany({ month: { $gte: month }, view });
  }

  async save(view: SnapshotView, month: string, key: string, facts: { computedAt?: string }): Promise<void> {
    const grouping = storedKey(view, key);
    const replace = () =>
      this.model.replaceOne(
        { month, grouping },
        { month, grouping, view, facts, computedAt: facts.computedAt ? new Date(facts.computedAt) : new Date() },
        { upsert: true },
      );
    try {
      await replace();
    } catch (error) {
      // Two first readers both upserted; the other's insert won the unique index, so this one now replaces it.
      if (!isDuplicateKeyError(error)) throw error;
      await replace();
    }
  }
}

function storedKey(view: SnapshotView, key: string): string {
  return view === 'portfolio' ? key : `${view}:${key}`;
}
