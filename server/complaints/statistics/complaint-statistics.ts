import type { ComplaintStatistics } from '../../generated/schema-types';
import { dayFromDate } from '../../ground/calendar';
import type { ComplaintRecord } from '../complaint.model';

export type StatisticsComplaint = Pick<ComplaintRecord, '_id' | 'orgUnit' | 'status' | 'receivedOn' | 'receivedMonth' | 'closedOn'> & {
  subject: Pick<ComplaintRecord['subject'], 'kind'>;
  rootCause: { code: string } | null;
  rejection: unknown;
};

/** A month's complaint figures for a unit and those below it (schemas/complaints/complaint-statistics.json). */
export type ComplaintFigures = ComplaintStatistics;
export type UnitComplaintFigures = ComplaintStatistics['byOrgUnit'][number];

const round = (value: number) => Math.round(value * 100) / 100;
const rate = (count: number, obligors: number) => (obligors > 0 ? round((count * 10_000) / obligors) : null);

/** The nearest-rank percentile of sorted values (p in 0..1); null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * The month's complaint figures (Art. 6 report, Arts 24-31): complaints received in the month, by
 * subject, root cause and unit, per 10,000 obligors in force at the month end; those closed in the
 * month and the calendar days from receipt to closure (median, p90, nearest rank); those rejected
 * (not accepted) among the month's. Pure. `received`: the complaints received in the month; `closed`: those
 * closed in the month (whatever month they were received).
 */
export function complaintFigures(input: {
  month: string;
  monthEnd: string;
  received: readonly StatisticsComplaint[];
  closed: readonly StatisticsComplaint[];
  obligorsByUnit: ReadonlyMap<string, number>;
  units: readonly string[];
}): ComplaintFigures {
  const count = <K extends string>(values: readonly K[]) =>
    values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
  const obligors = input.units.reduce((sum, unit) => sum + (input.obligorsByUnit.get(unit) ?? 0), 0);
  const byUnit = count(input.received.map((complaint) => complaint.orgUnit));
  const days = input.closed.map((complaint) => dayFromDate(complaint.closedOn!) - dayFromDate(complaint.receivedOn)).sort((a, b) => a - b);
  return {
    month: input.month,
    received: input.received.length,
    closed: input.closed.length,
    rejected: input.received.filter((complaint) => complaint.rejection).length,
    obligors,
    perTenThousandObligors: rate(input.received.length, obligors),
    bySubject: count(input.received.map((complaint) => complaint.subject.kind)),
    byRootCause: count(input.received.filter((complaint) => complaint.rootCause).map((complaint) => complaint.rootCause!.code)),
    byOrgUnit: input.units
      .filter((unit) => (byUnit[unit] ?? 0) > 0 || (input.obligorsByUnit.get(unit) ?? 0) > 0)
      .map((orgUnit) => {
        const unitObligors = input.obligorsByUnit.get(orgUnit) ?? 0;
        return { orgUnit, received: byUnit[orgUnit] ?? 0, obligors: unitObligors, perTenThousandObligors: rate(byUnit[orgUnit] ?? 0, unitObligors) };
      }),
    daysToClose: { closed: days.length, median: percentile(days, 0.5), p90: percentile(days, 0.9) },
  };
}
