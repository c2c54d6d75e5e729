import type { Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import type { TrainingCreateRequest } from '../../generated/schema-types';

/** A training record (Art. 22(5)): append-only, HQ's, read per agency. */
export interface TrainingDocument extends TrainingCreateRequest {
  _id: string;
  agencyId: string;
  recordedBy: string;
  recordedAt: Date;
}

export class TrainingStore {
  private collection?: Collection<TrainingDocument>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.collection = this.connection.db!.collection<TrainingDocument>('vendor_training_records');
    // An agency's records, newest training first, ties by the latest recorded.
    await this.collection.createIndex({ agencyId: 1, trainedOn: -1, recordedAt: -1 });
  }

  async insert(document: TrainingDocument): Promise<void> {
    await this.collection!.insertOne(document);
  }

  /** An agency's records, newest first: an agency trains its risk staff a few times a year, so a bounded list, not pages. */
  ofAgency(agencyId: string, limit = 1000): Promise<TrainingDocument[]> {
    return this.collection!.find({ agencyId }).sort({ trainedOn: -1, recordedAt: -1 }).limit(limit).toArray();
  }
}
