import type { ComplianceCount, CompliancePeriod, ComplianceReport } from '../../generated/schema-types';
import { NONE, type CountDocument } from './compliance-counts.pure';

export type GroupBy = ComplianceReport['groupBy'];
/** The longest range one report covers: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const timeOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((timeOf(to) - timeOf(from)) / DAY_MS) + 1;
}

export function addDays(day: string, days: number): string {
  return dayOf(timeOf(day) + days * DAY_MS);
}

/** The period a day falls in: the day, its ISO week's Monday, or its month. */
export function periodOf(day: string, groupBy: GroupBy): string {
  if (groupBy === 'day') return day;
  if (groupBy === 'month') return day.slice(0, 7);
  const weekday = (new Date(timeOf(day)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/** Every period of the range in order, each clipped to the range. */
export function periodsOf(from: string, to: string, groupBy: GroupBy): { period: string; start: string; end: string }[] {
  const periods: { period: string; start: string; end: string }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const period = periodOf(day, groupBy);
    const last = periods.at(-1);
    if (last?.period === period) last.end = day;
    else periods.push({ period, start: day, end: day });
  }
  return periods;
}

const CAP_BREACHES = new Set(['attempts-per-number-cap', 'effective-calls-cap']);

/** Sums stored counts (already limited to the scope's units and the range) into the dashboard's report. */
export function summarize(counts: readonly CountDocument[], range: { from: string; to: string; groupBy: GroupBy; orgUnit: string }): ComplianceReport {
  const empty = () => ({ checks: 0, blocked: 0, requireConsent: 0, activities: 0, quietHourBreaches: 0, capBreaches: 0, findings: 0 });
  const series = new Map<string, CompliancePeriod>(periodsOf(range.from, range.to, range.groupBy).map((period) => [period.period, { ...period, ...empty() }]));
  const totals = empty();
  const tables = {
    blocked: new Map<string, number>(),
    consent: new Map(),
    breach: new Map(),
    tag: new Map(),
    severity: new Map(),
    team: new Map(),
    agency: new Map(),
  };
  for (const count of counts) {
    if (count.day < range.from || count.day > range.to) continue;
    const period = series.get(periodOf(count.day, range.groupBy))!;
    for (const field of seriesFields(count)) {
      period[field] += count.count;
      totals[field] += count.count;
    }
    if (count.kind in tables) {
      const table = tables[count.kind as keyof typeof tables] as Map<string, number>;
      table.set(count.key, (table.get(count.key) ?? 0) + count.count);
    }
  }
  return {
    from: range.from,
    to: range.to,
    groupBy: range.groupBy,
    orgUnit: range.orgUnit,
    totals,
    blockedByReason: rows(tables.blocked),
    requireConsentByReason: rows(tables.consent),
    breachesByKind: rows(tables.breach),
    findingsByTag: rows(tables.tag),
    findingsBySeverity: rows(tables.severity),
    findingsByTeam: rows(tables.team),
    findingsByAgency: rows(tables.agency),
    series: [...series.values()],
  };
}

type SeriesField = Exclude<keyof CompliancePeriod, 'period' | 'start' | 'end'>;

/** The series fields one stored count adds to. */
function seriesFields(count: CountDocument): SeriesField[] {
  switch (count.kind) {
    case 'check':
      return count.key === 'block' ? ['checks', 'blocked'] : count.key === 'require-consent' ? ['checks', 'requireConsent'] : ['checks'];
    case 'activity':
      return ['activities'];
    case 'breach':
      return count.key === 'quiet-hours' ? ['quietHourBreaches'] : CAP_BREACHES.has(count.key) ? ['capBreaches'] : [];
    case 'finding':
      return ['findings'];
    default:
      return [];
  }
}

/** Largest first, then by key; the "names none" key comes back as null. */
function rows(table: Map<string, number>): ComplianceCount[] {
  return [...table]
    .filter(([, count]) => count > 0)
    .sort(([keyA, a], [keyB, b]) => b - a || keyA.localeCompare(keyB))
    .map(([key, count]) => ({ key: key === NONE ? null : key, count }));
}
