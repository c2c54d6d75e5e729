import type {
  EliminationDecisionRequest,
  EliminationIdParams,
  EliminationProposal,
  EliminationProposalList,
  EliminationQuery,
  Scorecard,
  ScorecardCooperationInput,
  ScorecardCooperationRequest,
  ScorecardList,
  ScorecardMonthParams,
  ScorecardQuery,
  ScorecardRunRequest,
  ScorecardRunResult,
} from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { AgencyIdParams } from '../../generated/schema-types';
import type { EliminationProposals } from './elimination.service';
import type { Scorecards } from './scorecards';

const TAG = 'agencies';
/** Every staff role reads scorecards and proposals (branches place work by them); HQ alone runs, rates and decides (checked in the services). */
const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const MAKERS = { roles: ['admin', 'policy-owner'] as const };
const CHECKERS = { roles: ['approver'] as const };

/** Registered before the register's `/vendors/:agencyId` so that `/vendors/scorecards` and `/vendors/eliminations` are not taken for agency ids. */
export function registerScorecardRoutes(routes: RouteRegistry, scorecards: Scorecards, proposals: EliminationProposals): void {
  routes.add<ScorecardRunRequest>({
    method: 'post',
    path: '/vendors/scorecards/run',
    tag: TAG,
    auth: MAKERS,
    body: 'vendors/scorecard-run-request',
    summary: 'Compute the scorecards of a month now (HQ), as the monthly vendor-scorecards job does; a scorecard whose inputs did not change is left alone',
    responses: { 200: { description: 'What the run wrote', schema: 'vendors/scorecard-run-result' }, 403: { description: 'Not an HQ user' } },
    handler: ({ principal, body }): Promise<ScorecardRunResult> => scorecards.run(principal, body.month),
  });
  routes.add<never, ScorecardQuery>({
    method: 'get',
    path: '/vendors/scorecards',
    tag: TAG,
    auth: READERS,
    query: 'vendors/scorecard-query',
    summary: 'The scorecards of a month (default: the month before this one), by agency',
    responses: { 200: { description: 'Scorecards', schema: 'vendors/scorecard-list' } },
    handler: ({ query }): Promise<ScorecardList> => scorecards.ofMonth(query.month),
  });
  routes.add<never, EliminationQuery>({
    method: 'get',
    path: '/vendors/eliminations',
    tag: TAG,
    auth: READERS,
    query: 'vendors/elimination-query',
    summary: 'Elimination proposals (Art. 22(2)), newest change first; filter by state (proposed: the approvers’ inbox)',
    responses: { 200: { description: 'Proposals', schema: 'vendors/elimination-proposal-list' } },
    handler: ({ query }): Promise<EliminationProposalList> => proposals.list(query.state),
  });
  routes.add<unknown, unknown, EliminationIdParams>({
    method: 'get',
    path: '/vendors/eliminations/:proposalId',
    tag: TAG,
    auth: READERS,
    params: 'vendors/elimination-id-params',
    summary: 'One elimination proposal',
    responses: { 200: { description: 'The proposal', schema: 'vendors/elimination-proposal' }, 404: { description: 'No such proposal' } },
    handler: ({ params }): Promise<EliminationProposal> => proposals.detail(params.proposalId),
  });
  for (const action of ['approve', 'reject'] as const)
    routes.add<EliminationDecisionRequest, unknown, EliminationIdParams>({
      method: 'post',
      path: `/vendors/eliminations/:proposalId/${action}`,
      tag: TAG,
      auth: CHECKERS,
      params: 'vendors/elimination-id-params',
      body: 'vendors/elimination-decision-request',
      summary:
        action === 'approve'
          ? 'Approve an elimination proposal (checker: not its proposer): the agency is terminated through the register (vendor.terminated)'
          : 'Reject an elimination proposal (checker: not its proposer): the agency stays',
      responses: {
        200: { description: 'The proposal, decided', schema: 'vendors/elimination-proposal' },
        403: { description: 'The proposer, or an account they control (maker_checker); not an HQ user (out_of_scope)' },
        404: { description: 'No such proposal' },
        409: { description: 'Stale revision (stale_version), or decided already (invalid_state)' },
      },
      handler: ({ principal, params, body }): Promise<EliminationProposal> => proposals.decide(action, principal, params.proposalId, body),
    });
  routes.add<unknown, unknown, AgencyIdParams>({
    method: 'get',
    path: '/vendors/:agencyId/scorecards',
    tag: TAG,
    auth: READERS,
    params: 'vendors/agency-id-params',
    summary: 'An agency’s scorecards over the months, newest first',
    responses: { 200: { description: 'Scorecards', schema: 'vendors/scorecard-list' }, 404: { description: 'No such agency' } },
    handler: ({ params }): Promise<ScorecardList> => scorecards.ofAgency(params.agencyId),
  });
  routes.add<unknown, unknown, ScorecardMonthParams>({
    method: 'get',
    path: '/vendors/:agencyId/scorecards/:month',
    tag: TAG,
    auth: READERS,
    params: 'vendors/scorecard-month-params',
    summary: 'An agency’s scorecard of a month, with its inputs and the vendor.assessment decision (printable JSON)',
    responses: { 200: { description: 'The scorecard', schema: 'vendors/scorecard' }, 404: { description: 'No scorecard of that month' } },
    handler: ({ params }): Promise<Scorecard> => scorecards.one(params.agencyId, params.month),
  });
  routes.add<ScorecardCooperationRequest, unknown, ScorecardMonthParams>({
    method: 'put',
    path: '/vendors/:agencyId/scorecards/:month/cooperation',
    tag: TAG,
    auth: MAKERS,
    params: 'vendors/scorecard-month-params',
    body: 'vendors/scorecard-cooperation-request',
    summary: 'Enter the cooperation inputs of an agency for a month (HQ): response hours, data completeness, a rating; the next run of the month uses them',
    responses: {
      200: { description: 'The inputs as stored', schema: 'vendors/scorecard-cooperation-input' },
      403: { description: 'Not an HQ user' },
      404: { description: 'No such agency' },
    },
    handler: ({ principal, params, body }): Promise<ScorecardCooperationInput> => scorecards.rateCooperation(principal, params.agencyId, params.month, body),
  });
}
