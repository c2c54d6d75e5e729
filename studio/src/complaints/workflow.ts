import type { PrincipalView } from '../api/types';
import type { ComplaintStatus } from '../../../server/generated/schema-types';

/**
 * The complaint workflow as the studio offers it: a mirror of server/complaints/complaint-transitions.ts (where each
 * action may start and who may take it), so the case file shows only the forms the state and the role allow. The
 * server has the last word (409 invalid_state, 403).
 */
export type ComplaintAction =
  'accept' | 'reject' | 'investigate' | 'extend' | 'decide' | 'mediate' | 'feedback' | 'callback' | 'root-cause' | 'submit' | 'review';

const OPEN_WORK: readonly ComplaintStatus[] = ['accepted', 'investigating', 'rework'];

export const ACTION_FROM: Record<ComplaintAction, readonly ComplaintStatus[]> = {
  accept: ['received'],
  reject: ['received'],
  investigate: ['accepted', 'rework'],
  extend: OPEN_WORK,
  decide: OPEN_WORK,
  mediate: ['decided', 'rework'],
  feedback: ['decided', 'rejected', 'rework'],
  callback: ['decided', 'rejected', 'rework'],
  'root-cause': ['accepted', 'investigating', 'decided', 'rework'],
  submit: ['decided', 'rejected', 'rework'],
  review: ['in-review'],
};

const ACTION_ROLE: Record<ComplaintAction, 'branch-operator' | 'approver'> = {
  accept: 'branch-operator',
  reject: 'branch-operator',
  investigate: 'branch-operator',
  extend: 'approver',
  decide: 'branch-operator',
  mediate: 'branch-operator',
  feedback: 'branch-operator',
  callback: 'branch-operator',
  'root-cause': 'branch-operator',
  submit: 'branch-operator',
  review: 'approver',
};

export const ACTION_ORDER: readonly ComplaintAction[] = Object.keys(ACTION_FROM) as ComplaintAction[];

const has = (me: PrincipalView, role: string) => me.roles.includes(role as PrincipalView['roles'][number]) || me.roles.includes('admin');

/** The actions the complaint's status and the user's roles allow, in workflow order. */
export function actionsFor(status: ComplaintStatus, me: PrincipalView): ComplaintAction[] {
  return ACTION_ORDER.filter((action) => ACTION_FROM[action].includes(status) && has(me, ACTION_ROLE[action]));
}

export const complaintAccess = {
  read: (me: PrincipalView) => me.roles.some((role) => ['branch-operator', 'policy-owner', 'approver', 'auditor', 'admin'].includes(role)),
  intake: (me: PrincipalView) => has(me, 'branch-operator'),
  /** Handlers open the complainant's contact for the feedback or the call-back (Art. 31; audited). */
  openContact: (me: PrincipalView) => me.roles.includes('branch-operator'),
  settings: (me: PrincipalView) => me.orgUnit === 'HQ' && me.roles.includes('admin'),
};
