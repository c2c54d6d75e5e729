import type { Connection, Model } from 'mongoose';
import type { PortfolioFacts } from '../generated/schema-types';
import { snapshotModel, type SnapshotDocument } from './snapshot.model';

export class SnapshotStore {
  private readonly model: Model<SnapshotDocument>;

  constructor(connection: Connection) {
    this.model = snapshotModel(connection);
  }

  async find(month: string, grouping: string): Promise<PortfolioFacts | undefined> {
    const found = await this.model.findOne({ month, grouping }, { _id: 0, facts: 1 }).lean<{ facts: PortfolioFacts }>();
    return found?.facts;
  }

  async groupingsOf(month: string): Promise<string[]> {
    const found = await this.model.find({ month }, { _id: 0, grouping: 1 }).lean<{ grouping: string }[]>();
    return found.map((snapshot) => snapshot.grouping);
  }

  async save(month: string, grouping: string, facts: PortfolioFacts): Promise<void> {
    await this.model.replaceOne({ month, grouping }, { month, grouping, facts, computedAt: new Date(facts.computedAt) }, { upsert: true });
  }
}
