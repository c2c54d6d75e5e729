import type { PrincipalView } from '../api/types';

/** Mirrors the server (docs/bureau.md): HQ's admins and policy owners run the reporting; every staff role reads. The server has the last word. */
export const bureauAccess = {
  run: (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.some((role) => role === 'admin' || role === 'policy-owner'),
  read: (me: PrincipalView) => me.roles.some((role) => role !== 'integration'),
};
