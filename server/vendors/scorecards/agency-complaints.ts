/**
 * What the scorecard's complaints component reads of the complaints (server/complaints): how many
 * complaints about an agency were received in the month, those not accepted (rejected with reasons,
 * Art. 25) left out. Without the reader (complaints not wired) the component stays unknown.
 */
export interface AgencyComplaints {
  count(agencyId: string, month: string): Promise<number>;
}
