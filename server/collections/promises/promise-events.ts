import type { PlatformEvent } from '../../events/platform-events';
import type { CollectionCaseRecord } from '../cases/collection-case.model';
import type { PromiseDocument } from './promise.store';

/**
 * collection.promise-broken (schemas/collections/promise-event-data.json): a promise to pay was
 * judged broken. Ids, days and the case's handler after the rules ran; no amounts and no personal
 * data (Art. 31). The id names the promise, so it is published once however often the job runs.
 */
export function promiseBrokenEvent(
  promise: PromiseDocument,
  record: CollectionCaseRecord,
  decisionId: string | null,
  judgedOn: string,
  at: Date,
): PlatformEvent {
  return {
    id: `collection.promise-broken:${promise._id}`,
    type: 'collection.promise-broken',
    orgUnit: record.orgUnit,
    occurredAt: at,
    data: {
      promiseId: promise._id,
      caseId: record._id,
      obligorId: promise.obligorId,
      ...(promise.loanId ? { loanId: promise.loanId } : {}),
      madeOn: promise.madeOn,
      dueOn: promise.dueOn,
      judgedOn,
      brokenPromises: record.promises?.broken ?? 1,
      stage: record.stage,
      handler: record.handler?.type ?? null,
      ...(record.handler?.agencyCategory ? { agencyCategory: record.handler.agencyCategory } : {}),
      rule: record.handler?.rule ?? null,
      decisionId,
      revision: record.revision,
    },
  };
}
