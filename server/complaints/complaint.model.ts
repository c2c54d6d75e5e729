import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type {
  ComplaintAttribution,
  ComplaintChannel,
  ComplaintComplexity,
  ComplaintRootCauseCode,
  ComplaintStatus,
  ComplaintSubject,
} from '../generated/schema-types';
import type { HistoryEntry } from '../store/revisioned-records';

interface Step {
  note: string;
  references: string[];
  by: string;
  at: Date;
}

/**
 * A complaint (Arts 25-31). `_id` is its number, TS-<unit>-<yyyymm>-<seq>. The dates the
 * complaint.handling rules and the monthly statistics read are plain fields (receivedOn,
 * acceptedOn, decidedOn, extendedUntil, closedOn as YYYY-MM-DD; receivedMonth as YYYY-MM), so
 * those readers need no history walk. The complainant is here masked only; the values are sealed
 * in complaint_complainants (complainants.ts).
 */
export interface ComplaintRecord {
  _id: string;
  orgUnit: string;
  status: ComplaintStatus;
  channel: ComplaintChannel;
  receivedAt: Date;
  receivedOn: string;
  receivedMonth: string;
  complainant: { nameMasked: string; contactMasked: string[] };
  subject: ComplaintSubject;
  summary: string;
  complexity: ComplaintComplexity;
  acceptance: Step | null;
  rejection: { reasons: string[]; by: string; at: Date } | null;
  acceptedOn: string | null;
  investigation: Step | null;
  decision: { outcome: string; responsibility: ComplaintAttribution[]; note: string; by: string; at: Date } | null;
  decidedOn: string | null;
  extension: { until: string; reason: string; by: string; at: Date } | null;
  extendedUntil: string | null;
  mediation: { mediator: string; startedOn: string; result: string | null; note: string | null; by: string } | null;
  feedback: { givenOn: string; channel: ComplaintChannel; note: string | null; by: string } | null;
  callback: { calledOn: string; result: string; note: string | null; by: string } | null;
  rootCause: { code: ComplaintRootCauseCode; text: string; by: string } | null;
  review: { outcome: 'closed' | 'rework'; missing: string[]; by: string; at: Date; note: string | null } | null;
  closedOn: string | null;
  /** The nearest open deadline, written by the complaint.handling run; null until then. The deadline queue's key. */
  nextDeadline: string | null;
  /**
   * The deadline queue's sort key: nextDeadline, or NO_DEADLINE when there is none, so complaints
   * without a deadline come last and the queue needs no range filter (a range on the sort key keeps
   * the local database from walking the index in order). Whoever sets nextDeadline sets this too.
   */
  deadlineOrder: string;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const NO_DEADLINE = '9999-12-31';

export const COMPLAINTS = 'complaints';
export const COMPLAINT_HISTORY = 'complaint_history';

export async function complaintCollections(connection: Connection): Promise<{ complaints: Collection<ComplaintRecord>; history: Collection<HistoryEntry> }> {
  const complaints = connection.db!.collection<ComplaintRecord>(COMPLAINTS);
  const history = connection.db!.collection<HistoryEntry>(COMPLAINT_HISTORY);
  // The queue by time received: a branch's (its units) and HQ's (everything), newest first, ties by number.
  await complaints.createIndex({ orgUnit: 1, receivedAt: -1, _id: -1 });
  await complaints.createIndex({ receivedAt: -1, _id: -1 });
  await complaints.createIndex({ status: 1, orgUnit: 1, receivedAt: -1, _id: -1 });
  await complaints.createIndex({ status: 1, receivedAt: -1, _id: -1 });
  // The queue by deadline, nearest first.
  await complaints.createIndex({ orgUnit: 1, deadlineOrder: 1, _id: 1 });
  await complaints.createIndex({ deadlineOrder: 1, _id: 1 });
  await complaints.createIndex({ status: 1, orgUnit: 1, deadlineOrder: 1, _id: 1 });
  await complaints.createIndex({ status: 1, deadlineOrder: 1, _id: 1 });
  // The monthly statistics: by unit and month received, and by month and subject.
  await complaints.createIndex({ orgUnit: 1, receivedMonth: 1 });
  await complaints.createIndex({ receivedMonth: 1, 'subject.kind': 1 });
  // The agency scorecards: complaints about an agency per month.
  await complaints.createIndex({ 'subject.agencyId': 1, receivedMonth: 1 });
  // The channel partners' quarterly reviews: complaints naming a partner per month (server/partners/review-figures.ts).
  await complaints.createIndex({ 'subject.partnerId': 1, receivedMonth: 1 });
  // A partner's file lists the complaints naming it, newest first.
  await complaints.createIndex({ 'subject.partnerId': 1, receivedAt: -1, _id: -1 });
  await history.createIndex({ subjectId: 1, revision: 1 });
  return { complaints, history };
}
