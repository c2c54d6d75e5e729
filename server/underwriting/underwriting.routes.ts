import type {
  UnderwritingBatchCheck,
  UnderwritingBatchCheckRequest,
  UnderwritingCheck,
  UnderwritingCheckParams,
  UnderwritingManualRequest,
  UnderwritingNoticeRequest,
  UnderwritingRecordDetail,
  UnderwritingRecordIdParams,
  UnderwritingRecordList,
  UnderwritingRecordQuery,
  UnderwritingRectificationRequest,
  UnderwritingRevisionRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { UnderwritingChecks } from './checks.service';
import type { UnderwritingService } from './underwriting.service';

const TAG = 'underwriting';
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const CHECKERS = { roles: ['integration', 'branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const DETAIL = {
  200: { description: 'The record with its history', schema: 'underwriting/underwriting-record-detail' },
  404: { description: 'No such record in your scope' },
};
const CHANGED = {
  ...DETAIL,
  409: { description: 'Stale revision (stale_version), or a step the record is not ready for (invalid_state)' },
};

export function registerUnderwritingRoutes(routes: RouteRegistry, records: UnderwritingService, checks: UnderwritingChecks): void {
  routes.add<unknown, unknown, UnderwritingCheckParams>({
    method: 'get',
    path: '/underwriting/checks/:obligorId',
    tag: TAG,
    auth: CHECKERS,
    scope: 'underwriting:check',
    params: 'underwriting/underwriting-check-params',
    // Underwriting systems ask it for every application (10 ms p99): also answered by the fast path in front of Express (server/http/fast-routes.ts).
    fast: true,
    summary:
      'Whether new business may be written for an obligor (Arts 4, 8): blocked or not, the current limit as a share of the original, and the reasons with source and dates (its own records and those of the segments it belongs to); logged as a decision',
    responses: {
      200: { description: 'The answer', schema: 'underwriting/underwriting-check' },
      404: { description: 'An obligor outside your scope (a branch: neither a record nor a loan of its units)' },
    },
    handler: ({ principal, params }): Promise<UnderwritingCheck> => checks.check(principal, params.obligorId),
  });
  routes.add<UnderwritingBatchCheckRequest>({
    method: 'post',
    path: '/underwriting/checks',
    tag: TAG,
    auth: CHECKERS,
    scope: 'underwriting:check',
    body: 'underwriting/underwriting-batch-check-request',
    summary: 'The underwriting check for up to 500 obligors at once, answered in the order asked; each answer logged as a decision',
    responses: { 200: { description: 'One answer per obligor', schema: 'underwriting/underwriting-batch-check' } },
    handler: async ({ principal, body }): Promise<UnderwritingBatchCheck> => ({ results: await checks.checkMany(principal, body.obligorIds) }),
  });
  routes.add<never, UnderwritingRecordQuery>({
    method: 'get',
    path: '/underwriting/records',
    tag: TAG,
    auth: READERS,
    query: 'underwriting/underwriting-record-query',
    summary: 'Block and limit records in your org unit and below, newest first; filter by obligor, segment, source and whether active',
    responses: { 200: { description: 'Records', schema: 'underwriting/underwriting-record-list' } },
    handler: ({ principal, query }): Promise<UnderwritingRecordList> => records.list(principal, query),
  });
  routes.add<unknown, unknown, UnderwritingRecordIdParams>({
    method: 'get',
    path: '/underwriting/records/:recordId',
    tag: TAG,
    auth: READERS,
    params: 'underwriting/underwriting-record-id-params',
    summary: 'A block or limit record with its full history',
    responses: DETAIL,
    handler: ({ principal, params }): Promise<UnderwritingRecordDetail> => records.detail(principal, params.recordId),
  });
  routes.add<UnderwritingNoticeRequest>({
    method: 'post',
    path: '/underwriting/notices',
    tag: TAG,
    auth: { roles: ['branch-operator', 'policy-owner'] },
    body: 'underwriting/underwriting-notice-request',
    summary:
      "Record a funder's notice that the obligor misused the loan purpose (Art. 4): the obligor is blocked from the notice date until a rectification is recorded and confirmed; publishes underwriting.blocked",
    responses: { 201: { description: 'The block', schema: 'underwriting/underwriting-record-detail' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, body }): Promise<UnderwritingRecordDetail> => records.notice(principal, body),
  });
  routes.add<UnderwritingManualRequest>({
    method: 'post',
    path: '/underwriting/records',
    tag: TAG,
    auth: { roles: ['policy-owner'] },
    body: 'underwriting/underwriting-manual-request',
    summary: 'A manual block or limit, per obligor or per segment; publishes underwriting.blocked or underwriting.limit-reduced',
    responses: { 201: { description: 'The record', schema: 'underwriting/underwriting-record-detail' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, body }): Promise<UnderwritingRecordDetail> => records.manual(principal, body),
  });
  routes.add<UnderwritingRectificationRequest, unknown, UnderwritingRecordIdParams>({
    method: 'post',
    path: '/underwriting/records/:recordId/rectification',
    tag: TAG,
    auth: { roles: ['branch-operator', 'policy-owner'] },
    params: 'underwriting/underwriting-record-id-params',
    body: 'underwriting/underwriting-rectification-request',
    summary: "Record the obligor's rectification of a funder-notice block (the maker); the block stands until an approver confirms it",
    responses: CHANGED,
    handler: ({ principal, params, body }): Promise<UnderwritingRecordDetail> => records.rectify(principal, params.recordId, body),
  });
  routes.add<UnderwritingRevisionRequest, unknown, UnderwritingRecordIdParams>({
    method: 'post',
    path: '/underwriting/records/:recordId/confirm',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'underwriting/underwriting-record-id-params',
    body: 'underwriting/underwriting-revision-request',
    summary: 'Confirm a recorded rectification (an approver other than the recorder): the block ends today; publishes underwriting.unblocked',
    responses: { ...CHANGED, 403: { description: 'Not an approver, or you recorded the rectification (maker_checker)' } },
    handler: ({ principal, params, body }): Promise<UnderwritingRecordDetail> => records.confirm(principal, params.recordId, body),
  });
  routes.add<UnderwritingRevisionRequest, unknown, UnderwritingRecordIdParams>({
    method: 'post',
    path: '/underwriting/records/:recordId/end',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'underwriting/underwriting-record-id-params',
    body: 'underwriting/underwriting-revision-request',
    summary: "End a measure's or a manual record today (a limit restored, a block lifted); a funder-notice block ends only through its rectification",
    responses: CHANGED,
    handler: ({ principal, params, body }): Promise<UnderwritingRecordDetail> => records.end(principal, params.recordId, body),
  });
}
