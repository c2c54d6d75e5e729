import type { OrgScope } from '../../authority/org-scope';
import type { PromiseList, PromiseQuery } from '../../generated/schema-types';
import type { RouteRegistry } from '../../http/routes';
import type { JobDefinition } from '../../jobs/job-definition';
import { defaultParams } from '../../jobs/job-settings';
import type { CollectionCaseStore } from '../cases/collection-case.store';
import { PromiseJudgementService, type PromiseJudgementDependencies } from './promise-judgement.service';
import type { PromiseStore } from './promise.store';
import { PromiseReads } from './promises.service';

export const PROMISES_JOB = 'collection-promises';

export function collectionPromisesJob(service: PromiseJudgementService): JobDefinition<'asOf'> {
  return {
    name: PROMISES_JOB,
    description:
      '还款承诺判定(第十条至第十二条):承诺日加宽限期已过的还款承诺,按案件资金方业务线贷款此后的还款判定为已履约、部分履约或违约;未履约的承诺以 collection.assignment 规则推进案件(升级处置或转集中催收),记入案件历史、审计并发布 collection.promise-broken。' +
      'Promises to pay (Art. 10-12): promises whose date plus the grace has passed are judged kept, partly kept or broken from the later repayments of the case line; a promise not kept runs collection.assignment, which may move the case on (the central team, the next treatment), recorded in the case history, the audit log and collection.promise-broken',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => service.run(context.params.asOf, PROMISES_JOB),
  };
}

const READERS = { roles: ['branch-operator', 'policy-owner', 'approver', 'auditor'] as const };

/** The promise judgement job and the promise API. The store is created earlier: the activity service records promises into it. */
export function registerPromises(
  routes: RouteRegistry,
  dependencies: PromiseJudgementDependencies & { orgScope: OrgScope; cases: CollectionCaseStore; promises: PromiseStore },
): JobDefinition<'asOf'> {
  const reads = new PromiseReads(dependencies.promises, dependencies.cases, dependencies.orgScope);
  routes.add<never, PromiseQuery>({
    method: 'get',
    path: '/collection/promises',
    tag: 'collections',
    auth: READERS,
    query: 'collections/promise-query',
    summary: 'Promises to pay of a case or an obligor with their status (open, kept, partly kept, broken, corrected), latest promised date first',
    responses: {
      200: { description: 'Promises', schema: 'collections/promise-list' },
      400: { description: 'Neither caseId nor obligorId' },
      404: { description: 'The case, or every promise of the obligor, outside your scope' },
    },
    handler: ({ principal, query }): Promise<PromiseList> => reads.list(principal, query),
  });
  return collectionPromisesJob(new PromiseJudgementService(dependencies));
}
