import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import { chunkedBulkWrite } from '../../store/bulk-writes';

/**
 * The compliance counts of one agency in one month, `_id` `agencyId|YYYY-MM`: activities its agents
 * recorded, gate checks it asked and how many were blocked. Kept as activities are recorded and checks
 * answered, so the scorecard reads one document per agency by `_id` (one `$in`), whatever the volume
 * of the collection log: the cost of a month's scorecards grows with the number of agencies only.
 */
export interface AgencyMonthCounter {
  _id: string;
  activities?: number;
  gateChecks?: number;
  gateBlocks?: number;
}

export const counterKey = (agencyId: string, day: string) => `${agencyId}|${day.slice(0, 7)}`;

export class AgencyCounters {
  private readonly collection: Collection<AgencyMonthCounter>;

  constructor(connection: Connection) {
    this.collection = connection.db!.collection<AgencyMonthCounter>('vendor_agency_counters');
  }

  /** Activities recorded by agencies' agents: one `$inc` per agency and month of the batch (bounded bulk writes). */
  async addActivities(activities: readonly { agencyId: string | null | undefined; day: string }[]): Promise<void> {
    const sums = new Map<string, number>();
    for (const activity of activities)
      if (activity.agencyId) sums.set(counterKey(activity.agencyId, activity.day), (sums.get(counterKey(activity.agencyId, activity.day)) ?? 0) + 1);
    const operations: AnyBulkWriteOperation<AgencyMonthCounter>[] = [...sums].map(([key, count]) => ({
      updateOne: { filter: { _id: key }, update: { $inc: { activities: count } }, upsert: true },
    }));
    await chunkedBulkWrite(this.collection, operations);
  }

  /** One gate check of an agency (blocked or not). */
  async addGateCheck(agencyId: string, day: string, blocked: boolean): Promise<void> {
    await this.collection.updateOne({ _id: counterKey(agencyId, day) }, { $inc: { gateChecks: 1, gateBlocks: blocked ? 1 : 0 } }, { upsert: true });
  }

  async read(agencyIds: readonly string[], month: string): Promise<Map<string, AgencyMonthCounter>> {
    const found = new Map<string, AgencyMonthCounter>();
    const keys = agencyIds.map((agencyId) => `${agencyId}|${month}`);
    for (const document of await this.collection.find({ _id: { $in: keys } }).toArray()) found.set(document._id.split('|')[0]!, document);
    return found;
  }
}
