import type { ConductTag, FindingSeverity } from '../../generated/schema-types';

/*
 * The compliance dashboard's read model, as pure functions: what one gate decision, recorded
 * activity or finding adds to the counts (unit, day, kind, key), how a recorded activity is judged
 * a breach, and how stored counts are summed into the report. The store applies the increments
 * with $inc on documents whose _id is `unit|day|kind|key`; nothing here reads the activity log.
 */

/**
 * The standard pack's limits (rules/collection.action.json parameters; a unit test keeps them
 * equal). Breaches at recording are judged against these, not against a unit's overlays: a
 * breach is conduct the guideline and industry practice forbid, whatever a unit loosened.
 */
export const STANDARD_LIMITS = {
  quietHoursStart: '22:00',
  quietHoursEnd: '08:00',
  quietHoursChannels: ['call', 'ai-call', 'sms', 'visit'] as readonly string[],
  voiceChannels: ['call', 'ai-call'] as readonly string[],
  maxAttemptsPerNumberPerDay: 6,
  maxEffectiveCallsPerDay: 3,
};

export type CountKind = 'check' | 'blocked' | 'consent' | 'activity' | 'breach' | 'finding' | 'tag' | 'severity' | 'team' | 'agency';
export type BreachKind = 'quiet-hours' | 'attempts-per-number-cap' | 'effective-calls-cap';

export interface CountIncrement {
  unit: string;
  day: string;
  kind: CountKind;
  key: string;
  by: number;
}

/** A stored count (`_id` = countId of its fields). */
export interface CountDocument {
  _id: string;
  unit: string;
  day: string;
  kind: CountKind;
  key: string;
  count: number;
}

/** Stands for "the record names none" (a finding without team or agency). */
export const NONE = '-';

export const countId = (increment: Pick<CountIncrement, 'unit' | 'day' | 'kind' | 'key'>) =>
  `${increment.unit}|${increment.day}|${increment.kind}|${increment.key}`;

/** Sums increments by document, dropping zeros, so a batch becomes one $inc per document. */
export function mergeIncrements(increments: readonly CountIncrement[]): CountIncrement[] {
  const merged = new Map<string, CountIncrement>();
  for (const increment of increments) {
    const id = countId(increment);
    const entry = merged.get(id);
    if (entry) entry.by += increment.by;
    else merged.set(id, { ...increment });
  }
  return [...merged.values()].filter((increment) => increment.by !== 0);
}

/** A gate decision: one check by outcome, and for block and require-consent one per reason given. */
export function decisionIncrements(decision: {
  orgUnit: string;
  day: string;
  outcome: 'allow' | 'block' | 'require-consent';
  reasons: readonly { reason: string }[];
}): CountIncrement[] {
  const { orgUnit: unit, day } = decision;
  const increments: CountIncrement[] = [{ unit, day, kind: 'check', key: decision.outcome, by: 1 }];
  if (decision.outcome !== 'allow') {
    const kind = decision.outcome === 'block' ? 'blocked' : 'consent';
    for (const reason of new Set(decision.reasons.map((item) => item.reason || 'unspecified'))) increments.push({ unit, day, kind, key: reason, by: 1 });
  }
  return increments;
}

/** Local HH:MM within the quiet hours (start inclusive, end exclusive, across midnight), as the rule's timeWithin reads it. */
export function inQuietHours(localTime: string, start = STANDARD_LIMITS.quietHoursStart, end = STANDARD_LIMITS.quietHoursEnd): boolean {
  return start <= end ? localTime >= start && localTime < end : localTime >= start || localTime < end;
}

/**
 * A recorded activity: one activity of its channel and, when it was made in the debtor's quiet
 * hours on a channel they apply to without the debtor's consent, one quiet-hour breach. Consent is
 * the one the gate would have read (visit, third party, otherwise night), from the contact profile
 * as it stands when the activity is recorded.
 */
export function activityIncrements(activity: { orgUnit: string; day: string; channel: string; localTime: string; consent: boolean }): CountIncrement[] {
  const { orgUnit: unit, day } = activity;
  const increments: CountIncrement[] = [{ unit, day, kind: 'activity', key: activity.channel, by: 1 }];
  if (STANDARD_LIMITS.quietHoursChannels.includes(activity.channel) && inQuietHours(activity.localTime) && !activity.consent)
    increments.push({ unit, day, kind: 'breach', key: 'quiet-hours', by: 1 });
  return increments;
}

/** How many of a counter's events are beyond its cap (the seventh attempt is the first breach of a cap of six). */
export function excessOver(count: number, cap: number): number {
  return Math.max(0, count - cap);
}

/** A finding, on the day it was raised: by tag (each), severity, team and agency. */
export function findingIncrements(finding: {
  orgUnit: string;
  foundOn: string;
  tags: readonly ConductTag[];
  severity: FindingSeverity;
  actor: { team: string | null; agencyId: string | null } | null;
}): CountIncrement[] {
  const { orgUnit: unit, foundOn: day } = finding;
  return [
    { unit, day, kind: 'finding', key: 'all', by: 1 },
    ...[...new Set(finding.tags)].map((tag): CountIncrement => ({ unit, day, kind: 'tag', key: tag, by: 1 })),
    { unit, day, kind: 'severity', key: finding.severity, by: 1 },
    { unit, day, kind: 'team', key: finding.actor?.team ?? NONE, by: 1 },
    { unit, day, kind: 'agency', key: finding.actor?.agencyId ?? NONE, by: 1 },
  ];
}
