import type {
  FindingConfirmRequest,
  FindingDetail,
  FindingDismissRequest,
  FindingIdParams,
  FindingList,
  FindingQuery,
  FindingRemediateRequest,
} from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { FindingsService } from './findings.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const WORKERS = { roles: ['branch-operator', 'policy-owner'] as const };
const STALE = { 409: { description: 'Stale revision (stale_version), or the finding is in a state that does not allow it (invalid_state)' } };
const DETAIL = {
  200: { description: 'The finding with its history', schema: 'collections/finding-detail' },
  404: { description: 'No such finding in your scope' },
};

export function registerFindingRoutes(routes: RouteRegistry, findings: FindingsService): void {
  routes.add<never, FindingQuery>({
    method: 'get',
    path: '/collection/findings',
    tag: 'collection conduct',
    auth: READERS,
    query: 'collections/finding-query',
    summary:
      'Collection-conduct compliance findings in your org unit and below, newest change first; filter by status, conduct tag, severity, source, unit, obligor, found from/to',
    responses: { 200: { description: 'Findings', schema: 'collections/finding-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<FindingList> => findings.list(principal, query),
  });
  routes.add<unknown, unknown, FindingIdParams>({
    method: 'get',
    path: '/collection/findings/:findingId',
    tag: 'collection conduct',
    auth: READERS,
    params: 'collections/finding-id-params',
    summary: 'A finding with its full history (each change, who or which job made it, and why)',
    responses: DETAIL,
    handler: ({ principal, params }): Promise<FindingDetail> => findings.detail(principal, params.findingId),
  });
  for (const [action, body, summary] of [
    ['confirm', 'collections/finding-confirm-request', 'Confirm an open finding: it happened (an optional note)'],
    ['dismiss', 'collections/finding-dismiss-request', 'Dismiss an open or confirmed finding, with the reason it is not a breach'],
    ['remediate', 'collections/finding-remediate-request', 'Close an open or confirmed finding as put right, with evidence (a note and references)'],
  ] as const) {
    routes.add<FindingConfirmRequest & FindingDismissRequest & FindingRemediateRequest, unknown, FindingIdParams>({
      method: 'post',
      path: `/collection/findings/:findingId/${action}`,
      tag: 'collection conduct',
      auth: WORKERS,
      body,
      params: 'collections/finding-id-params',
      summary,
      responses: { ...DETAIL, ...STALE },
      handler: ({ principal, params, body: request }): Promise<FindingDetail> => findings.act(principal, params.findingId, action, request),
    });
  }
}
