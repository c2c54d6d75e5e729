import { isVisible, visibleUnits, type OrgScope } from '../../authority/org-scope';
import type { ClaimCaseActionParams, ClaimDeadlineCase, ClaimDeadlineList, ClaimDeadlineQuery } from '../../generated/schema-types';
import { NotFoundError } from '../../http/errors';
import type { RouteRegistry } from '../../http/routes';
import type { ClaimCaseStore } from '../claim-case.store';
import type { ClaimDeadlineRecord, ClaimDeadlineStore } from './claim-deadline.store';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };

/** The workbench's queue (by next due date) and one case's deadlines, within the caller's org unit and below. */
export function registerClaimDeadlineRoutes(routes: RouteRegistry, deadlines: ClaimDeadlineStore, cases: ClaimCaseStore, scope: OrgScope): void {
  routes.add<never, ClaimDeadlineQuery>({
    method: 'get',
    path: '/claim-deadlines',
    tag: 'claims',
    auth: READERS,
    query: 'claims/claim-deadline-query',
    summary:
      'Claim cases in the workflow by next deadline (claim.handling: decision and payment limits), earliest first; filter by status, deadline state, unit',
    responses: { 200: { description: 'The queue', schema: 'claims/claim-deadline-list' } },
    handler: async ({ principal, query }): Promise<ClaimDeadlineList> => {
      const orgUnits = await visibleUnits(scope, principal, query.orgUnit);
      const items = await deadlines.list({ orgUnits, status: query.status, state: query.state, limit: query.limit ?? 100 });
      return { items: items.map(toView) };
    },
  });
  routes.add<unknown, unknown, ClaimCaseActionParams>({
    method: 'get',
    path: '/claim-deadlines/:caseId',
    tag: 'claims',
    auth: READERS,
    params: 'claims/claim-case-action-params',
    summary: "A claim case's current deadlines",
    responses: {
      200: { description: 'The deadlines', schema: 'claims/claim-deadline-case' },
      404: { description: 'No such case in your scope' },
    },
    handler: async ({ principal, params }): Promise<ClaimDeadlineCase> => {
      const record = await cases.find(params.caseId);
      if (!record || !(await isVisible(scope, principal, record.orgUnit))) throw new NotFoundError(`No claim case "${params.caseId}"`);
      const reading = await deadlines.find(params.caseId);
      if (reading) return toView(reading);
      // A case not in the workflow yet (or not read since): no clock runs.
      return {
        caseId: record._id,
        loanId: record.loanId,
        orgUnit: record.orgUnit,
        status: record.status,
        asOf: null,
        nextDueOn: null,
        state: 'none',
        deadlines: [],
        escalations: [],
        decisionId: null,
        ruleSet: null,
      };
    },
  });
}

function toView(record: ClaimDeadlineRecord): ClaimDeadlineCase {
  return {
    caseId: record._id,
    loanId: record.loanId,
    orgUnit: record.orgUnit,
    status: record.status,
    asOf: record.asOf,
    nextDueOn: record.nextDueOn,
    state: record.state,
    deadlines: record.deadlines,
    escalations: record.escalations,
    decisionId: record.decisionId,
    ruleSet: record.ruleSet,
  };
}
