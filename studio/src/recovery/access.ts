import type { PrincipalView } from '../api/types';

/** Mirrors the server (docs/recovery.md): staff read their units' cases; operators book and request; approvers approve; HQ reads the look-back. The server has the last word. */
export const recoveryAccess = {
  read: (me: PrincipalView) => me.roles.some((role) => role !== 'integration'),
  work: (me: PrincipalView) => me.roles.some((role) => role === 'branch-operator' || role === 'admin'),
  approve: (me: PrincipalView) => me.roles.includes('approver'),
  lookbacks: (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.some((role) => role !== 'integration'),
};
