import type { Scorecard } from '../../generated/schema-types';
import type { ScorecardRecord } from './scorecard.model';

/** A scorecard as the API prints it: its inputs, components, rank and assessment (no personal data in any of them). */
export function toScorecardView(record: ScorecardRecord): Scorecard {
  const { _id, inputsHash: _hash, updatedAt: _updatedAt, assessedAt, ...rest } = record;
  return { ...rest, assessedAt: assessedAt.toISOString() };
}
