import type { Policy, PolicyIdParams, PolicyList, PolicyQuery } from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { PolicyService } from './policy.service';

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };

/** The policies and their claim clauses, as imported (kind `policies`); read-only here. */
export function registerPolicyRoutes(routes: RouteRegistry, policies: PolicyService): void {
  routes.add<never, PolicyQuery>({
    method: 'get',
    path: '/policies',
    tag: 'claims',
    auth: READERS,
    query: 'portfolio/policy-query',
    summary: 'Policies with their claim clauses in your org unit and below, in descending policyId order; filter by insuranceType and orgUnit',
    responses: { 200: { description: 'Policies', schema: 'portfolio/policy-list' }, 403: { description: 'orgUnit outside your scope' } },
    handler: ({ principal, query }): Promise<PolicyList> => policies.list(principal, query),
  });
  routes.add<unknown, unknown, PolicyIdParams>({
    method: 'get',
    path: '/policies/:policyId',
    tag: 'claims',
    auth: READERS,
    params: 'portfolio/policy-id-params',
    summary:
      'A policy and its claim clause: insurance type, insured, claim point or waiting period, indemnity items, deductible, hotlines, credit-reporting authorisation',
    responses: { 200: { description: 'The policy', schema: 'portfolio/policy' }, 404: { description: 'No such policy in your scope' } },
    handler: ({ principal, params }): Promise<Policy> => policies.policy(principal, params.policyId),
  });
}
