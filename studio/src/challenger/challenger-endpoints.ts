import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/challenger (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  ChallengerComparison,
  ChallengerEndRequest,
  ChallengerQuery,
  ChallengerTest,
  ChallengerTestList,
  ChallengerTestRequest,
} from '../../../server/generated/schema-types';

export type { ChallengerComparison, ChallengerTest, ChallengerTestRequest };

const one = (id: string) => `/challenger-tests/${encodeURIComponent(id)}`;

/** One typed call per champion/challenger route (server/challenger/challenger.routes.ts, docs/champion-challenger.md). */
export const challengerEndpoints = {
  list: (query: ChallengerQuery = {}) => api<ChallengerTestList>('GET', `/challenger-tests${queryString(query)}`),
  get: (id: string) => api<ChallengerTest>('GET', one(id)),
  request: (body: ChallengerTestRequest) => api<ChallengerTest>('POST', '/challenger-tests', body),
  start: (id: string, revision: number) => api<ChallengerTest>('POST', `${one(id)}/start`, { revision }),
  end: (id: string, body: ChallengerEndRequest) => api<ChallengerTest>('POST', `${one(id)}/end`, body),
  comparison: (id: string) => api<ChallengerComparison>('GET', `${one(id)}/comparison`),
};
