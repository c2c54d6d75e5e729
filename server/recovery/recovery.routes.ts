import type { RouteRegistry } from '../http/routes';
import type { Principal } from '../identity/principal';
import type { HandlingRequest, ListQuery, RecoveryWork } from './recovery-work.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const WORKERS = { roles: ['branch-operator'] as const };
const APPROVERS = { roles: ['approver'] as const };
const NOT_FOUND = { 404: { description: 'No such recovery case in your scope' } };
const DETAIL = { description: 'The case with its history and ledger', schema: 'recovery/recovery-case-detail' };
const CHANGE = { 200: DETAIL, ...NOT_FOUND, 409: { description: 'Stale revision (stale_version)' } };
const BOOKING = { ...CHANGE, 422: { description: 'More than is outstanding on a component (recovery_exceeds_due), a detail per component' } };

type Params = { caseId: string };
type WriteOffParams = Params & { writeOffId: string };
type Amounts = { indemnity?: number; penalty?: number; costs?: number };

/** The recovery cases and their ledger (Arts 2(5), 17, 19-23) under /recovery. */
export function registerRecoveryRoutes(routes: RouteRegistry, work: RecoveryWork, reconcile: (principal: Principal, month: string) => Promise<unknown>): void {
  routes.add<never, ListQuery>({
    method: 'get',
    path: '/recovery/cases',
    tag: 'recovery',
    auth: READERS,
    query: 'recovery/recovery-case-query',
    summary: 'Recovery cases (one per paid claim) in your org unit and below, newest change first; filter by status and unit',
    responses: { 200: { description: 'Cases', schema: 'recovery/recovery-case-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }) => work.list(principal, query),
  });
  routes.add<never, { month: string }>({
    method: 'get',
    path: '/recovery/reconciliation',
    tag: 'recovery',
    auth: READERS,
    query: 'recovery/recovery-reconciliation-query',
    summary: "A month's recoveries in the ledgers against the book's recovery records the loss rate counts, listing every difference",
    responses: { 200: { description: 'The reconciliation', schema: 'recovery/recovery-reconciliation' } },
    handler: ({ principal, query }) => reconcile(principal, query.month),
  });
  routes.add<unknown, unknown, Params>({
    method: 'get',
    path: '/recovery/cases/:caseId',
    tag: 'recovery',
    auth: READERS,
    params: 'recovery/recovery-case-id-params',
    summary: 'A recovery case: amounts due, recovered, written off and the receivable by component, its history and its ledger',
    responses: { 200: DETAIL, ...NOT_FOUND },
    handler: ({ principal, params }) => work.detail(principal, params.caseId),
  });
  routes.add<{ revision: number; penalty: number; costs: number; reason: string }, unknown, Params>({
    method: 'put',
    path: '/recovery/cases/:caseId/amounts-due',
    tag: 'recovery',
    auth: WORKERS,
    params: 'recovery/recovery-case-id-params',
    body: 'recovery/recovery-amounts-due-request',
    summary: 'The penalty (违约金) and costs the obligor owes (Art. 2(5)); the indemnity is the claim paid. A ledger movement and a history entry',
    responses: { ...CHANGE, 400: { description: 'A component below what is already recovered and written off on it' } },
    handler: ({ principal, params, body }) => work.setAmountsDue(principal, params.caseId, body),
  });
  routes.add<HandlingRequest, unknown, Params>({
    method: 'put',
    path: '/recovery/cases/:caseId/handling',
    tag: 'recovery',
    auth: WORKERS,
    params: 'recovery/recovery-case-id-params',
    body: 'recovery/recovery-handling-request',
    summary: 'Basis (statutory or assignment), handler, legal action, litigation status, collateral and pre-litigation preservation (诉前保全)',
    responses: CHANGE,
    handler: ({ principal, params, body }) => work.setHandling(principal, params.caseId, body),
  });
  routes.add<{ revision: number; receivedOn: string; amounts: Amounts; note?: string }, unknown, Params>({
    method: 'post',
    path: '/recovery/cases/:caseId/recoveries',
    tag: 'recovery',
    auth: WORKERS,
    params: 'recovery/recovery-case-id-params',
    body: 'recovery/recovery-booking-request',
    summary: "A recovery received, by component, into the ledger and the book's recovery records (the loss rate); audited; recovery.booked",
    responses: BOOKING,
    handler: ({ principal, params, body }) => work.bookRecovery(principal, params.caseId, body),
  });
  routes.add<{ revision: number; amounts: Amounts; reason: string }, unknown, Params>({
    method: 'post',
    path: '/recovery/cases/:caseId/write-offs',
    tag: 'recovery',
    auth: WORKERS,
    params: 'recovery/recovery-case-id-params',
    body: 'recovery/recovery-write-off-request',
    summary: 'Propose a write-off by component; it books when an approver who is another person approves it',
    responses: BOOKING,
    handler: ({ principal, params, body }) => work.proposeWriteOff(principal, params.caseId, body),
  });
  for (const action of ['approve', 'reject'] as const)
    routes.add<{ revision: number; reason?: string }, unknown, WriteOffParams>({
      method: 'post',
      path: `/recovery/cases/:caseId/write-offs/:writeOffId/${action}`,
      tag: 'recovery',
      auth: APPROVERS,
      params: 'recovery/recovery-write-off-params',
      body: 'recovery/recovery-write-off-decision-request',
      summary: `${action === 'approve' ? 'Approve (books it; audited)' : 'Reject'} a proposed write-off: not by its proposer (maker_checker)`,
      responses: { ...BOOKING, 403: { description: 'The proposer, or an account they control (maker_checker)' } },
      handler: ({ principal, params, body }) => work.decideWriteOff(principal, params.caseId, params.writeOffId, action, body),
    });
}
