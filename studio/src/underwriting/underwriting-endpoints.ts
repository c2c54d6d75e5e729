import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/underwriting (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  UnderwritingNoticeRequest,
  UnderwritingRecord,
  UnderwritingRecordDetail,
  UnderwritingRecordList,
  UnderwritingRecordQuery,
  UnderwritingRectificationRequest,
  UnderwritingRevisionRequest,
  UnderwritingSourceKind,
} from '../../../server/generated/schema-types';

export type { UnderwritingRecord, UnderwritingRecordDetail, UnderwritingRecordQuery, UnderwritingSourceKind };

const record = (id: string) => `/underwriting/records/${encodeURIComponent(id)}`;

/** One typed call per route of the block list (server/underwriting/underwriting.routes.ts, docs/underwriting.md). */
export const underwritingEndpoints = {
  records: (query: UnderwritingRecordQuery, signal?: AbortSignal) =>
    api<UnderwritingRecordList>('GET', `/underwriting/records${queryString(query)}`, undefined, signal),
  detail: (id: string) => api<UnderwritingRecordDetail>('GET', record(id)),
  notice: (body: UnderwritingNoticeRequest) => api<UnderwritingRecordDetail>('POST', '/underwriting/notices', body),
  rectify: (id: string, body: UnderwritingRectificationRequest) => api<UnderwritingRecordDetail>('POST', `${record(id)}/rectification`, body),
  confirm: (id: string, body: UnderwritingRevisionRequest) => api<UnderwritingRecordDetail>('POST', `${record(id)}/confirm`, body),
  end: (id: string, body: UnderwritingRevisionRequest) => api<UnderwritingRecordDetail>('POST', `${record(id)}/end`, body),
};
