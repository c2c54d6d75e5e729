import type {
  ControlRevisionRequest,
  InspectionCreateRequest,
  InspectionDetail,
  InspectionFindingRequest,
  InspectionIdParams,
  InspectionList,
  InspectionPlanDetail,
  InspectionPlanIdParams,
  InspectionPlanList,
  InspectionPlanQuery,
  InspectionPlanRequest,
  InspectionPlanUpdateRequest,
  InspectionQuery,
  InspectionRemediateRequest,
  InspectionRemediationParams,
  InspectionRemediationRequest,
  InspectionRemediationReviewRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { InspectionPlansService } from './inspection-plans.service';
import type { InspectionsService } from './inspections.service';

const TAG = 'internal-control';
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const MAKERS = { roles: ['branch-operator', 'policy-owner', 'approver'] as const };
const PLAN = {
  200: { description: 'The plan with its history', schema: 'control/inspection-plan-detail' },
  404: { description: 'No such plan in your scope' },
  409: { description: 'Stale revision (stale_version), or not a draft (invalid_state)' },
};
const INSPECTION = {
  200: { description: 'The inspection with its findings, remediations and history', schema: 'control/inspection-detail' },
  403: { description: 'Not the inspecting side (out_of_scope), or (review) you remediated the item (maker_checker)' },
  404: { description: 'No such inspection (or remediation) in your scope' },
  409: { description: 'Stale revision (stale_version), or a step the item is not ready for (invalid_state)' },
};

/** Inspection plans and inspections (Art. 34). */
export function registerInspectionRoutes(routes: RouteRegistry, plans: InspectionPlansService, inspections: InspectionsService): void {
  routes.add<never, InspectionPlanQuery>({
    method: 'get',
    path: '/control/plans',
    tag: TAG,
    auth: READERS,
    query: 'control/inspection-plan-query',
    summary: 'Inspection plans of your unit and below, most recently changed first',
    responses: { 200: { description: 'Plans', schema: 'control/inspection-plan-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<InspectionPlanList> => plans.list(principal, query),
  });
  routes.add<InspectionPlanRequest>({
    method: 'post',
    path: '/control/plans',
    tag: TAG,
    auth: MAKERS,
    body: 'control/inspection-plan-request',
    summary: 'Draft an inspection plan for a period: hq-on-branch (HQ) or self-inspection (a branch), its units and areas; audited',
    responses: { 201: { description: 'The plan, as a draft', schema: 'control/inspection-plan-detail' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, body }): Promise<InspectionPlanDetail> => plans.create(principal, body),
  });
  routes.add<unknown, unknown, InspectionPlanIdParams>({
    method: 'get',
    path: '/control/plans/:planId',
    tag: TAG,
    auth: READERS,
    params: 'control/inspection-plan-id-params',
    summary: 'An inspection plan with its history (every revision and approval)',
    responses: PLAN,
    handler: ({ principal, params }): Promise<InspectionPlanDetail> => plans.detail(principal, params.planId),
  });
  routes.add<InspectionPlanUpdateRequest, unknown, InspectionPlanIdParams>({
    method: 'put',
    path: '/control/plans/:planId',
    tag: TAG,
    auth: MAKERS,
    params: 'control/inspection-plan-id-params',
    body: 'control/inspection-plan-update-request',
    summary: 'Revise a plan: back to draft until approved again (the approved version stays in force); audited',
    responses: PLAN,
    handler: ({ principal, params, body }): Promise<InspectionPlanDetail> => plans.revise(principal, params.planId, body),
  });
  routes.add<ControlRevisionRequest, unknown, InspectionPlanIdParams>({
    method: 'post',
    path: '/control/plans/:planId/approve',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'control/inspection-plan-id-params',
    body: 'control/control-revision-request',
    summary: 'Approve the draft (an approver who drafted or revised none of it: 403 maker_checker); it becomes the version in force; audited',
    responses: { ...PLAN, 403: { description: 'You drafted or revised it (maker_checker)' } },
    handler: ({ principal, params, body }): Promise<InspectionPlanDetail> => plans.approve(principal, params.planId, body),
  });
  routes.add<never, InspectionQuery>({
    method: 'get',
    path: '/control/inspections',
    tag: TAG,
    auth: READERS,
    query: 'control/inspection-query',
    summary: "Inspections of your unit and below (a branch: its self-inspections and HQ's inspections of it), most recently changed first",
    responses: { 200: { description: 'Inspections', schema: 'control/inspection-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<InspectionList> => inspections.list(principal, query),
  });
  routes.add<InspectionCreateRequest>({
    method: 'post',
    path: '/control/inspections',
    tag: TAG,
    auth: MAKERS,
    body: 'control/inspection-create-request',
    summary: "Start an inspection of a unit under an approved plan: an `inspection` task on the inspecting unit's queue; audited",
    responses: {
      201: { description: 'The inspection', schema: 'control/inspection-detail' },
      404: { description: 'No such plan in your scope' },
      409: { description: 'The plan has no approved version (invalid_state)' },
    },
    handler: ({ principal, body }): Promise<InspectionDetail> => inspections.create(principal, body),
  });
  routes.add<unknown, unknown, InspectionIdParams>({
    method: 'get',
    path: '/control/inspections/:inspectionId',
    tag: TAG,
    auth: READERS,
    params: 'control/inspection-id-params',
    summary: 'An inspection with its findings, remediation items and history',
    responses: INSPECTION,
    handler: ({ principal, params }): Promise<InspectionDetail> => inspections.detail(principal, params.inspectionId),
  });
  routes.add<InspectionFindingRequest, unknown, InspectionIdParams>({
    method: 'post',
    path: '/control/inspections/:inspectionId/findings',
    tag: TAG,
    auth: MAKERS,
    params: 'control/inspection-id-params',
    body: 'control/inspection-finding-request',
    summary: 'Record a finding (inspecting side): severity, area, description, the records concerned; publishes inspection.finding-recorded',
    responses: INSPECTION,
    handler: ({ principal, params, body }): Promise<InspectionDetail> => inspections.recordFinding(principal, params.inspectionId, body),
  });
  routes.add<InspectionRemediationRequest, unknown, InspectionIdParams>({
    method: 'post',
    path: '/control/inspections/:inspectionId/remediations',
    tag: TAG,
    auth: MAKERS,
    params: 'control/inspection-id-params',
    body: 'control/inspection-remediation-request',
    summary: 'Add a remediation item to a finding (inspecting side): action, owner, due date',
    responses: INSPECTION,
    handler: ({ principal, params, body }): Promise<InspectionDetail> => inspections.addRemediation(principal, params.inspectionId, body),
  });
  routes.add<ControlRevisionRequest, unknown, InspectionIdParams>({
    method: 'post',
    path: '/control/inspections/:inspectionId/complete',
    tag: TAG,
    auth: MAKERS,
    params: 'control/inspection-id-params',
    body: 'control/control-revision-request',
    summary: 'Complete the inspection (inspecting side); its remediations go on until each is closed',
    responses: INSPECTION,
    handler: ({ principal, params, body }): Promise<InspectionDetail> => inspections.complete(principal, params.inspectionId, body),
  });
  routes.add<InspectionRemediateRequest, unknown, InspectionRemediationParams>({
    method: 'post',
    path: '/control/inspections/:inspectionId/remediations/:remediationId/remediate',
    tag: TAG,
    auth: MAKERS,
    params: 'control/inspection-remediation-params',
    body: 'control/inspection-remediate-request',
    summary: 'Record the remediation done, with its evidence (the inspected unit)',
    responses: INSPECTION,
    handler: ({ principal, params, body }): Promise<InspectionDetail> => inspections.remediate(principal, params.inspectionId, params.remediationId, body),
  });
  routes.add<InspectionRemediationReviewRequest, unknown, InspectionRemediationParams>({
    method: 'post',
    path: '/control/inspections/:inspectionId/remediations/:remediationId/review',
    tag: TAG,
    auth: { roles: ['approver', 'policy-owner', 'branch-operator'] },
    params: 'control/inspection-remediation-params',
    body: 'control/inspection-remediation-review-request',
    summary: 'Review a remediated item (inspecting side, never who remediated it: 403 maker_checker): close it or reopen it',
    responses: INSPECTION,
    handler: ({ principal, params, body }): Promise<InspectionDetail> => inspections.review(principal, params.inspectionId, params.remediationId, body),
  });
}
