import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/vendors (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  AdmissionDecisionRequest,
  AdmissionRequest,
  Agency,
  AgencyCheck,
  AgencyCheckRequest,
  AgencyCreateRequest,
  AgencyDetail,
  AgencyList,
  AgencyQuery,
  AgencySuspendRequest,
  AgencyTerminateRequest,
  ChangeEntry,
  CloseRectificationRequest,
  PublishedAgencyList,
  Agreement,
  AgreementConsentRequest,
  AgreementList,
  AgreementSignRequest,
  AgreementTemplateList,
  AgencyExit,
  AgencyExitAttestationRequest,
  EliminationDecisionRequest,
  EliminationProposal,
  EliminationProposalList,
  Placement,
  PlacementList,
  Scorecard,
  ScorecardList,
} from '../../../server/generated/schema-types';

export type { Agreement, AgreementSignRequest, AgencyExit, AgencyExitAttestationRequest, EliminationProposal, Placement, Scorecard };
export type { Agency, AgencyCheck, AgencyCheckRequest, AgencyCreateRequest, AgencyDetail, AgencyQuery, ChangeEntry, PublishedAgencyList };

const agency = (id: string) => `/vendors/${encodeURIComponent(id)}`;

/** One typed call per route of the agency register (server/vendors/vendor.routes.ts, docs/vendors.md). */
export const vendorEndpoints = {
  list: (query: AgencyQuery, signal?: AbortSignal) => api<AgencyList>('GET', `/vendors${queryString(query)}`, undefined, signal),
  published: () => api<PublishedAgencyList>('GET', '/vendors/published'),
  /** The admission requests waiting for a checker (the approvers' inbox). */
  awaitingAdmission: () => api<AgencyList>('GET', '/vendors?awaiting=admission&limit=100'),
  create: (body: AgencyCreateRequest) => api<AgencyDetail>('POST', '/vendors', body),
  detail: (id: string) => api<AgencyDetail>('GET', agency(id)),
  recordCheck: (id: string, body: AgencyCheckRequest) => api<AgencyDetail>('POST', `${agency(id)}/checks`, body),
  requestAdmission: (id: string, body: AdmissionRequest) => api<AgencyDetail>('POST', `${agency(id)}/admission/request`, body),
  approve: (id: string, body: AdmissionDecisionRequest) => api<AgencyDetail>('POST', `${agency(id)}/admission/approve`, body),
  reject: (id: string, body: AdmissionDecisionRequest) => api<AgencyDetail>('POST', `${agency(id)}/admission/reject`, body),
  suspend: (id: string, body: AgencySuspendRequest) => api<AgencyDetail>('POST', `${agency(id)}/suspend`, body),
  closeRectification: (id: string, body: CloseRectificationRequest) => api<AgencyDetail>('POST', `${agency(id)}/rectification/close`, body),
  terminate: (id: string, body: AgencyTerminateRequest) => api<AgencyDetail>('POST', `${agency(id)}/terminate`, body),
};

/** Agreements, placements, the exit, scorecards and elimination proposals (server/vendors/placements and scorecards routes). */
export const agencyWorkEndpoints = {
  templates: () => api<AgreementTemplateList>('GET', '/agreement-templates'),
  agreements: (id: string) => api<AgreementList>('GET', `${agency(id)}/agreements`),
  sign: (id: string, body: AgreementSignRequest) => api<Agreement>('POST', `${agency(id)}/agreements`, body),
  consent: (agreementId: string, body: AgreementConsentRequest) => api<Agreement>('POST', `/agreements/${encodeURIComponent(agreementId)}/consent`, body),
  refuse: (agreementId: string, body: AgreementConsentRequest) => api<Agreement>('POST', `/agreements/${encodeURIComponent(agreementId)}/refuse`, body),
  /** An agency's placements, open or recalled (the newest 100 of each). */
  placements: (id: string, status: 'open' | 'recalled') => api<PlacementList>('GET', `/placements${queryString({ agencyId: id, status, limit: 100 })}`),
  recall: (placementId: string, reason: string) => api<Placement>('POST', `/placements/${encodeURIComponent(placementId)}/recall`, { reason }),
  exit: (id: string) => api<AgencyExit>('GET', `${agency(id)}/exit`),
  attest: (id: string, body: AgencyExitAttestationRequest) => api<AgencyExit>('POST', `${agency(id)}/exit/attestation`, body),
  scorecards: (id: string) => api<ScorecardList>('GET', `${agency(id)}/scorecards`),
  /** The elimination proposals waiting for a checker (the approvers' inbox). */
  proposedEliminations: () => api<EliminationProposalList>('GET', '/vendors/eliminations?state=proposed'),
  decideElimination: (proposalId: string, action: 'approve' | 'reject', body: EliminationDecisionRequest) =>
    api<EliminationProposal>('POST', `/vendors/eliminations/${encodeURIComponent(proposalId)}/${action}`, body),
};
