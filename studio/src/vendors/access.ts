import type { PrincipalView } from '../api/types';

/**
 * Mirrors the register's access (docs/vendors.md) so the studio offers only what the server allows:
 * every staff role reads; HQ's policy owners and admins change it (makers); HQ's approvers decide
 * admission (checkers; admin does not stand in). The server has the last word.
 */
export const vendorAccess = {
  edit: (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.some((role) => role === 'admin' || role === 'policy-owner'),
  decide: (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.includes('approver'),
  read: (me: PrincipalView) => me.roles.some((role) => role !== 'integration'),
};

/** One item per non-empty line (evidence references). */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
