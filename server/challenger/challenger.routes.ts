import type {
  ChallengerComparison,
  ChallengerEndRequest,
  ChallengerIdParams,
  ChallengerQuery,
  ChallengerStartRequest,
  ChallengerTest,
  ChallengerTestList,
  ChallengerTestRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { ChallengerService } from './challenger.service';

const TAG = 'champion/challenger';
const READERS = { roles: ['policy-owner', 'approver', 'auditor', 'branch-operator'] as const };
const DECIDERS = { roles: ['policy-owner', 'approver'] as const };
const TEST = { description: 'The test with its history', schema: 'challenger/challenger-test' };
const HIDDEN = { description: 'No such test in your scope' };

export function registerChallengerRoutes(routes: RouteRegistry, challengers: ChallengerService): void {
  routes.add<ChallengerTestRequest>({
    method: 'post',
    path: '/challenger-tests',
    tag: TAG,
    auth: DECIDERS,
    body: 'challenger/challenger-test-request',
    summary:
      'Request a champion/challenger test of a warning.obligor or disposition rule set: an approved, unpublished challenger version for a share (basis points) of the obligors of a unit and segments; audited',
    responses: {
      201: TEST,
      403: { description: 'Unit outside your scope' },
      404: { description: 'No such rule set or version' },
      422: { description: 'Unsupported family, challenger not approved, or no champion (challenger_unsupported)' },
    },
    handler: ({ principal, body }): Promise<ChallengerTest> => challengers.request(principal, body),
  });
  routes.add<never, ChallengerQuery>({
    method: 'get',
    path: '/challenger-tests',
    tag: TAG,
    auth: READERS,
    query: 'challenger/challenger-query',
    summary: 'The champion/challenger tests of your unit and below, newest first',
    responses: { 200: { description: 'Tests', schema: 'challenger/challenger-test-list' } },
    handler: ({ principal, query }): Promise<ChallengerTestList> => challengers.list(principal, query),
  });
  routes.add<unknown, unknown, ChallengerIdParams>({
    method: 'get',
    path: '/challenger-tests/:testId',
    tag: TAG,
    auth: READERS,
    params: 'challenger/challenger-id-params',
    summary: 'A champion/challenger test with its history',
    responses: { 200: TEST, 404: HIDDEN },
    handler: ({ principal, params }): Promise<ChallengerTest> => challengers.get(principal, params.testId),
  });
  routes.add<ChallengerStartRequest, unknown, ChallengerIdParams>({
    method: 'post',
    path: '/challenger-tests/:testId/start',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'challenger/challenger-id-params',
    body: 'challenger/challenger-start-request',
    summary:
      'Start a requested test (an approver who did not request it: maker_checker); from the next monitoring run both versions are evaluated for the obligors in scope and each arm acts on its own; audited; challenger.started',
    responses: {
      200: TEST,
      403: { description: 'Not an approver, or the requester (maker_checker)' },
      404: HIDDEN,
      409: { description: 'Stale revision, not requested, or another test of the rule set is running' },
      422: { description: 'The challenger is no longer approved and unpublished (challenger_unsupported)' },
    },
    handler: ({ principal, params, body }): Promise<ChallengerTest> => challengers.start(principal, params.testId, body),
  });
  routes.add<ChallengerEndRequest, unknown, ChallengerIdParams>({
    method: 'post',
    path: '/challenger-tests/:testId/end',
    tag: TAG,
    auth: DECIDERS,
    params: 'challenger/challenger-id-params',
    body: 'challenger/challenger-end-request',
    summary:
      'End a running test with a winner: champion (nothing changes) or challenger (its content is submitted for review as a new version: approval and publication as usual); audited; challenger.ended',
    responses: { 200: TEST, 404: HIDDEN, 409: { description: 'Stale revision, or not running' } },
    handler: ({ principal, params, body }): Promise<ChallengerTest> => challengers.end(principal, params.testId, body),
  });
  routes.add<unknown, unknown, ChallengerIdParams>({
    method: 'get',
    path: '/challenger-tests/:testId/comparison',
    tag: TAG,
    auth: READERS,
    params: 'challenger/challenger-id-params',
    summary:
      "Champion and challenger side by side: per arm, per month-end and pooled, the backtest's measures (precision, recall, lift per level, KS, AUC, lead days) of the version acted on and of the shadow version",
    responses: { 200: { description: 'The comparison', schema: 'challenger/challenger-comparison' }, 404: HIDDEN },
    handler: ({ principal, params }): Promise<ChallengerComparison> => challengers.comparison(principal, params.testId),
  });
}
