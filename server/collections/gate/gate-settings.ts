import { createHmac } from 'node:crypto';

/** The collection gate's settings (README, configuration; docs/collection-gate.md). */
export interface CollectionGateSettings {
  /**
   * Keys the hash of contacted numbers (COLLECTION_NUMBER_SECRET). Without it, a key derived from
   * SESSION_SECRET, whose development default production refuses; set it to rotate SESSION_SECRET
   * without changing every number's hash (the counters are keyed by it).
   */
  numberSecret: string;
  /** How far in the future an activity or a check may be, for clocks that differ (COLLECTION_CLOCK_SKEW_SECONDS). */
  clockSkewMs: number;
  /** How long a reserved slot is held when the activity is not recorded (COLLECTION_RESERVATION_MINUTES). */
  reservationMs: number;
  /**
   * Agencies whose status is not `active` (COLLECTION_AGENCY_STATUSES, `AG-1=suspended,AG-2=terminated`),
   * until the vendor register holds them: every other agency is active, internal actors are `none`.
   */
  agencyStatuses: Map<string, 'active' | 'suspended' | 'terminated'>;
  /** Days after a promised date a payment still keeps the promise (COLLECTION_PROMISE_GRACE_DAYS; docs/collection-conduct.md). */
  promiseGraceDays: number;
}

export function loadCollectionGateSettings(
  environment: NodeJS.ProcessEnv,
  production: boolean,
  sessionSecret: string,
  problems: string[],
): CollectionGateSettings {
  const own = environment.COLLECTION_NUMBER_SECRET?.trim();
  if (own && production && own.length < 32) problems.push('COLLECTION_NUMBER_SECRET must be at least 32 characters in production');
  // Derived rather than the session secret itself, so a leaked number key tells nothing about session tokens.
  const numberSecret = own || createHmac('sha256', sessionSecret).update('collection-number-secret').digest('base64url');
  const agencyStatuses = new Map<string, 'active' | 'suspended' | 'terminated'>();
  for (const entry of (environment.COLLECTION_AGENCY_STATUSES ?? '').split(',').map((item) => item.trim())) {
    if (entry === '') continue;
    const [agency, status] = entry.split('=').map((part) => part.trim());
    if (!agency || (status !== 'active' && status !== 'suspended' && status !== 'terminated'))
      problems.push(`COLLECTION_AGENCY_STATUSES: "${entry.slice(0, 60)}" is not agency=active|suspended|terminated`);
    else agencyStatuses.set(agency, status);
  }
  return {
    numberSecret,
    clockSkewMs: integer(environment.COLLECTION_CLOCK_SKEW_SECONDS ?? '300', 'COLLECTION_CLOCK_SKEW_SECONDS', problems, 0, 3_600) * 1000,
    reservationMs: integer(environment.COLLECTION_RESERVATION_MINUTES ?? '10', 'COLLECTION_RESERVATION_MINUTES', problems, 1, 240) * 60_000,
    agencyStatuses,
    promiseGraceDays: integer(environment.COLLECTION_PROMISE_GRACE_DAYS ?? '3', 'COLLECTION_PROMISE_GRACE_DAYS', problems, 0, 60),
  };
}

function integer(raw: string, name: string, problems: string[], min: number, max: number): number {
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return min;
}
