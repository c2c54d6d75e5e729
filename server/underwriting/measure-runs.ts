import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';

export const MEASURE_RUNS = 'underwriting_measure_runs';

/** A monitoring run that is storing measure tasks and has not yet told the underwriting module of all of them. */
export interface MeasureRunRegistration {
  _id: string;
  asOf: string;
  startedAt: Date;
}

/**
 * The registrations of monitoring runs between storing their first measure task and telling the
 * underwriting module of the last one. A run registers before its first task write and clears its
 * registration when it has told the module of everything; one left behind belongs to a run that
 * died or failed in between, and only then must the pending measure tasks be compared with the
 * records (measure-reconciliation.ts). A handful of documents at most, read whole.
 */
export class MeasureRuns {
  private readonly registrations: Collection<MeasureRunRegistration>;

  constructor(db: Db) {
    this.registrations = db.collection<MeasureRunRegistration>(MEASURE_RUNS);
  }

  async register(asOf: string): Promise<string> {
    const registration = { _id: randomUUID(), asOf, startedAt: new Date() };
    await this.registrations.insertOne(registration);
    return registration._id;
  }

  async clear(registrationId: string): Promise<void> {
    await this.registrations.deleteOne({ _id: registrationId });
  }

  /** Every registration still there (other runs' under way, or left by runs that died). */
  list(): Promise<MeasureRunRegistration[]> {
    return this.registrations.find({}).toArray();
  }

  async forget(registrationIds: readonly string[]): Promise<void> {
    for (const registrationId of registrationIds) await this.clear(registrationId);
  }
}
