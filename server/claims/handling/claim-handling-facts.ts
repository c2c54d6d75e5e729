import { dayFromDate } from '../../ground/calendar';

/**
 * What claim.handling reads of a claim case: the dates the workflow records (YYYY-MM-DD, or
 * null/absent until they happen) and the policy's own limits, copied onto the case at report.
 */
export interface ClaimHandlingRecord {
  caseId?: string;
  status: string;
  reportedOn?: string | null;
  reportCompleteOn?: string | null;
  complexity?: 'simple' | 'complex' | null;
  registeredOn?: string | null;
  agreedOn?: string | null;
  paidOn?: string | null;
  decisionLimitDays?: number | null;
  paymentLimitDays?: number | null;
  earlyIntervention?: boolean | null;
}

export type ClaimHandlingFacts = Record<string, unknown>;

/**
 * The claim.handling facts of a case on a day (schemas/rulesets/facts/claim-handling-facts.json).
 * Pure. A date the case lacks leaves its count absent, never 0: a rule on a clock that has not
 * started does not fire. A date after the day (a back-dated run) counts as 0 days, not negative.
 */
export function claimHandlingFacts(record: ClaimHandlingRecord, day: string): ClaimHandlingFacts {
  const facts: ClaimHandlingFacts = {};
  if (record.caseId !== undefined) facts.caseId = record.caseId;
  facts.asOf = day;
  facts.status = record.status;
  put(facts, 'daysSinceReport', daysSince(record.reportedOn, day));
  put(facts, 'daysSinceCompleteReport', daysSince(record.reportCompleteOn, day));
  put(facts, 'complexity', record.complexity ?? undefined);
  put(facts, 'contractDecisionLimitDays', record.decisionLimitDays ?? undefined);
  put(facts, 'contractPaymentLimitDays', record.paymentLimitDays ?? undefined);
  put(facts, 'daysSinceAgreement', daysSince(record.agreedOn, day));
  facts.earlyIntervention = record.earlyIntervention === true;
  return facts;
}

/** Whole calendar days from a date to the day, at least 0; undefined without a date. */
export function daysSince(date: string | null | undefined, day: string): number | undefined {
  if (date === null || date === undefined) return undefined;
  return Math.max(0, dayFromDate(day) - dayFromDate(date));
}

function put(facts: ClaimHandlingFacts, name: string, value: unknown): void {
  if (value !== undefined) facts[name] = value;
}
