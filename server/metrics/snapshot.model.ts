import { Schema, type Connection, type Model } from 'mongoose';

/**
 * What a snapshot holds: a month's portfolio facts for one grouping, one org unit's share of them
 * ('unit-portfolio', keyed by the share and the grouping), its roll-rate matrix, or vintage curves observed at it; and a
 * unit's roll-rate matrix ('unit-roll-rates', keyed by the share) and portfolio page's vintage curves ('unit-vintages',
 * keyed by the share and the curves' parameters); and a unit's monthly report ('unit-report', keyed by the unit and the
 * trend's length, server/reports).
 */
export type SnapshotView = 'portfolio' | 'unit-portfolio' | 'roll-rates' | 'vintages' | 'unit-roll-rates' | 'unit-vintages' | 'unit-report';

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
