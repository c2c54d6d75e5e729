import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { portfolioModels, type PolicyDocument } from '../../portfolio/portfolio.model';
import { collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../../store/keyset-page';

type StoredPolicy = PolicyDocument & { _id: string; gen?: number };

/** Policies page by their id (unique, sorts as text): the cursor is the last policyId. */
const BY_POLICY_ID = { key: '_id' } as const;

/** The imported policies (portfolio_policies, written by the `policies` import kind), read one by id or a page at a time. */
export class PolicyStore {
  private readonly policies: Collection<StoredPolicy>;

  constructor(connection: Connection) {
    this.policies = portfolioModels(connection).Policy.collection as unknown as Collection<StoredPolicy>;
  }

  /** By _id, the one lookup every engine serves from its primary key. */
  async find(policyId: string): Promise<PolicyDocument | undefined> {
    return (await this.policies.findOne({ _id: policyId })) ?? undefined;
  }

  /** One page in descending policyId order; the filters are the equality fields of the declared (orgUnit|insuranceType, _id) indexes. */
  page(filter: { orgUnits?: readonly string[]; insuranceType?: string }, request: PageRequest): Promise<KeysetPage<PolicyDocument>> {
    const query: Record<string, unknown> = {};
    if (filter.orgUnits) query.orgUnit = { $in: [...filter.orgUnits] };
    if (filter.insuranceType) query.insuranceType = filter.insuranceType;
    return readKeysetPage(collectionReader(this.policies), query, BY_POLICY_ID, request);
  }
}
