import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isVisible, visibleUnits, unitFilter, type OrgScope } from '../../authority/org-scope';
import type { Policy, PolicyList, PolicyQuery } from '../../generated/schema-types';
import { yuanFromCents } from '../../ground/money';
import { NotFoundError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { portfolioModels, type PolicyDocument } from '../../portfolio/portfolio.model';
import { collectionReader, readKeysetPage } from '../../store/keyset-page';

type StoredPolicy = PolicyDocument & { _id: string; gen?: number };

/** Policies page by their id (unique, sorts as text): the cursor is the last policyId. */
const BY_POLICY_ID = { key: '_id' } as const;

/**
 * Reads of the imported policies and their claim clauses, within the caller's org scope: a
 * branch sees its subtree's policies and is told another unit's policy does not exist (404).
 */
export class PolicyService {
  private readonly policies: Collection<StoredPolicy>;

  constructor(
    connection: Connection,
    private readonly scope: OrgScope,
  ) {
    this.policies = portfolioModels(connection).Policy.collection as unknown as Collection<StoredPolicy>;
  }

  async policy(principal: Principal, policyId: string): Promise<Policy> {
    // By _id, the one lookup every engine serves from its primary key.
    const stored = await this.policies.findOne({ _id: policyId });
    if (!stored || !(await isVisible(this.scope, principal, stored.orgUnit))) throw new NotFoundError(`No policy "${policyId}"`);
    return toPolicyView(stored);
  }

  /** One page; the filters are equality fields of the declared (orgUnit|insuranceType, _id) indexes, the page walks _id. */
  async list(principal: Principal, query: PolicyQuery): Promise<PolicyList> {
    const filter: Record<string, unknown> = { ...unitFilter(await visibleUnits(this.scope, principal, query.orgUnit)) };
    if (query.insuranceType) filter.insuranceType = query.insuranceType;
    const page = await readKeysetPage(collectionReader(this.policies), filter, BY_POLICY_ID, { before: query.before, limit: query.limit ?? 100 });
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
