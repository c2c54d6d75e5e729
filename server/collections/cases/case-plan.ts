import type { DecisionEvent } from '../../engine/evaluate';
import type { CollectionChannel, CollectionStage } from '../../generated/schema-types';
import { dateFromDay, dayFromDate } from '../../ground/calendar';
import type { Bucket } from '../../metrics/buckets';

/**
 * What the daily collection-cases run does to one case, decided from the line's metric bucket
 * alone (no database): pure, so the stage rules are unit-tested and the job only reads and writes.
 */
export type CaseStatus = 'open' | 'closed';
export type ClosedReason = 'cured' | 'settled' | 'claimed';

export type CaseChange =
  | { action: 'opened' | 'reopened'; stage: CollectionStage }
  | { action: 'stage-moved'; from: CollectionStage; stage: CollectionStage }
  | { action: 'closed'; reason: ClosedReason };

/** What planning needs of a stored case. */
export interface CaseState {
  status: CaseStatus;
  stage: CollectionStage;
  /** The day the run last changed the case. */
  changedOn: string;
}

/** The collection stage of a metric bucket (server/metrics/buckets.ts, which honours the metric settings): M3 and beyond 180 days are M3+. */
export function stageOfBucket(bucket: Bucket): CollectionStage | null {
  if (bucket === 'M1' || bucket === 'M2') return bucket;
  if (bucket === 'M3' || bucket === 'over180') return 'M3+';
  return null;
}

/** Why a case no longer in a stage closes: the insurer paid the claim, every loan is repaid, or the line is current again. */
function closingReason(bucket: Bucket | undefined): ClosedReason {
  if (bucket === 'claimed') return 'claimed';
  if (bucket === undefined || bucket === 'settled') return 'settled';
  return 'cured';
}

/**
 * The change a day brings to a case. `bucket` is the line's worst bucket on the day (undefined
 * when the line has no loan on the book). A day before the case's last change is not judged
 * again: a run of an old day never moves a case back, so rerunning any day is harmless.
 */
export function planCase(existing: CaseState | undefined, bucket: Bucket | undefined, asOf: string): CaseChange | undefined {
  if (existing && asOf < existing.changedOn) return undefined;
  const stage = bucket === undefined ? null : stageOfBucket(bucket);
  if (!existing || existing.status === 'closed') return stage ? { action: existing ? 'reopened' : 'opened', stage } : undefined;
  if (!stage) return { action: 'closed', reason: closingReason(bucket) };
  return stage === existing.stage ? undefined : { action: 'stage-moved', from: existing.stage, stage };
}

export interface TreatmentStep {
  channel: CollectionChannel;
  day: number;
  repeat?: boolean;
}

/** A collection.assignment event's decision (schemas/rulesets/events/assignment-event.json) and the rule that made it. */
export interface Assignment {
  handler: 'central-team' | 'local-team' | 'agency';
  agencyCategory?: string;
  reason: string;
  basis: string;
  treatment: TreatmentStep[];
  rule: string;
}

/** Several rules may fire (an M2 case with a large balance matches both M2 and high-balance): the one of highest priority decides. */
export function chooseAssignment(events: readonly DecisionEvent[], priorities: ReadonlyMap<string, number>): Assignment | undefined {
  let chosen: DecisionEvent | undefined;
  for (const event of events) {
    if (event.type !== 'assignment' || !event.params) continue;
    if (!chosen || (priorities.get(event.rule ?? '') ?? 0) > (priorities.get(chosen.rule ?? '') ?? 0)) chosen = event;
  }
  if (!chosen) return undefined;
  const params = chosen.params as Omit<Assignment, 'rule'>;
  return {
    handler: params.handler,
    ...(params.agencyCategory ? { agencyCategory: params.agencyCategory } : {}),
    reason: params.reason,
    basis: params.basis,
    treatment: params.treatment ?? [],
    rule: chosen.rule ?? '',
  };
}

/** The treatment plan dated: day 1 is the day the stage began. */
export function scheduleTreatment(steps: readonly TreatmentStep[], stageSince: string): (TreatmentStep & { on: string })[] {
  const start = dayFromDate(stageSince);
  return steps.map((step) => ({ ...step, on: dateFromDay(start + step.day - 1) }));
}
