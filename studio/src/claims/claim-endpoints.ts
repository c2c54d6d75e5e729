import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/claims (through the generated types), imported type-only so nothing from the server is bundled.
import type { ClaimDeadlineCase, ClaimDeadlineList, ClaimDeadlineQuery, ClaimWorkflowDetail } from '../../../server/generated/schema-types';

export type { ClaimDeadlineCase, ClaimWorkflowDetail };

const claimCase = (caseId: string) => `/claims/cases/${encodeURIComponent(caseId)}`;

/** One typed call per route the workbench uses (server/claims/claim-workflow.routes.ts, server/claims/deadlines). */
export const claimEndpoints = {
  queue: (query: ClaimDeadlineQuery, signal?: AbortSignal) => api<ClaimDeadlineList>('GET', `/claim-deadlines${queryString(query)}`, undefined, signal),
  deadlines: (caseId: string) => api<ClaimDeadlineCase>('GET', `/claim-deadlines/${encodeURIComponent(caseId)}`),
  detail: (caseId: string) => api<ClaimWorkflowDetail>('GET', claimCase(caseId)),
  /** A workflow step: the body carries the revision read (409 stale_version when the case moved on). */
  step: (caseId: string, path: string, body: Record<string, unknown>) => api<ClaimWorkflowDetail>('POST', `${claimCase(caseId)}/${path}`, body),
};
