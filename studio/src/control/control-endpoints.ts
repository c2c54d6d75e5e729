import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/control (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  EmergencyActivation,
  EmergencyActivationList,
  EmergencyPlan,
  EmergencyPlanList,
  Inspection,
  InspectionDetail,
  InspectionList,
  InspectionPlan,
  InspectionPlanDetail,
  InspectionPlanList,
} from '../../../server/generated/schema-types';

export type { EmergencyActivation, EmergencyPlan, Inspection, InspectionPlan };

type Page = { before?: string; limit?: number };

/** One typed call per internal-control route the studio uses (server/control/*.routes.ts, docs/internal-control.md). */
export const controlEndpoints = {
  plans: (query: Page, signal?: AbortSignal) => api<InspectionPlanList>('GET', `/control/plans${queryString(query)}`, undefined, signal),
  approvePlan: (planId: string, revision: number) => api<InspectionPlanDetail>('POST', `/control/plans/${encodeURIComponent(planId)}/approve`, { revision }),
  inspections: (query: Page, signal?: AbortSignal) => api<InspectionList>('GET', `/control/inspections${queryString(query)}`, undefined, signal),
  closeRemediation: (inspectionId: string, remediationId: string, revision: number) =>
    api<InspectionDetail>('POST', `/control/inspections/${encodeURIComponent(inspectionId)}/remediations/${encodeURIComponent(remediationId)}/review`, {
      revision,
      outcome: 'close',
    }),
  emergencyPlans: (query: Page, signal?: AbortSignal) => api<EmergencyPlanList>('GET', `/control/emergency-plans${queryString(query)}`, undefined, signal),
  activations: (query: Page, signal?: AbortSignal) => api<EmergencyActivationList>('GET', `/control/activations${queryString(query)}`, undefined, signal),
};
