import { Schema, type Connection, type Model } from 'mongoose';
import type { PortfolioFacts } from '../generated/schema-types';

/** A month's portfolio facts for one grouping, as computed then: later imports do not change it until it is recomputed. */
export interface SnapshotDocument {
  month: string;
  /** The grouping dimensions sorted and comma-joined ('' for the total only). */
  grouping: string;
  facts: PortfolioFacts;
  computedAt: Date;
}

const snapshotSchema = new Schema<SnapshotDocument>(
  { month: { type: String, required: true }, grouping: { type: String, default: '' }, facts: { type: Schema.Types.Mixed, required: true }, computedAt: { type: Date, required: true } },
  { versionKey: false, minimize: false },
).index({ month: 1, grouping: 1 }, { unique: true });

export function snapshotModel(connection: Connection): Model<SnapshotDocument> {
  return (connection.models.MetricSnapshot as Model<SnapshotDocument> | undefined) ?? connection.model<SnapshotDocument>('MetricSnapshot', snapshotSchema, 'metric_snapshots');
}
