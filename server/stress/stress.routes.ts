import type {
  StressApproveRequest,
  StressFinancials,
  StressFinancialsParams,
  StressFinancialsRequest,
  StressResult,
  StressResultIdParams,
  StressResultList,
  StressResultQuery,
  StressRunRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { StressFinancialsService } from './stress-financials.service';
import { stressHtml } from './stress.html';
import type { StressService } from './stress.service';

const TAG = 'stress-tests';
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor', 'admin'] as const };
const PREPARERS = { roles: ['admin', 'policy-owner'] as const };
const NOT_FOUND = { 404: { description: 'No such stress test in your scope' } };

/** Stress tests (Art. 33) under /stress-tests: the financials they read, runs on demand, results, approval, print. */
export function registerStressRoutes(routes: RouteRegistry, stress: StressService, financials: StressFinancialsService): void {
  routes.add<StressFinancialsRequest>({
    method: 'post',
    path: '/stress-tests/financials',
    tag: TAG,
    auth: PREPARERS,
    body: 'stress/stress-financials-request',
    summary:
      "Store an org unit's financials and capital figures for a quarter or a year (revision 0 creates, else the revision read); field-level checks (two decimals, core capital at most actual, minimum capital above zero); audited",
    responses: {
      200: { description: 'The financials stored', schema: 'stress/stress-financials' },
      403: { description: 'Unit outside your scope' },
      409: { description: 'Stale revision (stale_version)' },
    },
    handler: ({ principal, body }): Promise<StressFinancials> => financials.save(principal, body),
  });
  routes.add<unknown, unknown, StressFinancialsParams>({
    method: 'get',
    path: '/stress-tests/financials/:orgUnit/:period',
    tag: TAG,
    auth: READERS,
    params: 'stress/stress-financials-params',
    summary: "An org unit's stored stress-test financials for a period",
    responses: {
      200: { description: 'The financials', schema: 'stress/stress-financials' },
      404: { description: 'None stored, or the unit is outside your scope' },
    },
    handler: ({ principal, params }): Promise<StressFinancials> => financials.get(principal, params.orgUnit, params.period),
  });
  routes.add<StressRunRequest>({
    method: 'post',
    path: '/stress-tests',
    tag: TAG,
    auth: { roles: ['admin', 'policy-owner', 'approver'] as const },
    body: 'stress/stress-run-request',
    summary:
      'Run the stress test of a unit on a base period that has ended (a quarter tests the next quarter, a year the next year) with the stress.scenario set in force: stored as a draft with the set version; the same inputs return the stored result; stress-test.completed',
    responses: {
      200: { description: 'The result', schema: 'stress/stress-result' },
      400: { description: 'Not a period that has ended, or no financials for it' },
      403: { description: 'Unit outside your scope' },
      422: { description: 'The scenario set in force did not raise every scenario Art. 33 names (rule_set_invalid)' },
    },
    handler: async ({ principal, body }): Promise<StressResult> => (await stress.runByRequest(principal, body.orgUnit, body.period)).result,
  });
  routes.add<never, StressResultQuery>({
    method: 'get',
    path: '/stress-tests',
    tag: TAG,
    auth: READERS,
    query: 'stress/stress-result-query',
    summary: 'Stress-test results in your org unit and below, newest first (keyset pages)',
    responses: { 200: { description: 'Results', schema: 'stress/stress-result-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<StressResultList> => stress.list(principal, query),
  });
  routes.add<unknown, unknown, StressResultIdParams>({
    method: 'get',
    path: '/stress-tests/:resultId',
    tag: TAG,
    auth: READERS,
    params: 'stress/stress-result-id-params',
    summary: 'A stress-test result: inputs, each scenario with its cash flow or solvency position against the thresholds, approval',
    responses: { 200: { description: 'The result', schema: 'stress/stress-result' }, ...NOT_FOUND },
    handler: ({ principal, params }): Promise<StressResult> => stress.get(principal, params.resultId),
  });
  routes.add<unknown, unknown, StressResultIdParams>({
    method: 'get',
    path: '/stress-tests/:resultId/print',
    tag: TAG,
    auth: READERS,
    params: 'stress/stress-result-id-params',
    summary: 'The same result as a printable page (open it with the studio session, print to PDF)',
    responses: { 200: { description: 'A self-contained HTML page', contentType: 'text/html' }, ...NOT_FOUND },
    handler: async ({ principal, params, response }) => {
      const result = await stress.get(principal, params.resultId);
      response.type('html').setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      response.send(stressHtml(result));
    },
  });
  routes.add<StressApproveRequest, unknown, StressResultIdParams>({
    method: 'post',
    path: '/stress-tests/:resultId/approve',
    tag: TAG,
    auth: { roles: ['approver'] as const },
    params: 'stress/stress-result-id-params',
    body: 'stress/stress-approve-request',
    summary: 'Approve a draft result (not by who ran it: maker_checker); final; audited; stress-test.approved',
    responses: {
      200: { description: 'The approved result', schema: 'stress/stress-result' },
      403: { description: 'You ran it, or an account you control did (maker_checker)' },
      ...NOT_FOUND,
      409: { description: 'Stale revision (stale_version), or already approved (invalid_state)' },
    },
    handler: ({ principal, params, body }): Promise<StressResult> => stress.approve(principal, params.resultId, body),
  });
}
