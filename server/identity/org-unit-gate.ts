import type { OrgScope } from '../authority/org-scope';
import type { Principal } from './principal';

/**
 * What identity needs from the org-unit tree (implemented by the authority module's
 * OrgUnitService): users and keys belong to units that exist, and admins manage only their scope.
 */
export interface OrgUnitGate extends OrgScope {
  /** Throws 403 outside the principal's scope, 422 for an unknown or deactivated unit. */
  assertAssignable(unit: string, principal: Pick<Principal, 'orgUnit'>, path: string): Promise<void>;
  inScope(principal: Pick<Principal, 'orgUnit'>, unit: string): Promise<boolean>;
}
