import type { QaIdParams, QaItem, QaKpi, QaKpiQuery, QaList, QaQuery, QaReviewRequest, QaTakeRequest } from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { QaKpiService } from './qa-kpi.service';
import type { QaReviewService } from './qa-review.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
/** QA reviewers: a unit's collection staff (branch-operator) within its subtree, and HQ compliance (policy-owner). */
const REVIEWERS = { roles: ['branch-operator', 'policy-owner'] as const };
const ITEM = {
  200: { description: 'The sample', schema: 'collections/qa-item' },
  404: { description: 'No such sample in your scope' },
  409: { description: 'Stale revision (stale_version), or the sample was reviewed already (invalid_state)' },
};

export function registerQaRoutes(routes: RouteRegistry, reviews: QaReviewService, kpi: QaKpiService): void {
  routes.add<never, QaQuery>({
    method: 'get',
    path: '/collection/qa',
    tag: 'collection conduct',
    auth: READERS,
    query: 'collections/qa-query',
    summary:
      'The QA queue: sampled collection activities in your org unit and below, newest change first; filter by status, unit, team, agent, priority, assignee',
    responses: { 200: { description: 'Samples', schema: 'collections/qa-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<QaList> => reviews.list(principal, query),
  });
  routes.add<never, QaKpiQuery>({
    method: 'get',
    path: '/collection/qa/kpi',
    tag: 'collection conduct',
    auth: READERS,
    query: 'collections/qa-kpi-query',
    summary: 'The compliance score per team, agent or agency over whole months, ranked by the score (never by amount recovered), with its counts and weights',
    responses: { 200: { description: 'Scores', schema: 'collections/qa-kpi' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<QaKpi> => kpi.kpi(principal, query),
  });
  routes.add<unknown, unknown, QaIdParams>({
    method: 'get',
    path: '/collection/qa/:activityId',
    tag: 'collection conduct',
    auth: READERS,
    params: 'collections/qa-id-params',
    summary: 'A QA sample',
    responses: { 200: ITEM[200], 404: ITEM[404] },
    handler: ({ principal, params }): Promise<QaItem> => reviews.detail(principal, params.activityId),
  });
  routes.add<QaTakeRequest, unknown, QaIdParams>({
    method: 'post',
    path: '/collection/qa/:activityId/take',
    tag: 'collection conduct',
    auth: REVIEWERS,
    body: 'collections/qa-take-request',
    params: 'collections/qa-id-params',
    summary: 'Take a sample for review (or assign it to another reviewer)',
    responses: ITEM,
    handler: ({ principal, params, body }): Promise<QaItem> => reviews.take(principal, params.activityId, body),
  });
  routes.add<QaReviewRequest, unknown, QaIdParams>({
    method: 'post',
    path: '/collection/qa/:activityId/review',
    tag: 'collection conduct',
    auth: REVIEWERS,
    body: 'collections/qa-review-request',
    params: 'collections/qa-id-params',
    summary: 'Review a sample: clean, or a finding (Art. 13 tags, severity, evidence) stored in the findings register and published as collection.finding',
    responses: ITEM,
    handler: ({ principal, params, body }): Promise<QaItem> => reviews.review(principal, params.activityId, body),
  });
}
