import type {
  PartnerConfirmRequest,
  PartnerCreateRequest,
  PartnerDetail,
  PartnerIdParams,
  PartnerList,
  PartnerLoanList,
  PartnerLoanQuery,
  PartnerQuery,
  PartnerReview,
  PartnerReviewRequest,
  PartnerUpdateRequest,
  PartnerViolationDetail,
  PartnerViolationIdParams,
  PartnerViolationRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { PartnersService } from './partners.service';
import { lastQuarterEnd } from './review-outcome';
import type { PartnerReviews } from './reviews.service';

const TAG = 'partners';
const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const MAKERS = { roles: ['policy-owner', 'branch-operator'] as const };
const PARAMS = 'partners/partner-id-params';
const DETAIL = {
  200: { description: "The partner's file: the partner, its history, violations and reviews", schema: 'partners/partner-detail' },
  404: { description: 'No such partner in your scope' },
};
const VIOLATION = {
  200: { description: 'The violation with its penalty and history', schema: 'partners/partner-violation-detail' },
  404: { description: 'No such violation in your scope' },
};

export function registerPartnerRoutes(routes: RouteRegistry, partners: PartnersService, reviews: PartnerReviews): void {
  routes.add<never, PartnerQuery>({
    method: 'get',
    path: '/partners',
    tag: TAG,
    auth: READERS,
    query: 'partners/partner-query',
    summary: 'The channel partner register (Art. 5) of your org unit and below, newest change first',
    responses: { 200: { description: 'Partners', schema: 'partners/partner-list' } },
    handler: ({ principal, query }): Promise<PartnerList> => partners.list(principal, query),
  });
  routes.add<PartnerCreateRequest>({
    method: 'post',
    path: '/partners',
    tag: TAG,
    auth: MAKERS,
    body: 'partners/partner-create-request',
    summary:
      'Register a channel partner: credit code, name, org unit, the loan channel codes it brings business under (one partner per code), the agreement with its penalty clauses; audited',
    responses: {
      201: { description: "The partner's file", schema: 'partners/partner-detail' },
      403: { description: 'orgUnit outside your scope' },
      409: { description: 'Registered already (partner_registered), or a channel code held by another partner (channel_taken)' },
    },
    handler: ({ principal, body }): Promise<PartnerDetail> => partners.register(principal, body),
  });
  routes.add<unknown, unknown, PartnerIdParams>({
    method: 'get',
    path: '/partners/:partnerId',
    tag: TAG,
    auth: READERS,
    params: PARAMS,
    summary: "A partner's file: agreement, history, violations with penalties, reviews",
    responses: DETAIL,
    handler: ({ principal, params }): Promise<PartnerDetail> => partners.detail(principal, params.partnerId),
  });
  routes.add<PartnerUpdateRequest, unknown, PartnerIdParams>({
    method: 'put',
    path: '/partners/:partnerId',
    tag: TAG,
    auth: MAKERS,
    params: PARAMS,
    body: 'partners/partner-update-request',
    summary: 'Edit a partner against the revision read: name, channel codes, agreement, status; kept in the history, audited',
    responses: { ...DETAIL, 409: { description: 'Stale revision (stale_version), or a channel code held by another partner (channel_taken)' } },
    handler: ({ principal, params, body }): Promise<PartnerDetail> => partners.update(principal, params.partnerId, body),
  });
  routes.add<never, PartnerLoanQuery, PartnerIdParams>({
    method: 'get',
    path: '/partners/:partnerId/loans',
    tag: TAG,
    auth: READERS,
    params: PARAMS,
    query: 'partners/partner-loan-query',
    summary: 'The loans the partner brought (their channel is one of its codes), newest loan id first; personal data masked',
    responses: { 200: { description: 'Loans', schema: 'partners/partner-loan-list' }, 404: { description: 'No such partner in your scope' } },
    handler: ({ principal, params, query }): Promise<PartnerLoanList> => partners.loansOf(principal, params.partnerId, query),
  });
  routes.add<PartnerViolationRequest, unknown, PartnerIdParams>({
    method: 'post',
    path: '/partners/:partnerId/violations',
    tag: TAG,
    auth: MAKERS,
    params: PARAMS,
    body: 'partners/partner-violation-request',
    summary:
      "Record a violation of Art. 5's four types with evidence, the day and the loans concerned; the agreement's penalty is computed and proposed; publishes partner.violation-recorded",
    responses: {
      201: { description: 'The violation', schema: 'partners/partner-violation-detail' },
      404: { description: 'No such partner in your scope' },
      422: { description: 'A loan the partner did not bring (loan_not_of_partner)' },
    },
    handler: ({ principal, params, body }): Promise<PartnerViolationDetail> => partners.recordViolation(principal, params.partnerId, body),
  });
  routes.add<PartnerReviewRequest, unknown, PartnerIdParams>({
    method: 'post',
    path: '/partners/:partnerId/reviews',
    tag: TAG,
    auth: MAKERS,
    params: PARAMS,
    body: 'partners/partner-review-request',
    summary:
      'Review the partner now for a quarter (default the last one ended): figures, partner.review decision logged, a task when the outcome is not continue',
    responses: { 200: { description: 'The review', schema: 'partners/partner-review' }, 404: { description: 'No such partner in your scope' } },
    handler: async ({ principal, params, body }): Promise<PartnerReview> =>
      reviews.reviewOne(principal, await partners.visible(principal, params.partnerId), body.month ?? lastQuarterEnd(new Date())),
  });
  routes.add<unknown, unknown, PartnerViolationIdParams>({
    method: 'get',
    path: '/partner-violations/:violationId',
    tag: TAG,
    auth: READERS,
    params: 'partners/partner-violation-id-params',
    summary: 'A violation with its penalty and history',
    responses: VIOLATION,
    handler: ({ principal, params }): Promise<PartnerViolationDetail> => partners.violation(principal, params.violationId),
  });
  routes.add<PartnerConfirmRequest, unknown, PartnerViolationIdParams>({
    method: 'post',
    path: '/partner-violations/:violationId/confirm',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'partners/partner-violation-id-params',
    body: 'partners/partner-confirm-request',
    summary: 'Confirm the proposed penalty (an approver who did not propose it: maker_checker); audited; publishes partner.penalty-confirmed',
    responses: {
      ...VIOLATION,
      403: { description: 'You proposed it (maker_checker), or not an approver' },
      409: { description: 'Stale revision (stale_version), or confirmed already (invalid_state)' },
    },
    handler: ({ principal, params, body }): Promise<PartnerViolationDetail> => partners.confirmPenalty(principal, params.violationId, body),
  });
}
