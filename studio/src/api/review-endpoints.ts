import { api } from './client';
import type { AuditList, DelegationState, GrantList, OverlayList } from './types';

/** The calls the approver's inbox makes: existing list routes with their state filters. */
export const reviewEndpoints = {
  grantsIn: (state: DelegationState) => api<GrantList>('GET', `/authority/grants?state=${state}`),
  overlaysIn: (state: DelegationState) => api<OverlayList>('GET', `/authority/overlays?state=${state}`),
  /** The submissions of one grant's or overlay's versions, with their reasons (the submitter's notes). */
  submissions: (kind: 'grant' | 'overlay', orgUnit: string, ruleSetKey: string) =>
    api<AuditList>('GET', `/audit?entityKind=${kind}&action=submit&entityId=${encodeURIComponent(`${orgUnit}/${ruleSetKey}`)}&limit=50`),
};
