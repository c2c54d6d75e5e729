import type {
  CaseCollectionPlanRequest,
  CaseDelinquencyDetailsRequest,
  CaseDetail,
  CaseIdParams,
  CaseList,
  CaseMaliceAssessmentRequest,
  CaseQuery,
  CaseReassignRequest,
} from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { CollectionCaseWork } from './case-work.service';

/** Integration keys read only when bound to an agency, and then only the cases placed with it (case-work.service.ts). */
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor', 'integration'] as const };
/** Collection staff: the branch operators who work the cases. */
const WORKERS = { roles: ['branch-operator'] as const };
const NOT_FOUND = { 404: { description: 'No such case in your scope' } };
const CHANGE = {
  200: { description: 'The case with its history', schema: 'collections/case-detail' },
  ...NOT_FOUND,
  409: { description: 'Stale revision (stale_version), or a closed case reassigned (invalid_state)' },
};

export function registerCollectionCaseRoutes(routes: RouteRegistry, work: CollectionCaseWork): void {
  routes.add<never, CaseQuery>({
    method: 'get',
    path: '/collection/cases',
    tag: 'collections',
    auth: READERS,
    query: 'collections/case-query',
    summary:
      'Collection cases (one per overdue obligor and funder line) in your org unit and below, newest change first; filter by status, stage, handler, unit, obligor',
    responses: {
      200: { description: 'Cases', schema: 'collections/case-list' },
      403: { description: 'orgUnit outside your scope' },
      404: { description: 'obligorId given and no case of it in your scope' },
    },
    handler: ({ principal, query }): Promise<CaseList> => work.list(principal, query),
  });
  routes.add<unknown, unknown, CaseIdParams>({
    method: 'get',
    path: '/collection/cases/:caseId',
    tag: 'collections',
    auth: READERS,
    params: 'collections/case-id-params',
    summary: 'A collection case with its history: openings, stage moves, handler changes, details, plan and assessment, each with who and why',
    responses: { 200: { description: 'The case', schema: 'collections/case-detail' }, ...NOT_FOUND },
    handler: ({ principal, params }): Promise<CaseDetail> => work.detail(principal, params.caseId),
  });
  routes.add<CaseDelinquencyDetailsRequest, unknown, CaseIdParams>({
    method: 'put',
    path: '/collection/cases/:caseId/delinquency-details',
    tag: 'collections',
    auth: WORKERS,
    params: 'collections/case-id-params',
    body: 'collections/case-delinquency-details-request',
    summary: "The funder's delinquency details (Art. 10): what it reported, when and from whom",
    responses: CHANGE,
    handler: ({ principal, params, body }): Promise<CaseDetail> => work.putDelinquencyDetails(principal, params.caseId, body),
  });
  routes.add<CaseCollectionPlanRequest, unknown, CaseIdParams>({
    method: 'put',
    path: '/collection/cases/:caseId/collection-plan',
    tag: 'collections',
    auth: WORKERS,
    params: 'collections/case-id-params',
    body: 'collections/case-collection-plan-request',
    summary: 'The collection plan agreed with the funder (Art. 10): measures and their period',
    responses: CHANGE,
    handler: ({ principal, params, body }): Promise<CaseDetail> => work.putCollectionPlan(principal, params.caseId, body),
  });
  routes.add<CaseMaliceAssessmentRequest, unknown, CaseIdParams>({
    method: 'put',
    path: '/collection/cases/:caseId/malice-assessment',
    tag: 'collections',
    auth: WORKERS,
    params: 'collections/case-id-params',
    body: 'collections/case-malice-assessment-request',
    summary: 'The subjective-malice (主观恶意) assessment (Art. 10): yes, no or unclear, with reasons and evidence; the assessor is you',
    responses: CHANGE,
    handler: ({ principal, params, body }): Promise<CaseDetail> => work.putMaliceAssessment(principal, params.caseId, body),
  });
  routes.add<CaseReassignRequest, unknown, CaseIdParams>({
    method: 'post',
    path: '/collection/cases/:caseId/reassign',
    tag: 'collections',
    auth: WORKERS,
    params: 'collections/case-id-params',
    body: 'collections/case-reassign-request',
    summary:
      'Reassign an open case by hand (Art. 12) to the central team, the local team or an agency category, with a reason (audited; collection.case-assigned)',
    responses: CHANGE,
    handler: ({ principal, params, body }): Promise<CaseDetail> => work.reassign(principal, params.caseId, body),
  });
}
