import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import { chunkedBulkWrite } from '../../store/bulk-writes';
import { countId, excessOver, mergeIncrements, type CountDocument, type CountIncrement } from './compliance-counts.pure';

/** The excess over a cap already counted for one gate counter (`x|<counter _id>`), so a breach is counted once however often it is seen. */
interface ExcessMark {
  _id: string;
  excess: number;
}

export const COMPLIANCE_COUNTS = 'collection_compliance_counts';
const EXCESS_MARKS = 'collection_compliance_marks';

/**
 * The compliance dashboard's counts: one document per unit, day, kind and key, kept with $inc as
 * the gate decides and activities and findings are recorded. The dashboard reads them by unit
 * (equality, $in) and day (a string range), both on the declared index; it never reads the log.
 */
export class ComplianceStore {
  readonly counts: Collection<CountDocument>;
  private readonly marks: Collection<ExcessMark>;

  constructor(connection: Connection) {
    this.counts = connection.db!.collection<CountDocument>(COMPLIANCE_COUNTS);
    this.marks = connection.db!.collection<ExcessMark>(EXCESS_MARKS);
  }

  async init(): Promise<void> {
    await this.counts.createIndex({ unit: 1, day: 1 });
  }

  /** Adds the increments: one upsert with $inc per document (bounded bulk writes). */
  async add(increments: readonly CountIncrement[]): Promise<void> {
    const operations: AnyBulkWriteOperation<CountDocument>[] = mergeIncrements(increments).map(({ by, ...fields }) => ({
      updateOne: { filter: { _id: countId(fields) }, update: { $inc: { count: by }, $setOnInsert: fields }, upsert: true },
    }));
    await chunkedBulkWrite(this.counts, operations);
  }

  /**
   * How many of a gate counter's events beyond its cap are not counted yet. The mark keeps the
   * largest excess counted ($max, answered with the value before), so two processes that read the
   * same counter after their own writes count the breaches between them exactly once.
   */
  async newExcess(counterId: string, count: number, cap: number): Promise<number> {
    const excess = excessOver(count, cap);
    if (excess === 0) return 0;
    const before = await this.marks.findOneAndUpdate({ _id: `x|${counterId}` }, { $max: { excess } }, { upsert: true, returnDocument: 'before' });
    return Math.max(0, excess - (before?.excess ?? 0));
  }

  /** The counts of these units from `from` to `to` (days, both included). */
  read(units: readonly string[], from: string, to: string): Promise<CountDocument[]> {
    return this.counts.find({ unit: { $in: [...units] }, day: { $gte: from, $lte: to } }).toArray();
  }

  /** Empties the read model before a rebuild. */
  async clear(): Promise<void> {
    await Promise.all([this.counts.deleteMany({}), this.marks.deleteMany({})]);
  }
}
