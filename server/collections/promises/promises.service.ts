import { isVisible, type OrgScope } from '../../authority/org-scope';
import type { PromiseList, PromiseQuery, PromiseRecord } from '../../generated/schema-types';
import { NotFoundError, ValidationError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import type { CollectionCaseStore } from '../cases/collection-case.store';
import type { PromiseDocument, PromiseStore } from './promise.store';

/** The promises to pay of a case or an obligor, within the caller's scope (a case or obligor outside it answers 404, like the case API). */
export class PromiseReads {
  constructor(
    private readonly promises: PromiseStore,
    private readonly cases: CollectionCaseStore,
    private readonly scope: OrgScope,
  ) {}

  async list(principal: Principal, query: PromiseQuery): Promise<PromiseList> {
    if (!query.caseId && !query.obligorId)
      throw new ValidationError('Name a case or an obligor', [{ path: '/query/caseId', message: 'caseId or obligorId is required' }]);
    let found: PromiseDocument[];
    if (query.caseId) {
      const record = await this.cases.find(query.caseId);
      if (!record || !(await isVisible(this.scope, principal, record.orgUnit))) throw new NotFoundError(`No collection case "${query.caseId}"`);
      found = (await this.promises.ofCase(query.caseId)).filter((promise) => !query.obligorId || promise.obligorId === query.obligorId);
    } else {
      const all = await this.promises.ofObligor(query.obligorId!);
      found = [];
      for (const promise of all) if (await isVisible(this.scope, principal, promise.orgUnit)) found.push(promise);
      if (found.length === 0) throw new NotFoundError(`No promise to pay of obligor "${query.obligorId}" in your scope`, 'unknown_obligor');
    }
    const items = found
      .filter((promise) => !query.status || promise.status === query.status)
      .sort((a, b) => (a.dueOn > b.dueOn ? -1 : a.dueOn < b.dueOn ? 1 : b.madeAt.getTime() - a.madeAt.getTime()));
    return { items: items.map(toPromiseView) };
  }
}

export function toPromiseView(promise: PromiseDocument): PromiseRecord {
  return {
    promiseId: promise._id,
    obligorId: promise.obligorId,
    loanId: promise.loanId,
    orgUnit: promise.orgUnit,
    madeAt: promise.madeAt.toISOString(),
    madeOn: promise.madeOn,
    dueOn: promise.dueOn,
    amount: promise.amountCents / 100,
    status: promise.status,
    caseId: promise.caseId,
    judgedOn: promise.judgedOn,
    paid: promise.paidCents === null ? null : promise.paidCents / 100,
    repaymentIds: promise.repaymentIds,
    decisionId: promise.decisionId,
    correctedBy: promise.correctedBy,
  };
}
