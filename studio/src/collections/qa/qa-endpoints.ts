import { api } from '../../api/client';
import { queryString } from '../../api/monitoring-endpoints';
// Shapes from schemas/collections/qa-*.json (through the generated types), imported type-only.
import type {
  ConductTag,
  FindingSeverity,
  QaItem,
  QaKpi,
  QaKpiQuery,
  QaList,
  QaQuery,
  QaReviewRequest,
  QaTakeRequest,
} from '../../../../server/generated/schema-types';

export type { ConductTag, FindingSeverity, QaItem, QaKpi, QaList, QaQuery, QaReviewRequest };

const sample = (activityId: string) => `/collection/qa/${encodeURIComponent(activityId)}`;

export const qaEndpoints = {
  list: (query: QaQuery, signal?: AbortSignal) => api<QaList>('GET', `/collection/qa${queryString(query)}`, undefined, signal),
  get: (activityId: string) => api<QaItem>('GET', sample(activityId)),
  take: (activityId: string, body: QaTakeRequest) => api<QaItem>('POST', `${sample(activityId)}/take`, body),
  review: (activityId: string, body: QaReviewRequest) => api<QaItem>('POST', `${sample(activityId)}/review`, body),
  kpi: (query: QaKpiQuery) => api<QaKpi>('GET', `/collection/qa/kpi${queryString(query)}`),
};
