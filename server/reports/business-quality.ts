import type { BusinessQualityReport, ComplaintStatistics, KeyMetrics, PortfolioFacts, PortfolioMetrics, SegmentRow } from '../generated/schema-types';
import type { AlertRecord } from '../monitoring/alert.model';
import type { LevelChange } from '../monitoring/alert.store';
import type { ReportTask } from '../monitoring/task.store';
import { toAlertView } from '../monitoring/queue.views';
import { levelRank, LEVELS, type Level } from '../monitoring/signals';
import { monthComplete } from '../portfolio/completeness';

export const KEY_METRICS = [
  'loanCount',
  'remainingPrincipal',
  'overdueRate',
  'm0_1',
  'm0_2',
  'annualizedLossRate',
  'combinedLossRatio',
  'combinedExpenseRatio',
  'premiumIncome',
  'premiumReceivable',
] as const;
const ALERT_ITEMS = 200;

/** What the report is made of, read by the service; the report itself is a pure function of it. */
export interface ReportInputs {
  month: string;
  monthStart: string;
  monthEnd: string;
  orgUnit: string;
  /** undefined: the whole book (HQ). */
  units: readonly string[] | undefined;
  byOrgUnit: PortfolioFacts;
  byOrgUnitBefore: PortfolioFacts;
  byTierChannel: PortfolioFacts;
  byTierChannelBefore: PortfolioFacts;
  /** The months of the trend, oldest first, each grouped by org unit. */
  trend: PortfolioFacts[];
  alerts: AlertRecord[];
  alertHistory: LevelChange[];
  tasks: ReportTask[];
  claimChanges: { action: string }[];
  /** The month's complaint figures (server/complaints/statistics); absent when complaints are not wired. */
  complaints?: ComplaintStatistics;
  generatedAt: Date;
  /** How far the book's data is complete when the report is built. */
  dataCompleteThrough: string | null;
}

export function keyMetrics(metrics: PortfolioMetrics): KeyMetrics {
  return Object.fromEntries(KEY_METRICS.map((name) => [name, (metrics as unknown as Record<string, number | null>)[name] ?? null])) as unknown as KeyMetrics;
}

/** The monthly business-quality report (Art. 6): key metrics by segment with the month before, their trend, and the month's monitoring work. */
export function businessQualityReport(inputs: ReportInputs): BusinessQualityReport {
  const { monthStart, monthEnd } = inputs;
  const inScope = (segment: Record<string, string>) => !inputs.units || (segment.orgUnit !== undefined && inputs.units.includes(segment.orgUnit));
  const rows = (now: PortfolioFacts, before: PortfolioFacts, drop: string[]): SegmentRow[] => {
    const key = (segment: Record<string, string>) => JSON.stringify(segment);
    const previous = new Map(before.segments.map((row) => [key(row.segment), row.metrics]));
    return now.segments
      .filter((row) => inScope(row.segment))
      .map((row) => {
        const earlier = previous.get(key(row.segment));
        const segment = Object.fromEntries(Object.entries(row.segment).filter(([dimension]) => !drop.includes(dimension)));
        return { segment, metrics: keyMetrics(row.metrics), previous: earlier ? keyMetrics(earlier) : null };
      });
  };
  const trend = inputs.trend.map((facts) => {
    const own = facts.segments.find((row) => row.segment.orgUnit === inputs.orgUnit);
    return {
      month: facts.month,
      complete: monthComplete(facts.month, inputs.dataCompleteThrough),
      metrics: keyMetrics(inputs.units ? (own?.metrics ?? emptyMetrics()) : facts.total.metrics),
    };
  });

  const raised = inputs.alerts.filter((alert) => alert.raisedOn >= monthStart && alert.raisedOn <= monthEnd);
  const levelAtEnd = levelsAt(inputs.alertHistory);
  const openAtEnd = inputs.alerts.filter((alert) => alert.raisedOn <= monthEnd && (alert.closedOn === null || alert.closedOn > monthEnd));
  const inMonth = (entry: LevelChange) => entry.asOf !== null && entry.asOf >= monthStart && entry.asOf <= monthEnd;
  const countActions = (action: string) => inputs.alertHistory.filter((entry) => entry.action === action && inMonth(entry)).length;

  const since = new Date(`${monthStart}T00:00:00Z`).getTime();
  const until = new Date(`${monthEnd}T23:59:59.999Z`).getTime();
  const within = (date: Date | null) => date !== null && new Date(date).getTime() >= since && new Date(date).getTime() <= until;
  const created = inputs.tasks.filter((task) => task.createdOn >= monthStart && task.createdOn <= monthEnd);
  const pendingAtEnd = inputs.tasks.filter(
    (task) =>
      task.createdOn <= monthEnd &&
      !(task.status === 'done' && new Date(task.completedAt!).getTime() <= until) &&
      !(task.status === 'cancelled' && new Date(task.updatedAt).getTime() <= until),
  );

  return {
    month: inputs.month,
    orgUnit: inputs.orgUnit,
    generatedAt: inputs.generatedAt.toISOString(),
    dataCompleteThrough: inputs.dataCompleteThrough,
    monthComplete: monthComplete(inputs.month, inputs.dataCompleteThrough),
    total: inputs.units ? null : keyMetrics(inputs.byOrgUnit.total.metrics),
    segments: {
      orgUnit: rows(inputs.byOrgUnit, inputs.byOrgUnitBefore, []),
      customerTierChannel: rows(inputs.byTierChannel, inputs.byTierChannelBefore, inputs.units ? [] : ['orgUnit']),
    },
    trend,
    alerts: {
      raised: countByLevel(raised.map((alert) => levelAtEnd.get(`${alert._id}@raised`) ?? alert.level)),
      closed: inputs.alerts.filter((alert) => alert.closedOn !== null && alert.closedOn >= monthStart && alert.closedOn <= monthEnd).length,
      escalated: countActions('escalated'),
      deEscalated: countActions('de-escalated'),
      openAtMonthEnd: countByLevel(openAtEnd.map((alert) => levelAtEnd.get(alert._id) ?? alert.level)),
      byTarget: {
        obligor: raised.filter((alert) => alert.target === 'obligor').length,
        portfolio: raised.filter((alert) => alert.target === 'portfolio').length,
      },
      items: raised
        .sort((a, b) => levelRank(b.level) - levelRank(a.level) || a.raisedOn.localeCompare(b.raisedOn))
        .slice(0, ALERT_ITEMS)
        .map(toAlertView),
    },
    tasks: {
      created: created.length,
      completed: inputs.tasks.filter((task) => task.status === 'done' && within(task.completedAt)).length,
      cancelled: inputs.tasks.filter((task) => task.status === 'cancelled' && within(task.updatedAt)).length,
      pendingAtMonthEnd: pendingAtEnd.length,
      overdueAtMonthEnd: pendingAtEnd.filter((task) => task.dueOn !== null && task.dueOn < monthEnd).length,
      byAction: created.reduce<Record<string, number>>((counts, task) => ({ ...counts, [task.action]: (counts[task.action] ?? 0) + 1 }), {}),
    },
    claims: {
      opened: inputs.claimChanges.filter((change) => change.action === 'opened' || change.action === 'reopened').length,
      suspended: inputs.claimChanges.filter((change) => change.action === 'suspended').length,
      adviseWithdrawal: inputs.claimChanges.filter((change) => change.action === 'advised-withdrawal').length,
    },
    ...(inputs.complaints ? { complaints: inputs.complaints } : {}),
  };
}

/**
 * Each alert's level as its job history left it by the end of the period (`<id>`), and the level
 * it was raised at (`<id>@raised`): a later escalation must not rewrite last month's figures.
 */
function levelsAt(history: readonly LevelChange[]): Map<string, Level> {
  const levels = new Map<string, Level>();
  for (const entry of [...history].sort((a, b) => a.revision - b.revision)) {
    const level = entry.set.level as Level | undefined;
    if (!level || !LEVELS.includes(level)) continue;
    levels.set(entry.subjectId, level);
    if (entry.action === 'raised') levels.set(`${entry.subjectId}@raised`, level);
  }
  return levels;
}

function countByLevel(levels: readonly Level[]): { red: number; orange: number; yellow: number } {
  return {
    red: levels.filter((level) => level === 'red').length,
    orange: levels.filter((level) => level === 'orange').length,
    yellow: levels.filter((level) => level === 'yellow').length,
  };
}

function emptyMetrics(): PortfolioMetrics {
  return Object.fromEntries(KEY_METRICS.map((name) => [name, null])) as unknown as PortfolioMetrics;
}
