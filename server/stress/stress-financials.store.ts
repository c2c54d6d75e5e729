import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';

/**
 * An org unit's imported cash-flow items and capital for a base period (Art. 33), in cents, tax rate in basis points.
 * `_id` is `<orgUnit>|<period>`, so the stress run reads it by its id; changes go through the revision gate (history).
 */
export interface StressFinancialsRecord {
  _id: string;
  orgUnit: string;
  period: string;
  premiumCollectedCents: number;
  recoveriesCents: number;
  reinsuranceRecoveriesCents: number;
  claimsPaidCents: number;
  expensesCents: number;
  cededPremiumCents: number;
  taxRateBp: number;
  actualCapitalCents: number;
  coreCapitalCents: number;
  minimumCapitalCents: number;
  note: string | null;
  revision: number;
  updatedBy: string;
  updatedAt: Date;
}

export type StressFinancialsFigures = Omit<StressFinancialsRecord, '_id' | 'orgUnit' | 'period' | 'revision' | 'updatedBy' | 'updatedAt'>;

export const financialsId = (orgUnit: string, period: string): string => `${orgUnit}|${period}`;

export class StressFinancialsStore {
  private records?: Collection<StressFinancialsRecord>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.records = this.connection.db!.collection<StressFinancialsRecord>('stress_financials');
    const history = this.connection.db!.collection<HistoryEntry>('stress_financials_history');
    // The scheduled run: every unit with figures for the period.
    await this.records.createIndex({ period: 1, orgUnit: 1 });
    await history.createIndex({ subjectId: 1, revision: 1 });
    this.writes = new RevisionedWrites(this.records as never, history);
  }

  async find(orgUnit: string, period: string): Promise<StressFinancialsRecord | undefined> {
    return (await this.records!.findOne({ _id: financialsId(orgUnit, period) })) ?? undefined;
  }

  /** The units with figures for a period, in id order. */
  async unitsWith(period: string): Promise<string[]> {
    return (
      await this.records!.find({ period }, { projection: { orgUnit: 1 } })
        .sort({ period: 1, orgUnit: 1 })
        .toArray()
    ).map((record) => record.orgUnit);
  }

  /** Stores the first revision; false when the record exists already (the caller answers stale). */
  async insert(record: StressFinancialsRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.writes!.insertNew([record as never], () => entry)).has(record._id);
  }

  update(id: string, expectedRevision: number, set: Partial<StressFinancialsRecord>, entry: RevisionChange['entry']): Promise<boolean> {
    return this.writes!.applyOne({ id, expectedRevision, set, entry });
  }
}
