import type { Placement } from '../../generated/schema-types';
import type { PlacementRecord } from './placement.store';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function toPlacementView(record: PlacementRecord): Placement {
  const { _id, placedAt, recalledAt, updatedAt, ...rest } = record;
  return { placementId: _id, ...rest, placedAt: iso(placedAt)!, recalledAt: iso(recalledAt), updatedAt: iso(updatedAt)! };
}
