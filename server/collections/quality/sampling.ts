import { createHash } from 'node:crypto';
import type { DecisionEvent } from '../../engine/evaluate';

/** The priority of an activity reported with Art. 13 content tags: the highest, and always sampled. */
export const TAGGED_PRIORITY = 5;

export interface SampleDecision {
  sampled: boolean;
  /** The rate the rules gave (1 for a tagged activity). */
  rate: number;
  priority: number;
  reason: string;
  basis: string;
  /** The activity's draw in [0, 1): sampled when below the rate. */
  draw: number;
}

/**
 * The activity's draw in [0, 1), from a hash of its id: the same activity always draws the same
 * number, so sampling again (a job rerun, a second worker) decides the same, and a higher rate
 * samples a superset of a lower one.
 */
export function sampleDraw(activityId: string): number {
  return createHash('sha256').update(`qa|${activityId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Whether an activity is sampled: the highest rate and priority among the quality events the rules
 * raised (none raised: not sampled, rate 0), and every activity reported with an Art. 13 content tag
 * is sampled at the highest priority whatever the rules say (an edited rule set cannot switch it off).
 */
export function sampleDecision(activityId: string, events: readonly Pick<DecisionEvent, 'type' | 'params'>[], contentTags: readonly string[]): SampleDecision {
  const draw = sampleDraw(activityId);
  let best: { rate: number; priority: number; reason: string; basis: string } = { rate: 0, priority: 1, reason: 'no-rule', basis: '' };
  for (const event of events) {
    if (event.type !== 'quality') continue;
    const params = event.params as { sampleRate?: number; priority?: number; reason?: string; basis?: string };
    const rate = typeof params.sampleRate === 'number' ? params.sampleRate : 0;
    const priority = typeof params.priority === 'number' ? params.priority : 1;
    if (rate > best.rate || (rate === best.rate && priority > best.priority))
      best = { rate, priority: Math.max(priority, best.priority), reason: params.reason ?? 'quality', basis: params.basis ?? '' };
    else best.priority = Math.max(best.priority, priority);
  }
  if (contentTags.length > 0) return { sampled: true, rate: 1, priority: TAGGED_PRIORITY, reason: 'content-tagged', basis: 'Art. 13; Art. 11', draw };
  return { sampled: draw < best.rate, ...best, draw };
}
