import { api, API_BASE } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/recovery (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  Lookback,
  LookbackList,
  LookbackRateRow,
  RecoveryBookingRequest,
  RecoveryCase,
  RecoveryCaseDetail,
  RecoveryCaseList,
  RecoveryCaseQuery,
  RecoveryLedgerEntry,
  RecoveryWriteOffRequest,
} from '../../../server/generated/schema-types';

export type { Lookback, LookbackRateRow, RecoveryCase, RecoveryCaseDetail, RecoveryCaseQuery, RecoveryLedgerEntry };

const one = (caseId: string) => `/recovery/cases/${encodeURIComponent(caseId)}`;
const quarter = (id: string) => `/recovery/lookbacks/${encodeURIComponent(id)}`;

/** One typed call per route of recovery after payment (server/recovery/*.routes.ts, docs/recovery.md). */
export const recoveryEndpoints = {
  cases: (query: RecoveryCaseQuery, signal?: AbortSignal) => api<RecoveryCaseList>('GET', `/recovery/cases${queryString(query)}`, undefined, signal),
  detail: (caseId: string) => api<RecoveryCaseDetail>('GET', one(caseId)),
  book: (caseId: string, body: RecoveryBookingRequest) => api<RecoveryCaseDetail>('POST', `${one(caseId)}/recoveries`, body),
  requestWriteOff: (caseId: string, body: RecoveryWriteOffRequest) => api<RecoveryCaseDetail>('POST', `${one(caseId)}/write-offs`, body),
  decideWriteOff: (caseId: string, writeOffId: string, action: 'approve' | 'reject', revision: number) =>
    api<RecoveryCaseDetail>('POST', `${one(caseId)}/write-offs/${encodeURIComponent(writeOffId)}/${action}`, { revision }),
  lookbacks: () => api<LookbackList>('GET', '/recovery/lookbacks'),
  lookback: (id: string) => api<Lookback>('GET', quarter(id)),
  approveLookback: (id: string, revision: number) => api<Lookback>('POST', `${quarter(id)}/approve`, { revision }),
  printUrl: (id: string) => `${API_BASE}${quarter(id)}/print`,
};
