import type {
  IndicatorDetail,
  IndicatorIdParams,
  IndicatorList,
  IndicatorQuery,
  IndicatorUpdateRequest,
  IndicatorVersion,
  IndicatorVersionParams,
  IndicatorVersionRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { IndicatorCatalogueService } from './indicator-catalogue.service';

const TAG = 'indicators';
const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const EDITORS = { roles: ['policy-owner', 'admin'] as const };

export function registerIndicatorRoutes(routes: RouteRegistry, catalogue: IndicatorCatalogueService): void {
  routes.add<never, IndicatorQuery>({
    method: 'get',
    path: '/indicators',
    tag: TAG,
    auth: READERS,
    query: 'indicators/indicator-query',
    summary:
      'The indicator catalogue (Art. 6): every metric and warning indicator with its definition, formula, frequency, owner, process and the Art. 6 criteria it meets; the latest published version, or the draft (view=draft), and the versions',
    responses: { 200: { description: 'The catalogue', schema: 'indicators/indicator-list' } },
    handler: ({ query }): Promise<IndicatorList> => catalogue.list(query),
  });
  // The versions first: /indicators/versions is not an indicator id.
  routes.add<IndicatorVersionRequest>({
    method: 'post',
    path: '/indicators/versions',
    tag: TAG,
    auth: EDITORS,
    body: 'indicators/indicator-version-request',
    summary: 'Propose a new catalogue version from the entries as they stand (HQ; one awaiting approval at a time; audited)',
    responses: {
      201: { description: 'The proposed version', schema: 'indicators/indicator-version' },
      403: { description: 'Not HQ' },
      409: { description: 'A version already awaits approval (invalid_state)' },
    },
    handler: ({ principal, body }): Promise<IndicatorVersion> => catalogue.propose(principal, body),
  });
  routes.add<IndicatorVersionRequest, unknown, IndicatorVersionParams>({
    method: 'post',
    path: '/indicators/versions/:version/approve',
    tag: TAG,
    auth: { roles: ['approver'] },
    params: 'indicators/indicator-version-params',
    body: 'indicators/indicator-version-request',
    summary: 'Approve and publish a proposed catalogue version: not by who proposed it or edited its entries (maker_checker); audited',
    responses: {
      200: { description: 'The published version', schema: 'indicators/indicator-version' },
      403: { description: 'Not HQ, or you proposed it or edited its entries (maker_checker)' },
      404: { description: 'No such version' },
      409: { description: 'Not proposed (invalid_state)' },
    },
    handler: ({ principal, params, body }): Promise<IndicatorVersion> => catalogue.approve(principal, params.version, body),
  });
  routes.add<unknown, unknown, IndicatorIdParams>({
    method: 'get',
    path: '/indicators/:indicatorId',
    tag: TAG,
    auth: READERS,
    params: 'indicators/indicator-id-params',
    summary: 'An indicator as it stands, as published, and its history of revisions',
    responses: { 200: { description: 'The indicator', schema: 'indicators/indicator-detail' }, 404: { description: 'No such indicator' } },
    handler: ({ params }): Promise<IndicatorDetail> => catalogue.detail(params.indicatorId),
  });
  routes.add<IndicatorUpdateRequest, unknown, IndicatorIdParams>({
    method: 'put',
    path: '/indicators/:indicatorId',
    tag: TAG,
    auth: EDITORS,
    params: 'indicators/indicator-id-params',
    body: 'indicators/indicator-update-request',
    summary:
      'Edit an indicator’s definition, formula, frequency, owner, process or criteria: a new revision with history (HQ; audited); published with the next approved version',
    responses: {
      200: { description: 'The indicator', schema: 'indicators/indicator-detail' },
      403: { description: 'Not HQ' },
      404: { description: 'No such indicator' },
      409: { description: 'Stale revision (stale_version)' },
    },
    handler: ({ principal, params, body }): Promise<IndicatorDetail> => catalogue.edit(principal, params.indicatorId, body),
  });
}
