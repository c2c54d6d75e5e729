import type {
  ComplaintContact,
  ComplaintContactRequest,
  ComplaintDetail,
  ComplaintIdParams,
  ComplaintIntakeRequest,
  ComplaintList,
  ComplaintQuery,
  ComplaintSettingsParams,
  ComplaintUnitSettings,
  ComplaintUnitSettingsRequest,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { ActionBody } from './complaint-actions';
import { ACTION_ROLES, COMPLAINT_ACTIONS, FROM } from './complaint-transitions';
import type { ComplaintsService } from './complaints.service';
import type { ComplaintUnitSettingsService } from './unit-settings';

const TAG = 'complaints';
const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };
const DETAIL = {
  200: { description: 'The complaint with its history', schema: 'complaints/complaint-detail' },
  404: { description: 'No such complaint in your scope' },
};
const SUMMARIES: Record<(typeof COMPLAINT_ACTIONS)[number], string> = {
  accept: 'Accept a received complaint, with the evidence: whether accepted is told within the time limit and kept on record (Art. 25); sets acceptedOn',
  reject: 'Reject a received complaint, with the reasons the complainant is told',
  investigate: 'Start or resume the investigation',
  extend: 'Extend the handling deadline of a complaint (approver), with the reason; sets extendedUntil',
  decide: 'Record the decision: outcome and responsibility attributed to each party (Art. 26); sets decidedOn',
  mediate: 'Record mediation where it applies: the mediation body, since when, the result',
  feedback: 'Record the feedback given to the complainant: day and channel',
  callback: 'Record the satisfaction call-back: day and result',
  'root-cause': 'Record the root cause: a code from the documented list and the text',
  submit: 'Submit for the closure review (Art. 29)',
  review:
    'The closure review (approver who handled none of the steps): close, or send back for rework; a close of an incomplete record sends it back with the missing items listed',
};

export function registerComplaintRoutes(routes: RouteRegistry, complaints: ComplaintsService, settings: ComplaintUnitSettingsService): void {
  // The settings first: /complaints/settings/... is not a complaint number.
  routes.add<unknown, unknown, ComplaintSettingsParams>({
    method: 'get',
    path: '/complaints/settings/:orgUnit',
    tag: TAG,
    auth: READERS,
    params: 'complaints/complaint-settings-params',
    summary: "A unit's complaint organisation (Art. 24) and published channels (Art. 25)",
    responses: {
      200: { description: 'The settings (revision 0: not set yet)', schema: 'complaints/complaint-unit-settings' },
      404: { description: 'Unit outside your scope' },
    },
    handler: ({ principal, params }): Promise<ComplaintUnitSettings> => settings.get(principal, params.orgUnit),
  });
  routes.add<ComplaintUnitSettingsRequest, unknown, ComplaintSettingsParams>({
    method: 'put',
    path: '/complaints/settings/:orgUnit',
    tag: TAG,
    auth: { roles: ['admin'] },
    params: 'complaints/complaint-settings-params',
    body: 'complaints/complaint-unit-settings-request',
    summary: "Set a unit's senior manager, complaint department and channels (HQ admins; an online channel is required for internet business; audited)",
    responses: {
      200: { description: 'The settings stored', schema: 'complaints/complaint-unit-settings' },
      403: { description: 'Not HQ' },
      409: { description: 'Stale revision (stale_version)' },
    },
    handler: ({ principal, params, body }): Promise<ComplaintUnitSettings> => settings.set(principal, params.orgUnit, body),
  });
  routes.add<ComplaintIntakeRequest>({
    method: 'post',
    path: '/complaints',
    tag: TAG,
    auth: { roles: ['branch-operator'] },
    body: 'complaints/complaint-intake-request',
    summary: 'Log a complaint as received: numbered TS-<unit>-<yyyymm>-<seq>, the complainant sealed and shown masked (Art. 31); publishes complaint.received',
    responses: { 201: { description: 'The complaint', schema: 'complaints/complaint-detail' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, body }): Promise<ComplaintDetail> => complaints.intake(principal, body),
  });
  routes.add<never, ComplaintQuery>({
    method: 'get',
    path: '/complaints',
    tag: TAG,
    auth: READERS,
    query: 'complaints/complaint-query',
    summary:
      'The complaint queue in your org unit and below: newest received first, or nearest deadline first (order=deadline); filter by status, unit, subject, agency, month',
    responses: { 200: { description: 'Complaints', schema: 'complaints/complaint-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<ComplaintList> => complaints.list(principal, query),
  });
  routes.add<unknown, unknown, ComplaintIdParams>({
    method: 'get',
    path: '/complaints/:complaintId',
    tag: TAG,
    auth: READERS,
    params: 'complaints/complaint-id-params',
    summary: 'A complaint with its full history',
    responses: DETAIL,
    handler: ({ principal, params }): Promise<ComplaintDetail> => complaints.detail(principal, params.complaintId),
  });
  routes.add<ComplaintContactRequest, unknown, ComplaintIdParams>({
    method: 'post',
    path: '/complaints/:complaintId/complainant/open',
    tag: TAG,
    auth: { roles: ['branch-operator'] },
    params: 'complaints/complaint-id-params',
    body: 'complaints/complaint-contact-request',
    summary:
      'Open the sealed complainant contact for the feedback or the call-back (Arts 28, 31): handlers only, once decided, rejected or in rework; the opening is audited, the values never logged',
    responses: {
      200: { description: "The complainant's contact", schema: 'complaints/complaint-contact' },
      404: { description: 'No such complaint in your scope' },
      409: { description: 'Not at the feedback yet (invalid_state)' },
    },
    handler: ({ principal, params, body }): Promise<ComplaintContact> => complaints.openContact(principal, params.complaintId, body.purpose),
  });
  for (const action of COMPLAINT_ACTIONS) {
    routes.add<ActionBody, unknown, ComplaintIdParams>({
      method: 'post',
      path: `/complaints/:complaintId/${action}`,
      tag: TAG,
      auth: { roles: ACTION_ROLES[action] },
      params: 'complaints/complaint-id-params',
      body: `complaints/complaint-${action}-request`,
      summary: `${SUMMARIES[action]} (from ${FROM[action].join(', ')})`,
      responses: {
        ...DETAIL,
        403: { description: 'Not your role, or (review) you handled this complaint (maker_checker)' },
        409: { description: 'Stale revision (stale_version), or a step the complaint is not ready for (invalid_state)' },
      },
      handler: ({ principal, params, body }): Promise<ComplaintDetail> => complaints.act(principal, params.complaintId, action, body),
    });
  }
}
