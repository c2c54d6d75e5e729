import { isVisible, visibleUnits, type OrgScope } from '../../authority/org-scope';
import type { Policy, PolicyList, PolicyQuery } from '../../generated/schema-types';
import { yuanFromCents } from '../../ground/money';
import { NotFoundError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import type { PolicyDocument } from '../../portfolio/portfolio.model';
import type { PolicyStore } from './policy.store';

/**
 * Reads of the imported policies and their claim clauses, within the caller's org scope: a
 * branch sees its subtree's policies and is told another unit's policy does not exist (404).
 */
export class PolicyService {
  constructor(
    private readonly policies: PolicyStore,
    private readonly scope: OrgScope,
  ) {}

  async policy(principal: Principal, policyId: string): Promise<Policy> {
    const stored = await this.policies.find(policyId);
    if (!stored || !(await isVisible(this.scope, principal, stored.orgUnit))) throw new NotFoundError(`No policy "${policyId}"`);
    return toPolicyView(stored);
  }

  async list(principal: Principal, query: PolicyQuery): Promise<PolicyList> {
    const page = await this.policies.page(
      { orgUnits: await visibleUnits(this.scope, principal, query.orgUnit), insuranceType: query.insuranceType },
      { before: query.before, limit: query.limit ?? 100 },
    );
    return { items: page.items.map(toPolicyView), ...(page.nextBefore !== undefined ? { nextBefore: page.nextBefore } : {}) };
  }
}

/** The stored policy as the import row that made it: amounts back in yuan, so a read can be re-imported as is. */
export function toPolicyView(stored: PolicyDocument): Policy {
  return {
    policyId: stored.policyId,
    orgUnit: stored.orgUnit,
    insuranceType: stored.insuranceType,
    insuredId: stored.insuredId,
    ...(stored.claimPointDays !== undefined ? { claimPointDays: stored.claimPointDays } : {}),
    ...(stored.waitingPeriodDays !== undefined ? { waitingPeriodDays: stored.waitingPeriodDays } : {}),
    coversInterest: stored.coversInterest,
    coversPenaltyInterest: stored.coversPenaltyInterest,
    deductible: yuanFromCents(stored.deductibleCents),
    complaintHotline: stored.complaintHotline,
    claimReportHotline: stored.claimReportHotline,
    creditReportingAuthorised: stored.creditReportingAuthorised,
    ...(stored.decisionLimitDays !== undefined ? { decisionLimitDays: stored.decisionLimitDays } : {}),
    ...(stored.paymentLimitDays !== undefined ? { paymentLimitDays: stored.paymentLimitDays } : {}),
  };
}
