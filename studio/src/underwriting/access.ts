import type { PrincipalView } from '../api/types';

const has = (me: PrincipalView, roles: readonly string[]) => me.roles.some((role) => role === 'admin' || roles.includes(role));

/** Mirrors the routes (server/underwriting/underwriting.routes.ts); the server has the last word. */
export const underwritingAccess = {
  read: (me: PrincipalView) => has(me, ['branch-operator', 'policy-owner', 'approver', 'auditor']),
  recordNotice: (me: PrincipalView) => has(me, ['branch-operator', 'policy-owner']),
  approve: (me: PrincipalView) => has(me, ['approver']),
};
