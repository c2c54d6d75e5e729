import type { RouteRegistry } from '../../http/routes';
import { lookbackHtml } from './lookback.html';
import type { LookbackService } from './lookback.service';

// The look-back covers the whole book: readers at HQ (the service refuses others with 403 out_of_scope).
const READERS = { roles: ['policy-owner', 'approver', 'auditor', 'admin'] as const };
const HQ_ONLY = { 403: { description: 'Not at HQ (out_of_scope); approving: the preparer or an account they control (maker_checker)' } };
const NOT_FOUND = { 404: { description: 'No look-back for the quarter' } };
type Params = { quarter: string };

/** The quarterly recovery look-back (Arts 17-23) under /recovery/lookbacks. */
export function registerLookbackRoutes(routes: RouteRegistry, lookbacks: LookbackService): void {
  routes.add({
    method: 'get',
    path: '/recovery/lookbacks',
    tag: 'recovery',
    auth: READERS,
    summary: 'The stored quarterly recovery look-backs, newest quarter first, with their approval status',
    responses: { 200: { description: 'Look-backs', schema: 'recovery/lookback-list' }, ...HQ_ONLY },
    handler: ({ principal }) => lookbacks.list(principal),
  });
  routes.add<{ quarter: string }>({
    method: 'post',
    path: '/recovery/lookbacks',
    tag: 'recovery',
    auth: { roles: ['admin', 'policy-owner'] as const },
    body: 'recovery/lookback-request',
    summary: 'Prepare the look-back of a quarter that has ended now (HQ, on demand); prepared again while not approved, an approved one is final',
    responses: {
      200: { description: 'The look-back', schema: 'recovery/lookback' },
      400: { description: 'Not a quarter that has ended, or approved' },
      ...HQ_ONLY,
    },
    handler: ({ principal, body }) => lookbacks.prepareByRequest(principal, body.quarter),
  });
  routes.add<unknown, unknown, Params>({
    method: 'get',
    path: '/recovery/lookbacks/:quarter',
    tag: 'recovery',
    auth: READERS,
    params: 'recovery/lookback-quarter-params',
    summary: "A quarter's look-back: recovery rates by vintage, channel, branch and agency, cumulative curves, ageing, impairment movement, findings",
    responses: { 200: { description: 'The look-back', schema: 'recovery/lookback' }, ...HQ_ONLY, ...NOT_FOUND },
    handler: ({ principal, params }) => lookbacks.get(principal, params.quarter),
  });
  routes.add<unknown, unknown, Params>({
    method: 'get',
    path: '/recovery/lookbacks/:quarter/print',
    tag: 'recovery',
    auth: READERS,
    params: 'recovery/lookback-quarter-params',
    summary: 'The same look-back as a printable page (open it with the studio session, print to PDF)',
    responses: { 200: { description: 'A self-contained HTML page', contentType: 'text/html' }, ...HQ_ONLY, ...NOT_FOUND },
    handler: async ({ principal, params, response }) => {
      const lookback = await lookbacks.get(principal, params.quarter);
      response.type('html').setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      response.send(lookbackHtml(lookback));
    },
  });
  routes.add<{ revision: number; note?: string }, unknown, Params>({
    method: 'post',
    path: '/recovery/lookbacks/:quarter/approve',
    tag: 'recovery',
    auth: { roles: ['approver'] as const },
    params: 'recovery/lookback-quarter-params',
    body: 'recovery/lookback-approval-request',
    summary: 'Approve a prepared look-back (not by who prepared it: maker_checker); final; audited; recovery.lookback-ready',
    responses: {
      200: { description: 'The approved look-back', schema: 'recovery/lookback' },
      ...HQ_ONLY,
      ...NOT_FOUND,
      409: { description: 'Stale revision (stale_version), or already approved (invalid_state)' },
    },
    handler: ({ principal, params, body }) => lookbacks.approve(principal, params.quarter, body),
  });
}
