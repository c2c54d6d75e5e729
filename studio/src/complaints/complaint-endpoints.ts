import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/complaints (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  Complaint,
  ComplaintContact,
  ComplaintDetail,
  ComplaintIntakeRequest,
  ComplaintList,
  ComplaintQuery,
  ComplaintStatistics,
  ComplaintUnitSettings,
  ComplaintUnitSettingsRequest,
} from '../../../server/generated/schema-types';
import type { ComplaintAction } from './workflow';

export type { Complaint, ComplaintDetail, ComplaintIntakeRequest, ComplaintQuery, ComplaintStatistics, ComplaintUnitSettings, ComplaintUnitSettingsRequest };

const one = (id: string) => `/complaints/${encodeURIComponent(id)}`;

/** One typed call per complaint route (server/complaints/complaints.routes.ts, docs/complaints.md). */
export const complaintEndpoints = {
  list: (query: ComplaintQuery, signal?: AbortSignal) => api<ComplaintList>('GET', `/complaints${queryString(query)}`, undefined, signal),
  detail: (id: string) => api<ComplaintDetail>('GET', one(id)),
  intake: (body: ComplaintIntakeRequest) => api<ComplaintDetail>('POST', '/complaints', body),
  /** A workflow step: the body names the revision read (a stale one is 409 stale_version). */
  act: (id: string, action: ComplaintAction, body: Record<string, unknown>) => api<ComplaintDetail>('POST', `${one(id)}/${action}`, body),
  openContact: (id: string, purpose: 'feedback' | 'callback') => api<ComplaintContact>('POST', `${one(id)}/complainant/open`, { purpose }),
  settings: (orgUnit: string) => api<ComplaintUnitSettings>('GET', `/complaints/settings/${encodeURIComponent(orgUnit)}`),
  saveSettings: (orgUnit: string, body: ComplaintUnitSettingsRequest) =>
    api<ComplaintUnitSettings>('PUT', `/complaints/settings/${encodeURIComponent(orgUnit)}`, body),
  /** The month's complaint figures: the complaints section of the monthly business-quality report (absent when not wired). */
  statistics: async (month: string): Promise<ComplaintStatistics | null> =>
    (await api<{ complaints?: ComplaintStatistics }>('GET', `/reports/business-quality${queryString({ month })}`)).complaints ?? null,
};
