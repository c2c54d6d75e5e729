import { api } from '../../api/client';
import { queryString } from '../../api/monitoring-endpoints';
// Shapes from schemas/collections (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  Case,
  CaseDetail,
  CaseList,
  CaseMaliceAssessmentRequest,
  CaseQuery,
  CaseReassignRequest,
  CollectionTimeline,
  TimelineEntry,
  TimelineQuery,
} from '../../../../server/generated/schema-types';

export type { Case, CaseDetail, CaseQuery, CollectionTimeline, TimelineEntry };

const caseOf = (id: string) => `/collection/cases/${encodeURIComponent(id)}`;

/** One typed call per route the case pages use (server/collections/cases and timeline, docs/collections.md). */
export const caseEndpoints = {
  list: (query: CaseQuery, signal?: AbortSignal) => api<CaseList>('GET', `/collection/cases${queryString(query)}`, undefined, signal),
  detail: (id: string, signal?: AbortSignal) => api<CaseDetail>('GET', caseOf(id), undefined, signal),
  assessMalice: (id: string, body: CaseMaliceAssessmentRequest) => api<CaseDetail>('PUT', `${caseOf(id)}/malice-assessment`, body),
  reassign: (id: string, body: CaseReassignRequest) => api<CaseDetail>('POST', `${caseOf(id)}/reassign`, body),
  timeline: (obligorId: string, query: TimelineQuery, signal?: AbortSignal) =>
    api<CollectionTimeline>('GET', `/collection/obligors/${encodeURIComponent(obligorId)}/timeline${queryString(query)}`, undefined, signal),
};
