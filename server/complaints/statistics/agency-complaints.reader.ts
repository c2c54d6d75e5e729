import type { Connection } from '../../store/connection';
import type { AgencyComplaints } from '../../vendors/scorecards/agency-complaints';
import { complaintCollections } from '../complaint.model';

/**
 * The agency scorecards' complaints (Art. 22(2)): complaints naming the agency (`subject.agencyId`)
 * received in the month, by the declared index { subject.agencyId, receivedMonth }; a complaint
 * rejected as not a complaint (Art. 25) does not count against the agency.
 */
export async function agencyComplaintsReader(connection: Connection): Promise<AgencyComplaints> {
  const { complaints } = await complaintCollections(connection);
  return {
    async count(agencyId, month) {
      const found = await complaints.find({ 'subject.agencyId': agencyId, receivedMonth: month }, { projection: { status: 1 } }).toArray();
      return found.filter((complaint) => complaint.status !== 'rejected').length;
    },
  };
}
