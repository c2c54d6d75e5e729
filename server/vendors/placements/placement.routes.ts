import type {
  Agreement,
  AgreementConsentRequest,
  AgreementIdParams,
  AgreementList,
  AgreementSignRequest,
  AgreementTemplate,
  AgreementTemplateCreateRequest,
  AgreementTemplateIdParams,
  AgreementTemplateList,
  AgreementTemplateReviseRequest,
  AgencyExit,
  AgencyExitAttestationRequest,
  AgencyIdParams,
  Placement,
  PlacementIdParams,
  PlacementList,
  PlacementQuery,
  PlacementRecallRequest,
  PlacementRequest,
} from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { AgreementService } from '../agreements/agreements.service';
import type { AgencyExits } from './agency-exit';
import type { PlacementService } from './placements.service';

const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const MAKERS = { roles: ['admin', 'policy-owner'] as const };
const CHECKERS = { roles: ['approver'] as const };
/** Who places and recalls: the collection staff who work the cases, and the policy owners. */
const PLACERS = { roles: ['branch-operator', 'policy-owner'] as const };
const AGREEMENT = { 200: { description: 'The agreement', schema: 'vendors/agreement' }, 404: { description: 'No such agreement' } };
const TEMPLATE = { 200: { description: 'The template with its versions', schema: 'vendors/agreement-template' } };
const PLACEMENT = { 200: { description: 'The placement', schema: 'vendors/placement' }, 404: { description: 'No such placement in your scope' } };

/** Agreement templates, agreements, placements and the exit of a terminated agency (docs/vendors.md). */
export function registerPlacementRoutes(
  routes: RouteRegistry,
  agreements: AgreementService,
  placements: PlacementService,
  exits: AgencyExits,
  today: () => string,
): void {
  routes.add({
    method: 'get',
    path: '/agreement-templates',
    tag: 'agencies',
    auth: READERS,
    summary: 'Agreement templates with every version (compliance duties, rights and obligations, confidentiality, sub-delegation)',
    responses: { 200: { description: 'Templates', schema: 'vendors/agreement-template-list' } },
    handler: (): Promise<AgreementTemplateList> => agreements.templates(),
  });
  routes.add<AgreementTemplateCreateRequest>({
    method: 'post',
    path: '/agreement-templates',
    tag: 'agencies',
    auth: MAKERS,
    body: 'vendors/agreement-template-create-request',
    summary: 'A new agreement template, version 1 (HQ; audited)',
    responses: {
      201: { description: 'The template', schema: 'vendors/agreement-template' },
      403: { description: 'Not HQ' },
      409: { description: 'The id exists' },
    },
    handler: ({ principal, body }): Promise<AgreementTemplate> => agreements.createTemplate(principal, body),
  });
  routes.add<unknown, unknown, AgreementTemplateIdParams>({
    method: 'get',
    path: '/agreement-templates/:templateId',
    tag: 'agencies',
    auth: READERS,
    params: 'vendors/agreement-template-id-params',
    summary: 'An agreement template with every version',
    responses: { ...TEMPLATE, 404: { description: 'No such template' } },
    handler: ({ params }): Promise<AgreementTemplate> => agreements.template(params.templateId),
  });
  routes.add<AgreementTemplateReviseRequest, unknown, AgreementTemplateIdParams>({
    method: 'post',
    path: '/agreement-templates/:templateId/versions',
    tag: 'agencies',
    auth: MAKERS,
    params: 'vendors/agreement-template-id-params',
    body: 'vendors/agreement-template-revise-request',
    summary: 'A new version of a template (HQ; the revision read, 409 when stale; agreements keep the version they were signed on)',
    responses: { ...TEMPLATE, 404: { description: 'No such template' }, 409: { description: 'Stale revision' } },
    handler: ({ principal, params, body }): Promise<AgreementTemplate> => agreements.reviseTemplate(principal, params.templateId, body),
  });
  routes.add<unknown, unknown, AgencyIdParams>({
    method: 'get',
    path: '/vendors/:agencyId/agreements',
    tag: 'agencies',
    auth: READERS,
    params: 'vendors/agency-id-params',
    summary: 'The agreements of an agency, with their status, consent and open placements',
    responses: { 200: { description: 'Agreements', schema: 'vendors/agreement-list' }, 404: { description: 'No such agency' } },
    handler: ({ params }): Promise<AgreementList> => agreements.ofAgency(params.agencyId),
  });
  routes.add<AgreementSignRequest, unknown, AgencyIdParams>({
    method: 'post',
    path: '/vendors/:agencyId/agreements',
    tag: 'agencies',
    auth: MAKERS,
    params: 'vendors/agency-id-params',
    body: 'vendors/agreement-sign-request',
    summary: 'An agreement signed by an org unit of your scope with an admitted agency: active at once for HQ, waiting for HQ’s consent for a branch',
    responses: {
      201: { description: 'The agreement', schema: 'vendors/agreement' },
      403: { description: 'The org unit is outside your scope' },
      404: { description: 'No such agency' },
      422: { description: 'The agency is not admitted (agency_not_admitted)' },
    },
    handler: ({ principal, params, body }): Promise<Agreement> => agreements.sign(principal, params.agencyId, body),
  });
  for (const [action, verb] of [
    ['consent', 'HQ consents to a branch’s agreement (a different person with the approver role): it becomes active'],
    ['refuse', 'HQ refuses its consent: the agreement stays inactive for good'],
  ] as const)
    routes.add<AgreementConsentRequest, unknown, AgreementIdParams>({
      method: 'post',
      path: `/agreements/:agreementId/${action}`,
      tag: 'agencies',
      auth: CHECKERS,
      params: 'vendors/agreement-id-params',
      body: 'vendors/agreement-consent-request',
      summary: verb,
      responses: {
        ...AGREEMENT,
        403: { description: 'Not HQ, or the signer (maker_checker)' },
        409: { description: 'Stale revision, or not waiting for consent' },
      },
      handler: ({ principal, params, body }): Promise<Agreement> =>
        action === 'consent' ? agreements.consent(principal, params.agreementId, body) : agreements.refuse(principal, params.agreementId, body),
    });
  routes.add<never, PlacementQuery>({
    method: 'get',
    path: '/placements',
    tag: 'agencies',
    auth: READERS,
    query: 'vendors/placement-query',
    summary: 'Placements of cases with agencies in your org unit and below, newest change first; filter by agency, status, case',
    responses: { 200: { description: 'Placements', schema: 'vendors/placement-list' } },
    handler: ({ principal, query }): Promise<PlacementList> => placements.list(principal, query),
  });
  routes.add<PlacementRequest>({
    method: 'post',
    path: '/placements',
    tag: 'agencies',
    auth: PLACERS,
    body: 'vendors/placement-request',
    summary: 'Place a case of your scope with an admitted agency under an active agreement covering its unit, within the agreement’s capacity',
    responses: {
      201: { description: 'The placement', schema: 'vendors/placement' },
      404: { description: 'No such case in your scope' },
      409: { description: 'The case is closed or placed already (invalid_state)' },
      422: { description: 'agency_not_admitted, agency_lacks_work_kind, no_agreement or agency_at_capacity' },
    },
    handler: ({ principal, body }): Promise<Placement> => placements.place(principal, body),
  });
  routes.add<unknown, unknown, PlacementIdParams>({
    method: 'get',
    path: '/placements/:placementId',
    tag: 'agencies',
    auth: READERS,
    params: 'vendors/placement-id-params',
    summary: 'A placement and its recall',
    responses: PLACEMENT,
    handler: ({ principal, params }): Promise<Placement> => placements.detail(principal, params.placementId),
  });
  routes.add<PlacementRecallRequest, unknown, PlacementIdParams>({
    method: 'post',
    path: '/placements/:placementId/recall',
    tag: 'agencies',
    auth: PLACERS,
    params: 'vendors/placement-id-params',
    body: 'vendors/placement-recall-request',
    summary: 'Recall a placed case from its agency, with the reason (the case’s history and the audit log keep it)',
    responses: { ...PLACEMENT, 409: { description: 'Recalled already' } },
    handler: ({ principal, params, body }): Promise<Placement> => placements.recall(principal, params.placementId, body),
  });
  routes.add<unknown, unknown, AgencyIdParams>({
    method: 'get',
    path: '/vendors/:agencyId/exit',
    tag: 'agencies',
    auth: READERS,
    params: 'vendors/agency-id-params',
    summary: 'The exit of a terminated agency: the placements recalled, the data-purge attestation (null while due), what the platform keeps',
    responses: { 200: { description: 'The exit', schema: 'vendors/agency-exit' }, 404: { description: 'The agency was not terminated' } },
    handler: ({ params }): Promise<AgencyExit> => exits.get(params.agencyId),
  });
  routes.add<AgencyExitAttestationRequest, unknown, AgencyIdParams>({
    method: 'post',
    path: '/vendors/:agencyId/exit/attestation',
    tag: 'agencies',
    auth: MAKERS,
    params: 'vendors/agency-id-params',
    body: 'vendors/agency-exit-attestation-request',
    summary: 'Record the terminated agency’s data-purge attestation: what it purged, when, who signed, the evidence (HQ; once)',
    responses: {
      200: { description: 'The exit', schema: 'vendors/agency-exit' },
      404: { description: 'The agency was not terminated' },
      409: { description: 'Recorded already' },
    },
    handler: ({ principal, params, body }): Promise<AgencyExit> => exits.attest(principal, params.agencyId, body, today()),
  });
}
