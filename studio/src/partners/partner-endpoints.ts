import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/partners (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  ComplaintList,
  PartnerCreateRequest,
  PartnerDetail,
  PartnerList,
  PartnerLoanList,
  PartnerQuery,
  PartnerReview,
  PartnerUpdateRequest,
  PartnerViolationDetail,
  PartnerViolationRequest,
} from '../../../server/generated/schema-types';

export type { PartnerCreateRequest, PartnerDetail, PartnerList, PartnerViolationRequest };

const one = (id: string) => `/partners/${encodeURIComponent(id)}`;

/** One typed call per partner route (server/partners/partners.routes.ts, docs/partners.md). */
export const partnerEndpoints = {
  list: (query: PartnerQuery, signal?: AbortSignal) => api<PartnerList>('GET', `/partners${queryString(query)}`, undefined, signal),
  detail: (id: string) => api<PartnerDetail>('GET', one(id)),
  register: (body: PartnerCreateRequest) => api<PartnerDetail>('POST', '/partners', body),
  update: (id: string, body: PartnerUpdateRequest) => api<PartnerDetail>('PUT', one(id), body),
  loans: (id: string, before?: string) => api<PartnerLoanList>('GET', `${one(id)}/loans${queryString({ limit: 50, ...(before ? { before } : {}) })}`),
  complaints: (id: string) => api<ComplaintList>('GET', `/complaints${queryString({ partnerId: id, limit: 50 })}`),
  recordViolation: (id: string, body: PartnerViolationRequest) => api<PartnerViolationDetail>('POST', `${one(id)}/violations`, body),
  confirm: (violationId: string, revision: number) =>
    api<PartnerViolationDetail>('POST', `/partner-violations/${encodeURIComponent(violationId)}/confirm`, { revision }),
  review: (id: string, month?: string) => api<PartnerReview>('POST', `${one(id)}/reviews`, month ? { month } : {}),
};
