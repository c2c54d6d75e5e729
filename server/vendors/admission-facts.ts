import type { CheckKind, CheckSubject } from '../generated/schema-types';
import { wholeMonthsBetween } from './agency-calendar';
import type { AgencyCheckRecord, AgencyRecord } from './agency.model';
import { registeredWithMarketRegulator } from './credit-code';

/** The six exclusion facts of vendor.admission, by whom the check is about and what it looks for. */
export const CHECK_FACTS: Record<CheckSubject, Record<CheckKind, string>> = {
  agency: { 'illegal-or-criminal': 'illegalOrCriminalRecord', blacklist: 'blacklisted', 'other-adverse': 'otherAdverseRecord' },
  'legal-representative': {
    'illegal-or-criminal': 'legalRepresentativeIllegalOrCriminalRecord',
    blacklist: 'legalRepresentativeBlacklisted',
    'other-adverse': 'legalRepresentativeOtherAdverseRecord',
  },
};

const SUBJECTS = Object.keys(CHECK_FACTS) as CheckSubject[];
const KINDS = Object.keys(CHECK_FACTS.agency) as CheckKind[];

/**
 * The check of each subject and kind in force on `asOf`: the latest checked on or before it, if it has
 * not expired. A subject and kind with none in force is absent, so its fact is not sent and the pack
 * rejects (fail closed).
 */
export function checksInForce(checks: readonly AgencyCheckRecord[], asOf: string): AgencyCheckRecord[] {
  const latest = new Map<string, AgencyCheckRecord>();
  for (const check of checks) {
    if (check.checkedOn > asOf) continue;
    const key = `${check.subject}|${check.kind}`;
    const current = latest.get(key);
    if (!current || check.checkedOn > current.checkedOn || (check.checkedOn === current.checkedOn && check.recordedAt >= current.recordedAt))
      latest.set(key, check);
  }
  return SUBJECTS.flatMap((subject) => KINDS.map((kind) => latest.get(`${subject}|${kind}`)))
    .filter((check): check is AgencyCheckRecord => check !== undefined)
    .filter((check) => check.expiresOn > asOf);
}

/**
 * The one mapping from the register to vendor.admission's facts (schemas/rulesets/facts/vendor-admission-facts.json),
 * as of the decision day. Pure.
 * - isLawFirm: the agency's kind.
 * - businessRegistered: its credit code names the market regulator as registration authority (first character 9).
 * - ownSecureSystem: it runs its own systems and gave at least one piece of security evidence.
 * - monthsInBusiness: whole months from the founding date to the decision day (24 on the same day two years on).
 * - the six exclusion facts: from the checks in force (found = true, clear = false; none in force = absent).
 */
export function admissionFacts(agency: AgencyRecord, asOf: string): { facts: Record<string, unknown>; checks: AgencyCheckRecord[] } {
  const checks = checksInForce(agency.checks, asOf);
  const facts: Record<string, unknown> = {
    vendorId: agency._id,
    isLawFirm: agency.kind === 'law-firm',
    businessRegistered: registeredWithMarketRegulator(agency._id),
    ownSecureSystem: agency.systems.ownSystems && agency.systems.securityEvidence.length > 0,
    phoneTeamSize: agency.phoneTeamSize,
    monthsInBusiness: wholeMonthsBetween(agency.foundedOn, asOf),
    bankCollectionExperienceMonths: agency.bankExperienceMonths,
  };
  for (const check of checks) facts[CHECK_FACTS[check.subject][check.kind]] = check.result === 'found';
  return { facts, checks };
}

/**
 * The first day the agency's checks stop being complete: the earliest expiry of the six in force, or
 * `asOf` itself when one of the six is missing. Null while no check at all is recorded (nothing to re-check).
 */
export function checksDueOn(checks: readonly AgencyCheckRecord[], asOf: string): string | null {
  if (checks.length === 0) return null;
  const inForce = checksInForce(checks, asOf);
  if (inForce.length < SUBJECTS.length * KINDS.length) return asOf;
  return inForce.map((check) => check.expiresOn).sort()[0]!;
}
