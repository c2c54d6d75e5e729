import { dayFromDate } from '../../ground/calendar';
import { workingDaysBetween } from './working-days';

/**
 * What complaint.handling reads of a complaint: channel, subject, complexity, status and the dates
 * the workflow records (YYYY-MM-DD or an ISO moment, whose UTC day is used; null/absent until they
 * happen). Never the complainant's personal data (Art. 31).
 */
export interface ComplaintHandlingRecord {
  complaintId?: string;
  channel: string;
  subject: string;
  complexity?: 'simple' | 'complex' | null;
  status: string;
  receivedOn: string;
  acceptedOn?: string | null;
  /** The extended decision date, set when a complex complaint's limit was extended. */
  extendedUntil?: string | null;
  extended?: boolean | null;
}

/**
 * The complaint.handling facts of a complaint on a day (schemas/rulesets/facts/complaint-handling-facts.json).
 * Pure. A date the complaint lacks leaves its count absent; a date after the day counts as 0.
 */
export function complaintHandlingFacts(record: ComplaintHandlingRecord, day: string): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (record.complaintId !== undefined) facts.complaintId = record.complaintId;
  facts.asOf = day;
  facts.channel = record.channel;
  facts.subject = record.subject;
  if (record.complexity) facts.complexity = record.complexity;
  facts.status = record.status;
  const receivedOn = dateOf(record.receivedOn);
  facts.daysSinceReceived = Math.max(0, dayFromDate(day) - dayFromDate(receivedOn));
  facts.workingDaysSinceReceived = workingDaysBetween(receivedOn, day);
  if (record.acceptedOn) facts.daysSinceAccepted = Math.max(0, dayFromDate(day) - dayFromDate(dateOf(record.acceptedOn)));
  facts.extended = record.extended === true || Boolean(record.extendedUntil);
  return facts;
}

/** The calendar day of a date or an ISO moment (its first ten characters). */
export function dateOf(value: string): string {
  return value.slice(0, 10);
}
