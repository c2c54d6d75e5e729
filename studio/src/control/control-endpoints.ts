import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/control (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  ControlRevisionRequest,
  EmergencyActivation,
  EmergencyActivationCloseRequest,
  EmergencyActivationDetail,
  EmergencyActivationList,
  EmergencyActivationRequest,
  EmergencyActivationStepRequest,
  EmergencyPlan,
  EmergencyPlanDetail,
  EmergencyPlanList,
  EmergencyPlanRequest,
  EmergencyPlanUpdateRequest,
  Inspection,
  InspectionCreateRequest,
  InspectionDetail,
  InspectionFindingRequest,
  InspectionList,
  InspectionPlan,
  InspectionPlanDetail,
  InspectionPlanList,
  InspectionPlanRequest,
  InspectionPlanUpdateRequest,
  InspectionRemediateRequest,
  InspectionRemediationRequest,
  InspectionRemediationReviewRequest,
} from '../../../server/generated/schema-types';

export type {
  EmergencyActivation,
  EmergencyActivationDetail,
  EmergencyPlan,
  EmergencyPlanRequest,
  Inspection,
  InspectionDetail,
  InspectionPlan,
  InspectionPlanRequest,
};

type Page = { before?: string; limit?: number; status?: string };
const id = encodeURIComponent;
const plan = (planId: string) => `/control/plans/${id(planId)}`;
const inspection = (inspectionId: string) => `/control/inspections/${id(inspectionId)}`;
const remediation = (inspectionId: string, remediationId: string) => `${inspection(inspectionId)}/remediations/${id(remediationId)}`;
const emergencyPlan = (planId: string) => `/control/emergency-plans/${id(planId)}`;
const activation = (activationId: string) => `/control/activations/${id(activationId)}`;

/** One typed call per internal-control route (server/control/*.routes.ts, docs/internal-control.md). */
export const controlEndpoints = {
  plans: (query: Page, signal?: AbortSignal) => api<InspectionPlanList>('GET', `/control/plans${queryString(query)}`, undefined, signal),
  createPlan: (body: InspectionPlanRequest) => api<InspectionPlanDetail>('POST', '/control/plans', body),
  revisePlan: (planId: string, body: InspectionPlanUpdateRequest) => api<InspectionPlanDetail>('PUT', plan(planId), body),
  approvePlan: (planId: string, revision: number) => api<InspectionPlanDetail>('POST', `${plan(planId)}/approve`, { revision }),

  inspections: (query: Page, signal?: AbortSignal) => api<InspectionList>('GET', `/control/inspections${queryString(query)}`, undefined, signal),
  inspection: (inspectionId: string) => api<InspectionDetail>('GET', inspection(inspectionId)),
  startInspection: (body: InspectionCreateRequest) => api<InspectionDetail>('POST', '/control/inspections', body),
  recordFinding: (inspectionId: string, body: InspectionFindingRequest) => api<InspectionDetail>('POST', `${inspection(inspectionId)}/findings`, body),
  addRemediation: (inspectionId: string, body: InspectionRemediationRequest) => api<InspectionDetail>('POST', `${inspection(inspectionId)}/remediations`, body),
  remediate: (inspectionId: string, remediationId: string, body: InspectionRemediateRequest) =>
    api<InspectionDetail>('POST', `${remediation(inspectionId, remediationId)}/remediate`, body),
  review: (inspectionId: string, remediationId: string, body: InspectionRemediationReviewRequest) =>
    api<InspectionDetail>('POST', `${remediation(inspectionId, remediationId)}/review`, body),
  closeRemediation: (inspectionId: string, remediationId: string, revision: number) =>
    controlEndpoints.review(inspectionId, remediationId, { revision, outcome: 'close' }),
  completeInspection: (inspectionId: string, body: ControlRevisionRequest) => api<InspectionDetail>('POST', `${inspection(inspectionId)}/complete`, body),

  emergencyPlans: (query: Page, signal?: AbortSignal) => api<EmergencyPlanList>('GET', `/control/emergency-plans${queryString(query)}`, undefined, signal),
  createEmergencyPlan: (body: EmergencyPlanRequest) => api<EmergencyPlanDetail>('POST', '/control/emergency-plans', body),
  reviseEmergencyPlan: (planId: string, body: EmergencyPlanUpdateRequest) => api<EmergencyPlanDetail>('PUT', emergencyPlan(planId), body),
  approveEmergencyPlan: (planId: string, revision: number) => api<EmergencyPlanDetail>('POST', `${emergencyPlan(planId)}/approve`, { revision }),
  activate: (planId: string, body: EmergencyActivationRequest) => api<EmergencyActivationDetail>('POST', `${emergencyPlan(planId)}/activate`, body),

  activations: (query: Page, signal?: AbortSignal) => api<EmergencyActivationList>('GET', `/control/activations${queryString(query)}`, undefined, signal),
  activation: (activationId: string) => api<EmergencyActivationDetail>('GET', activation(activationId)),
  markStep: (activationId: string, body: EmergencyActivationStepRequest) => api<EmergencyActivationDetail>('POST', `${activation(activationId)}/steps`, body),
  closeActivation: (activationId: string, body: EmergencyActivationCloseRequest) =>
    api<EmergencyActivationDetail>('POST', `${activation(activationId)}/close`, body),
};
