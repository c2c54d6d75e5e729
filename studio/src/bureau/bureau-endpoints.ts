import { api, API_BASE } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/bureau (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  BureauAcknowledgementRequest,
  BureauAcknowledgementResult,
  BureauBatch,
  BureauBatchList,
  BureauItem,
  BureauItemDetail,
  BureauItemList,
  BureauItemQuery,
  BureauNoticeRequest,
  BureauReconciliation,
} from '../../../server/generated/schema-types';

export type { BureauAcknowledgementRequest, BureauBatch, BureauItem, BureauItemDetail, BureauItemQuery, BureauReconciliation };

const item = (id: string) => `/bureau/items/${encodeURIComponent(id)}`;

/** One typed call per route of the credit-bureau reporting (server/bureau/bureau.routes.ts, docs/bureau.md). */
export const bureauEndpoints = {
  items: (query: BureauItemQuery, signal?: AbortSignal) => api<BureauItemList>('GET', `/bureau/items${queryString(query)}`, undefined, signal),
  detail: (id: string) => api<BureauItemDetail>('GET', item(id)),
  recordNotice: (id: string, body: BureauNoticeRequest) => api<BureauItemDetail>('POST', `${item(id)}/notice`, body),
  batches: () => api<BureauBatchList>('GET', '/bureau/batches'),
  createBatch: () => api<BureauBatch>('POST', '/bureau/batches', {}),
  acknowledge: (batchId: string, body: BureauAcknowledgementRequest) =>
    api<BureauAcknowledgementResult>('POST', `/bureau/batches/${encodeURIComponent(batchId)}/acknowledgements`, body),
  reconciliation: (month: string) => api<BureauReconciliation>('GET', `/bureau/reconciliation${queryString({ month })}`),
  /** The export file's address: a plain link downloads it with the session cookie. */
  fileUrl: (batchId: string) => `${API_BASE}/bureau/batches/${encodeURIComponent(batchId)}/file`,
};

/**
 * The bureau's acknowledgement file as the studio reads it: CSV lines `itemId,result,reason` (a header line naming
 * itemId is skipped; result `accepted` or `rejected`; the reason may be quoted and hold commas).
 */
export function parseAcknowledgements(text: string): BureauAcknowledgementRequest['items'] {
  const items: BureauAcknowledgementRequest['items'] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [itemId = '', result = '', ...rest] = line.split(',');
    if (itemId.trim() === 'itemId') continue;
    const reason = rest
      .join(',')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .replace(/""/g, '"');
    items.push({ itemId: itemId.trim(), result: result.trim() as 'accepted' | 'rejected', ...(reason ? { reason } : {}) });
  }
  return items;
}
