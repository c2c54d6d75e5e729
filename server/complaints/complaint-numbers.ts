import type { Collection } from 'mongodb';
import type { Connection } from '../store/connection';
import { isDuplicateKeyError } from '../store/mongo-errors';

interface NumberCounter {
  _id: string;
  seq: number;
}

/**
 * Complaint numbers, TS-<unit>-<yyyymm>-<seq>, from one counter document per unit and month
 * looked up by `_id` (the one lookup every engine serves from its index). The counter only
 * proposes: the number becomes the complaint's `_id`, so two intakes can never keep one number
 * even where an engine's increment is not atomic (the caller asks again on a duplicate).
 */
export class ComplaintNumbers {
  private readonly counters: Collection<NumberCounter>;

  constructor(connection: Connection) {
    this.counters = connection.db!.collection<NumberCounter>('complaint_number_counters');
  }

  async next(orgUnit: string, month: string): Promise<string> {
    const key = `${orgUnit}|${month}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const counter = await this.counters.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
        return complaintNumber(orgUnit, month, counter!.seq);
      } catch (error) {
        // Two first intakes of a month both inserting the counter: the loser increments the winner's.
        if (!isDuplicateKeyError(error) || attempt >= 5) throw error;
      }
    }
  }
}

export function complaintNumber(orgUnit: string, month: string, seq: number): string {
  return `TS-${orgUnit}-${month.replace('-', '')}-${String(seq).padStart(5, '0')}`;
}
