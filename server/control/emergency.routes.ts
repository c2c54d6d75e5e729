import type {
  ControlRevisionRequest,
  EmergencyActivationCloseRequest,
  EmergencyActivationDetail,
  EmergencyActivationIdParams,
  EmergencyActivationList,
  EmergencyActivationQuery,
  EmergencyActivationRequest,
  EmergencyActivationStepRequest,
  EmergencyPlanDetail,
  EmergencyPlanIdParams,
  EmergencyPlanList,
  EmergencyPlanQuery,
  EmergencyPlanRequest,
  EmergencyPlanUpdateRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { EmergencyService } from './emergency.service';

const TAG = 'internal-control';
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const MAKERS = { roles: ['branch-operator', 'policy-owner', 'approver'] as const };
const PLAN = {
  200: { description: 'The emergency plan with its history', schema: 'control/emergency-plan-detail' },
  404: { description: 'No such emergency plan in your scope' },
  409: { description: 'Stale revision (stale_version), or not a draft (invalid_state)' },
};
const ACTIVATION = {
  200: { description: 'The activation with its history', schema: 'control/emergency-activation-detail' },
  404: { description: 'No such activation in your scope' },
  409: { description: 'Stale revision (stale_version), or closed already (invalid_state)' },
};

/** Emergency plans and their activations (Art. 8). */
export function registerEmergencyRoutes(routes: RouteRegistry, emergency: EmergencyService): void {
  routes.add<never, EmergencyPlanQuery>({
    method: 'get',
    path: '/control/emergency-plans',
    tag: TAG,
    auth: READERS,
    query: 'control/emergency-plan-query',
    summary: 'Emergency plans of your unit and below, most recently changed first',
    responses: { 200: { description: 'Emergency plans', schema: 'control/emergency-plan-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<EmergencyPlanList> => emergency.list(principal, query),
  });
  routes.add<EmergencyPlanRequest>({
    method: 'post',
    path: '/control/emergency-plans',
    tag: TAG,
    auth: MAKERS,
    body: 'control/emergency-plan-request',
    summary: 'Draft an emergency plan (Art. 8): scenario, trigger, steps, contacts as positions (no personal data); audited',
    responses: { 201: { description: 'The plan, as a draft', schema: 'control/emergency-plan-detail' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, body }): Promise<EmergencyPlanDetail> => emergency.create(principal, body),
  });
  routes.add<unknown, unknown, EmergencyPlanIdParams>({
    method: 'get',
    path: '/control/emergency-plans/:planId',
    tag: TAG,
    auth: READERS,
    params: 'control/emergency-plan-id-params',
    summary: 'An emergency plan with its history (every version and approval)',
    responses: PLAN,
    handler: ({ principal, params }): Promise<EmergencyPlanDetail> => emergency.detail(principal, params.planId),
  });
  routes.add<EmergencyPlanUpdateRequest, unknown, EmergencyPlanIdParams>({
    method: 'put',
    path: '/control/emergency-plans/:planId',
    tag: TAG,
    auth: MAKERS,
    params: 'control/emergency-plan-id-params',
    body: 'control/emergency-plan-update-request',
    summary: 'Revise an emergency plan: back to draft until approved again (the approved version stays in force); audited',
    responses: PLAN,
    handler: ({ principal, params, body }): Promise<EmergencyPlanDetail> => emergency.revise(principal, params.planId, body),
  });
  routes.add<ControlRevisionRequest, unknown, EmergencyPlanIdParams>({
    method: 'post',
    path: '/control/emergency-plans/:planId/approve',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'control/emergency-plan-id-params',
    body: 'control/control-revision-request',
    summary: 'Approve the draft as the next version (not by who drafted or revised it: 403 maker_checker); audited',
    responses: { ...PLAN, 403: { description: 'You drafted or revised it (maker_checker)' } },
    handler: ({ principal, params, body }): Promise<EmergencyPlanDetail> => emergency.approve(principal, params.planId, body),
  });
  routes.add<EmergencyActivationRequest, unknown, EmergencyPlanIdParams>({
    method: 'post',
    path: '/control/emergency-plans/:planId/activate',
    tag: TAG,
    auth: MAKERS,
    params: 'control/emergency-plan-id-params',
    body: 'control/emergency-activation-request',
    summary: 'Activate the approved version: why, and the alert and warning ids behind it; audited; publishes emergency-plan.activated',
    responses: {
      201: { description: 'The activation', schema: 'control/emergency-activation-detail' },
      404: { description: 'No such emergency plan in your scope' },
      409: { description: 'Stale revision, or no approved version (invalid_state)' },
    },
    handler: ({ principal, params, body }): Promise<EmergencyActivationDetail> => emergency.activate(principal, params.planId, body),
  });
  routes.add<never, EmergencyActivationQuery>({
    method: 'get',
    path: '/control/activations',
    tag: TAG,
    auth: READERS,
    query: 'control/emergency-activation-query',
    summary: 'Emergency plan activations of your unit and below, most recently changed first',
    responses: { 200: { description: 'Activations', schema: 'control/emergency-activation-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<EmergencyActivationList> => emergency.activationList(principal, query),
  });
  routes.add<unknown, unknown, EmergencyActivationIdParams>({
    method: 'get',
    path: '/control/activations/:activationId',
    tag: TAG,
    auth: READERS,
    params: 'control/emergency-activation-id-params',
    summary: 'An activation with its steps, closure and history',
    responses: ACTIVATION,
    handler: ({ principal, params }): Promise<EmergencyActivationDetail> => emergency.activationDetail(principal, params.activationId),
  });
  routes.add<EmergencyActivationStepRequest, unknown, EmergencyActivationIdParams>({
    method: 'post',
    path: '/control/activations/:activationId/steps',
    tag: TAG,
    auth: MAKERS,
    params: 'control/emergency-activation-id-params',
    body: 'control/emergency-activation-step-request',
    summary: 'Record a step of the plan done, with what was done',
    responses: ACTIVATION,
    handler: ({ principal, params, body }): Promise<EmergencyActivationDetail> => emergency.markStep(principal, params.activationId, body),
  });
  routes.add<EmergencyActivationCloseRequest, unknown, EmergencyActivationIdParams>({
    method: 'post',
    path: '/control/activations/:activationId/close',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'control/emergency-activation-id-params',
    body: 'control/emergency-activation-close-request',
    summary: 'Close the activation with its review (steps not done are listed); audited; publishes emergency-plan.closed',
    responses: ACTIVATION,
    handler: ({ principal, params, body }): Promise<EmergencyActivationDetail> => emergency.close(principal, params.activationId, body),
  });
}
