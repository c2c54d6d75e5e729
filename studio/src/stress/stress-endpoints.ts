import { api, API_BASE } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/stress (through the generated types), imported type-only so nothing from the server is bundled.
import type { StressFinancials, StressFinancialsRequest, StressResult, StressResultList, StressResultQuery } from '../../../server/generated/schema-types';

export type { StressFinancials, StressFinancialsRequest, StressResult, StressResultList };

const one = (resultId: string) => `/stress-tests/${encodeURIComponent(resultId)}`;

/** One typed call per stress-test route (server/stress/stress.routes.ts, docs/stress-tests.md). */
export const stressEndpoints = {
  list: (query: StressResultQuery) => api<StressResultList>('GET', `/stress-tests${queryString(query)}`),
  result: (resultId: string) => api<StressResult>('GET', one(resultId)),
  run: (orgUnit: string, period: string) => api<StressResult>('POST', '/stress-tests', { orgUnit, period }),
  approve: (resultId: string, revision: number) => api<StressResult>('POST', `${one(resultId)}/approve`, { revision }),
  financials: (orgUnit: string, period: string) =>
    api<StressFinancials>('GET', `/stress-tests/financials/${encodeURIComponent(orgUnit)}/${encodeURIComponent(period)}`),
  saveFinancials: (body: StressFinancialsRequest) => api<StressFinancials>('POST', '/stress-tests/financials', body),
  printUrl: (resultId: string) => `${API_BASE}${one(resultId)}/print`,
};
