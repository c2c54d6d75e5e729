import type { UnderwritingSegment } from '../generated/schema-types';
export { segmentKey as keyOfSegment } from '../monitoring/portfolio-monitoring.service';
import type { CheckEntry, ObligorLine, UnderwritingRecordDocument } from './underwriting.model';

/** A record is in force from its start day up to, not including, its end day (the day it was ended). */
export function inForce(entry: Pick<CheckEntry, 'startOn' | 'endOn'>, today: string): boolean {
  return entry.startOn <= today && (entry.endOn === null || entry.endOn > today);
}

/** Whether an obligor with these lines belongs to the segment: one of its lines has every dimension value the segment names. */
export function inSegment(segment: UnderwritingSegment, lines: readonly ObligorLine[]): boolean {
  const dimensions = Object.entries(segment) as [keyof ObligorLine, string][];
  return lines.some((line) => dimensions.every(([dimension, value]) => line[dimension] === value));
}

export interface CheckOutcome {
  blocked: boolean;
  limitShare: number;
  reasons: CheckEntry[];
}

/**
 * The answer from the records in force: blocked when any block is; the limit is what the limit
 * records leave of it, each cut applying to what the ones before left (Art. 8(2) "持续调减":
 * two 20 % cuts leave 0.8 × 0.8 = 64 %, not 60 %), so however many cuts, the limit never goes
 * below zero. Reasons in start order.
 */
export function checkOutcome(entries: readonly CheckEntry[], today: string): CheckOutcome {
  const reasons = entries.filter((entry) => inForce(entry, today)).sort((a, b) => a.startOn.localeCompare(b.startOn) || a.recordId.localeCompare(b.recordId));
  let limitShare = 1;
  for (const entry of reasons) if (entry.kind === 'limit' && entry.share !== null) limitShare *= 1 - entry.share;
  return { blocked: reasons.some((entry) => entry.kind === 'block'), limitShare: roundShare(limitShare), reasons };
}

/** Shares kept to 6 decimals: 0.8 × 0.8 reads 0.64, not 0.6400000000000001. */
function roundShare(share: number): number {
  return Math.round(share * 1_000_000) / 1_000_000;
}

export function checkEntry(record: UnderwritingRecordDocument): CheckEntry {
  return {
    recordId: record._id,
    kind: record.kind,
    scope: record.scope,
    reason: record.reason,
    source: record.source,
    startOn: record.startOn,
    endOn: record.endOn,
    share: record.share,
    segmentKey: record.segmentKey,
  };
}

/** A segment key (`channel=broker;customerTier=prime`, or `total` for the whole book) back into its dimension values. */
export function segmentOfKey(segmentKey: string): UnderwritingSegment {
  if (segmentKey === 'total') return {};
  return Object.fromEntries(segmentKey.split(';').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}
