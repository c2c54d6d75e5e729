import { Schema, type Connection, type Model } from 'mongoose';

/**
 * What a snapshot holds: a month's portfolio facts for one grouping, one org unit's share of them
 * ('unit-portfolio', keyed by the share and the grouping), its roll-rate matrix, or vintage curves observed at it.
 */
export type SnapshotView = 'portfolio' | 'unit-portfolio' | 'roll-rates' | 'vintages';

/**
 * A month's figures as computed then: later imports do not change them until they are
 * recomputed. Unique per month and grouping; `grouping` is the portfolio grouping (dimensions
 * sorted and comma-joined, '' for the total only) or, for the other views, `view:parameters`.
 */
export interface SnapshotDocument {
  month: string;
  grouping: string;
  view: SnapshotView;
  facts: unknown;
  computedAt: Date;
}

const snapshotSchema = new Schema<SnapshotDocument>(
  {
    month: { type: String, required: true },
    grouping: { type: String, default: '' },
    view: { type: String, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
).index({ month: 1, grouping: 1 }, { unique: true });

export function snapshotModel(connection: Connection): Model<SnapshotDocument> {
  return (
    (connection.models.MetricSnapshot as Model<SnapshotDocument> | undefined) ??
    connection.model<SnapshotDocument>('MetricSnapshot', snapshotSchema, 'metric_snapshots')
  );
}
