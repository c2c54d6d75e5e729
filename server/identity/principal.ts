import { ROLE_VALUES, type Role } from '../generated/schema-types';

/** The cookie that carries a user's session; http/ refuses cross-site requests that carry it. */
export const SESSION_COOKIE = 'pp_session';

/** The roles, in the order schemas/identity/role.json lists them (generated from its enum). */
export const ROLES = ROLE_VALUES;
export type { Role };

/** Who is making a request, however they authenticated. */
export interface Principal {
  kind: 'user' | 'integration';
  /** username for users, the key's name for integration keys */
  name: string;
  userId?: string;
  apiKeyId?: string;
  orgUnit: string;
  roles: Role[];
  via: 'session' | 'api-key';
  /** Integration keys may be limited to named rule sets and to evaluation only, and made strict about missing facts. */
  restrictions?: { ruleSetKeys?: string[]; evaluateOnly?: boolean; strictFacts?: boolean; scopes?: 'underwriting:check'[] };
  /** An integration key bound to an agency of the register: it checks, records and reads only the cases placed with it, as that agency. */
  agencyId?: string;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.length === 0 || principal.roles.some((role) => role === 'admin' || roles.includes(role));
}

/** How a principal is named in histories and the audit log: integrations are marked as such. */
export function actorName(principal: Pick<Principal, 'kind' | 'name'>): string {
  return principal.kind === 'integration' ? `integration:${principal.name}` : principal.name;
}
