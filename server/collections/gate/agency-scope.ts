import { UnprocessableError } from '../../http/errors';
import type { ActivityActor } from '../../generated/schema-types';

/** The register's answer about an agency's work status (server/vendors/agency-status.ts). */
export type AgencyWorkStatus = 'active' | 'suspended' | 'terminated' | 'unknown';

/**
 * What collection asks of the vendors module: an agency's status in the register (the gate's
 * vendorStatus) and which obligors have an open case placed with an agency (an agency key's scope).
 * The gate is built before the register, so the app binds the vendors' answers here afterwards.
 */
export interface AgencyScope {
  agencyStatus(agencyId: string): Promise<AgencyWorkStatus>;
  placedObligors(agencyId: string, obligorIds: readonly string[]): Promise<Set<string>>;
}

export class LateAgencyScope implements AgencyScope {
  private target?: AgencyScope;

  bind(target: AgencyScope): void {
    this.target = target;
  }

  agencyStatus(agencyId: string): Promise<AgencyWorkStatus> {
    return this.target ? this.target.agencyStatus(agencyId) : Promise.resolve('unknown');
  }

  placedObligors(agencyId: string, obligorIds: readonly string[]): Promise<Set<string>> {
    return this.target ? this.target.placedObligors(agencyId, obligorIds) : Promise.resolve(new Set());
  }
}

/** The problem when an agency key names another actor than its agency (it acts only as that agency), else undefined. */
export function agencyActorProblem(actor: ActivityActor, agencyId: string): string | undefined {
  if (actor.type === 'agency' && actor.agencyId === agencyId) return undefined;
  return `must be { "type": "agency", "agencyId": "${agencyId}" }: this API key acts for agency ${agencyId} only`;
}

export function assertAgencyActor(actor: ActivityActor, agencyId: string, path: string): void {
  const problem = agencyActorProblem(actor, agencyId);
  if (problem) throw new UnprocessableError('agency_key_actor', 'An agency’s API key acts only as that agency', [{ path, message: problem }]);
}

/**
 * The gate's vendorStatus of an agency actor: the register's status when it knows the agency
 * (active, suspended, terminated); for an agency it does not hold as admitted or later, the
 * COLLECTION_AGENCY_STATUSES setting, else active (integrations that predate the register).
 */
export function vendorStatusOf(registered: AgencyWorkStatus | undefined, configured: string | undefined): string {
  if (registered && registered !== 'unknown') return registered;
  return configured ?? 'active';
}
