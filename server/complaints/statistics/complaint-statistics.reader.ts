import type { Connection } from '../../store/connection';
import { complaintCollections } from '../complaint.model';
import { complaintFigures, type ComplaintFigures, type StatisticsComplaint } from './complaint-statistics';

const FIELDS = { _id: 1, orgUnit: 1, status: 1, receivedOn: 1, receivedMonth: 1, closedOn: 1, 'subject.kind': 1, rootCause: 1, rejection: 1 } as const;

/** What the monthly report asks: a month's complaint figures for some units, with the obligors in force per unit at the month end. */
export interface MonthlyComplaints {
  figures(month: string, monthEnd: string, units: readonly string[], obligorsByUnit: () => Promise<ReadonlyMap<string, number>>): Promise<ComplaintFigures>;
}

/**
 * The month's complaints by declared indexes: received in the month by { orgUnit, receivedMonth }
 * (one equality read per unit), closed by status (then the month's closures by their day).
 */
export async function monthlyComplaintsReader(connection: Connection): Promise<MonthlyComplaints> {
  const { complaints } = await complaintCollections(connection);
  return {
    async figures(month, monthEnd, units, obligorsByUnit) {
      const received = (await complaints
        .find({ orgUnit: { $in: [...units] }, receivedMonth: month }, { projection: FIELDS })
        .toArray()) as unknown as StatisticsComplaint[];
      const unitSet = new Set(units);
      const closed = ((await complaints.find({ status: 'closed' }, { projection: FIELDS }).toArray()) as unknown as StatisticsComplaint[]).filter(
        (complaint) => unitSet.has(complaint.orgUnit) && complaint.closedOn !== null && complaint.closedOn.slice(0, 7) === month,
      );
      return complaintFigures({ month, monthEnd, received, closed, obligorsByUnit: await obligorsByUnit(), units });
    },
  };
}
