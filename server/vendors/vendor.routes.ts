import type {
  AdmissionDecisionRequest,
  AdmissionRequest,
  AgencyCheckRequest,
  AgencyCreateRequest,
  AgencyDetail,
  AgencyIdParams,
  AgencyList,
  AgencyQuery,
  AgencySuspendRequest,
  AgencyTerminateRequest,
  CloseRectificationRequest,
  PublishedAgencyList,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { AdmissionService } from './admission.service';
import type { AgencyRegister } from './agency-register.service';

const TAG = 'agencies';
/** Every staff role reads the register (branches place work with admitted agencies later); HQ alone changes it (checked in the services). */
const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const MAKERS = { roles: ['admin', 'policy-owner'] as const };
const CHECKERS = { roles: ['approver'] as const };
const DETAIL = {
  200: { description: 'The agency with its history', schema: 'vendors/agency-detail' },
  403: { description: 'Not an HQ user (out_of_scope), or a role the route does not allow' },
  404: { description: 'No such agency in the register' },
};
const STALE = { 409: { description: 'Stale revision (stale_version), or the agency is in a status that does not allow it (invalid_state)' } };
const PARAMS = 'vendors/agency-id-params';

export function registerVendorRoutes(routes: RouteRegistry, register: AgencyRegister, admission: AdmissionService): void {
  routes.add<never, AgencyQuery>({
    method: 'get',
    path: '/vendors',
    tag: TAG,
    auth: READERS,
    query: 'vendors/agency-query',
    summary: 'The agency register (collection and recovery agencies, law firms), newest change first; filter by status, kind, work kind, checks due by a day',
    responses: { 200: { description: 'Agencies (legal representatives masked)', schema: 'vendors/agency-list' } },
    handler: ({ query }): Promise<AgencyList> => register.list(query),
  });
  routes.add({
    method: 'get',
    path: '/vendors/published',
    tag: TAG,
    auth: READERS,
    summary: 'The published list of admitted agencies: name, kind, work kinds, admitted on (no personal data)',
    responses: { 200: { description: 'Admitted agencies', schema: 'vendors/published-agency-list' } },
    handler: (): Promise<PublishedAgencyList> => register.published(),
  });
  routes.add<AgencyCreateRequest>({
    method: 'post',
    path: '/vendors',
    tag: TAG,
    auth: MAKERS,
    body: 'vendors/agency-create-request',
    summary:
      'Register an agency’s application (HQ): credit code (GB 32100 check character verified), kind, work kinds, founding date, team, systems, legal representative',
    responses: {
      201: { description: 'The agency, applied', schema: 'vendors/agency-detail' },
      403: { description: 'Not an HQ user' },
      409: { description: 'The credit code is registered already (agency_registered)' },
    },
    handler: ({ principal, body }): Promise<AgencyDetail> => register.create(principal, body),
  });
  routes.add<unknown, unknown, AgencyIdParams>({
    method: 'get',
    path: '/vendors/:agencyId',
    tag: TAG,
    auth: READERS,
    params: PARAMS,
    summary: 'An agency with its checks, admission request and full history',
    responses: DETAIL,
    handler: ({ params }): Promise<AgencyDetail> => register.detail(params.agencyId),
  });
  const write = <Body>(
    path: string,
    auth: typeof MAKERS | typeof CHECKERS,
    body: string,
    summary: string,
    handler: (principal: never, id: string, body: Body) => Promise<AgencyDetail>,
    extra = {},
  ) =>
    routes.add<Body, unknown, AgencyIdParams>({
      method: 'post',
      path: `/vendors/:agencyId/${path}`,
      tag: TAG,
      auth,
      params: PARAMS,
      body,
      summary,
      responses: { ...DETAIL, ...STALE, ...extra },
      handler: ({ principal, params, body: request }) => handler(principal as never, params.agencyId, request),
    });
  write<AgencyCheckRequest>(
    'checks',
    MAKERS,
    'vendors/agency-check-request',
    'Record a dated check of the agency or its legal representative (result, source, evidence reference)',
    (principal, id, body) => register.recordCheck(principal, id, body),
  );
  write<AdmissionRequest>(
    'admission/request',
    MAKERS,
    'vendors/admission-request',
    'Request admission (maker): runs vendor.admission on the register’s facts as of today and keeps the decision id and evidence on the request',
    (principal, id, body) => admission.request(principal, id, body),
  );
  write<AdmissionDecisionRequest>(
    'admission/approve',
    CHECKERS,
    'vendors/admission-decision-request',
    'Approve the admission request (checker: a different person with the approver role); refused when the decision rejects',
    (principal, id, body) => admission.approve(principal, id, body),
    { 422: { description: 'The vendor.admission decision rejects the agency (admission_decision_rejects)' } },
  );
  write<AdmissionDecisionRequest>(
    'admission/reject',
    CHECKERS,
    'vendors/admission-decision-request',
    'Reject the admission request (checker)',
    (principal, id, body) => admission.reject(principal, id, body),
  );
  write<AgencySuspendRequest>(
    'suspend',
    MAKERS,
    'vendors/agency-suspend-request',
    'Suspend an admitted agency for rectification, with the reason (vendor.suspended)',
    (principal, id, body) => register.suspend(principal, id, body),
  );
  write<CloseRectificationRequest>(
    'rectification/close',
    MAKERS,
    'vendors/close-rectification-request',
    'Close a suspended agency’s rectification with evidence and a decision: reinstate (its checks must be in force) or terminate',
    (principal, id, body) => register.closeRectification(principal, id, body),
  );
  write<AgencyTerminateRequest>(
    'terminate',
    MAKERS,
    'vendors/agency-terminate-request',
    'Terminate the cooperation for good (vendor.terminated)',
    (principal, id, body) => register.terminate(principal, id, body),
  );
}
