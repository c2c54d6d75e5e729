import type { PrincipalView } from '../api/types';

/** Mirrors the server (docs/backtesting.md): policy owners and approvers run backtests; they and auditors read them. */
export const backtestAccess = {
  read: (me: PrincipalView) => me.roles.some((role) => role === 'policy-owner' || role === 'approver' || role === 'auditor'),
  run: (me: PrincipalView) => me.roles.some((role) => role === 'policy-owner' || role === 'approver'),
};
