import type { Facts } from '../engine/evaluate';
import type { ActuarialFigures } from '../generated/schema-types';
import type { AlertRecord } from '../monitoring/alert.model';
import type { MonitoredSubject } from '../monitoring/monitoring-plan';
import { levelRank, type Level } from '../monitoring/signals';

/** A segment's portfolio warning at a month end: its highest open level, and whether that month's monitoring raised or moved it. */
export interface SegmentWarning {
  level: Level | 'none';
  changed: boolean;
}

/**
 * The warning level of each segment at the month end, from the open portfolio alerts: the highest
 * level among those raised by then. `changed` when the alert holding it was raised or moved by the
 * month-end run (its changedOn is the month end), so a red that persists is not news again. Pure.
 */
export function warningLevels(
  openAlerts: readonly Pick<AlertRecord, 'subjectKey' | 'level' | 'changedOn' | 'raisedOn'>[],
  monthEnd: string,
): Map<string, SegmentWarning> {
  const levels = new Map<string, SegmentWarning>();
  for (const alert of openAlerts) {
    if (alert.raisedOn > monthEnd) continue;
    const held = levels.get(alert.subjectKey);
    const changed = alert.changedOn === monthEnd;
    if (!held || levelRank(alert.level) > levelRank(held.level) || (alert.level === held.level && changed))
      levels.set(alert.subjectKey, { level: alert.level, changed: changed || (held?.level === alert.level && held.changed) });
  }
  return levels;
}

const POINTS_DECIMALS = 1e6;
const points = (current: number, previous: number) => Math.round((current - previous) * 100 * POINTS_DECIMALS) / POINTS_DECIMALS;
const rate = (facts: Facts | undefined, name: string): number | undefined => {
  const value = facts?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/**
 * actuarial.notice facts of one segment (schemas/rulesets/facts/actuarial-notice-facts.json): the
 * segment's dimensions as warning.portfolio sees them, its warning, and the annualized loss rate and
 * overdue rate of this month and last with their change in percentage points. A rate a month lacks
 * (zero denominator, no figures last month) is left out with its change. Pure.
 */
export function noticeFacts(current: MonitoredSubject, previous: MonitoredSubject | undefined, warning: SegmentWarning): Facts {
  const facts: Facts = {};
  for (const name of ['month', 'orgUnit', 'customerTier', 'channel', 'vintage', 'internetBusiness'])
    if (current.facts[name] !== undefined) facts[name] = current.facts[name];
  facts.warningLevel = warning.level;
  facts.warningLevelChanged = warning.changed;
  for (const [fact, metric] of [
    ['lossRate', 'annualizedLossRate'],
    ['overdueRate', 'overdueRate'],
  ] as const) {
    const now = rate(current.facts, metric);
    const before = rate(previous?.facts, metric);
    if (now !== undefined) facts[fact] = now;
    if (before !== undefined) facts[`${fact}Previous`] = before;
    if (now !== undefined && before !== undefined) facts[`${fact}ChangePoints`] = points(now, before);
  }
  const size = rate(current.facts, 'remainingPrincipal');
  if (size !== undefined) facts.remainingPrincipal = size;
  return facts;
}

/** The figures a notice, its task and its event carry (nulls where the facts left a figure out). */
export function noticeFigures(facts: Facts): ActuarialFigures {
  const figure = (name: string) => rate(facts, name) ?? null;
  return {
    warningLevel: (facts.warningLevel as ActuarialFigures['warningLevel']) ?? 'none',
    lossRate: figure('lossRate'),
    lossRatePrevious: figure('lossRatePrevious'),
    lossRateChangePoints: figure('lossRateChangePoints'),
    overdueRate: figure('overdueRate'),
    overdueRatePrevious: figure('overdueRatePrevious'),
    overdueRateChangePoints: figure('overdueRateChangePoints'),
    remainingPrincipal: figure('remainingPrincipal'),
  };
}
