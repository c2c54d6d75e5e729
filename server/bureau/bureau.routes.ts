import type {
  BureauAcknowledgementRequest,
  BureauAcknowledgementResult,
  BureauBatch,
  BureauBatchCreateRequest,
  BureauBatchIdParams,
  BureauBatchList,
  BureauCorrectionRequest,
  BureauItemDetail,
  BureauItemIdParams,
  BureauItemList,
  BureauItemQuery,
  BureauNoticeRequest,
  BureauReconciliation,
  BureauReconciliationQuery,
} from '../generated/schema-types';
import type { RouteRegistry } from '../http/routes';
import type { BureauBatches } from './bureau-batches.service';
import type { BureauService } from './bureau.service';

const TAG = 'bureau';
/** Every staff role reads the queue within its unit; HQ's admins and policy owners run the reporting (HQ checked in the services). */
const READERS = { roles: ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'] as const };
const REPORTERS = { roles: ['admin', 'policy-owner'] as const };
const HQ = { 403: { description: 'Not an HQ user (out_of_scope), or a role the route does not allow' } };
const ITEM = { 200: { description: 'The item with its history', schema: 'bureau/bureau-item-detail' }, 404: { description: 'No such item within your scope' } };
const STALE = { 409: { description: 'The item is in a status that does not allow it (invalid_state), or changed since read (stale_version)' } };
const BATCH = { 404: { description: 'No such batch' } };

export function registerBureauRoutes(
  routes: RouteRegistry,
  queue: BureauService,
  batches: BureauBatches,
  reconcile: (principal: never, month: string) => Promise<BureauReconciliation>,
): void {
  routes.add<never, BureauItemQuery>({
    method: 'get',
    path: '/bureau/items',
    tag: TAG,
    auth: READERS,
    query: 'bureau/bureau-item-query',
    summary: 'The credit-bureau queue (Art. 32), newest change first; filter by status and kind. Branches see their units’ items',
    responses: { 200: { description: 'Items', schema: 'bureau/bureau-item-list' } },
    handler: ({ principal, query }): Promise<BureauItemList> => queue.list(principal, query),
  });
  routes.add<never, BureauReconciliationQuery>({
    method: 'get',
    path: '/bureau/reconciliation',
    tag: TAG,
    auth: READERS,
    query: 'bureau/bureau-reconciliation-query',
    summary:
      'A month’s reconciliation: every approved claim and recovery of an eligible policy has its bureau items (what is missing), and no ineligible policy has any',
    responses: { 200: { description: 'The reconciliation', schema: 'bureau/bureau-reconciliation' } },
    handler: ({ principal, query }) => reconcile(principal as never, query.month),
  });
  routes.add<unknown, unknown, BureauItemIdParams>({
    method: 'get',
    path: '/bureau/items/:itemId',
    tag: TAG,
    auth: READERS,
    params: 'bureau/bureau-item-id-params',
    summary: 'An item of the credit-bureau queue with its history',
    responses: ITEM,
    handler: ({ principal, params }): Promise<BureauItemDetail> => queue.detail(principal, params.itemId),
  });
  routes.add<BureauNoticeRequest, unknown, BureauItemIdParams>({
    method: 'post',
    path: '/bureau/items/:itemId/notice',
    tag: TAG,
    auth: REPORTERS,
    params: 'bureau/bureau-item-id-params',
    body: 'bureau/bureau-notice-request',
    summary: 'Record that the notice to the obligor went out (sent date, channel): its claim’s compensation report may go once the lead time has passed',
    responses: { ...ITEM, ...HQ, ...STALE },
    handler: ({ principal, params, body }): Promise<BureauItemDetail> => queue.recordNotice(principal, params.itemId, body),
  });
  routes.add<BureauCorrectionRequest, unknown, BureauItemIdParams>({
    method: 'post',
    path: '/bureau/items/:itemId/corrections',
    tag: TAG,
    auth: REPORTERS,
    params: 'bureau/bureau-item-id-params',
    body: 'bureau/bureau-correction-request',
    summary: 'Correct an item the bureau rejected or accepted: a correction item with the corrected values, ready for the next batch',
    responses: { 201: { description: 'The correction item', schema: 'bureau/bureau-item-detail' }, 404: ITEM[404], ...HQ, ...STALE },
    handler: ({ principal, params, body }): Promise<BureauItemDetail> => queue.correct(principal, params.itemId, body),
  });
  routes.add({
    method: 'get',
    path: '/bureau/batches',
    tag: TAG,
    auth: READERS,
    summary: 'The latest hundred batches sent to the bureau (HQ)',
    responses: { 200: { description: 'Batches', schema: 'bureau/bureau-batch-list' }, ...HQ },
    handler: ({ principal }): Promise<BureauBatchList> => batches.list(principal),
  });
  routes.add<BureauBatchCreateRequest>({
    method: 'post',
    path: '/bureau/batches',
    tag: TAG,
    auth: REPORTERS,
    body: 'bureau/bureau-batch-create-request',
    summary: 'Collect the ready items into a batch and mark them submitted (bureau.batch-submitted)',
    responses: {
      201: { description: 'The batch', schema: 'bureau/bureau-batch' },
      ...HQ,
      409: { description: 'No item is ready (invalid_state)' },
    },
    handler: ({ principal, body }): Promise<BureauBatch> => batches.create(principal, body.limit),
  });
  routes.add<unknown, unknown, BureauBatchIdParams>({
    method: 'get',
    path: '/bureau/batches/:batchId',
    tag: TAG,
    auth: READERS,
    params: 'bureau/bureau-batch-id-params',
    summary: 'A batch with its counts',
    responses: { 200: { description: 'The batch', schema: 'bureau/bureau-batch' }, ...HQ, ...BATCH },
    handler: ({ principal, params }): Promise<BureauBatch> => batches.get(principal, params.batchId),
  });
  routes.add<unknown, unknown, BureauBatchIdParams>({
    method: 'get',
    path: '/bureau/batches/:batchId/file',
    tag: TAG,
    auth: READERS,
    params: 'bureau/bureau-batch-id-params',
    summary: 'The batch’s export file: CSV, one header line and one line per item (docs/bureau.md)',
    responses: { 200: { description: 'The export file', contentType: 'text/csv' }, ...HQ, ...BATCH },
    handler: async ({ principal, params, response }) => {
      const file = await batches.file(principal, params.batchId);
      response.type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="${file.name}"`);
      response.send(file.content);
    },
  });
  routes.add<BureauAcknowledgementRequest, unknown, BureauBatchIdParams>({
    method: 'post',
    path: '/bureau/batches/:batchId/acknowledgements',
    tag: TAG,
    auth: REPORTERS,
    params: 'bureau/bureau-batch-id-params',
    body: 'bureau/bureau-acknowledgement-request',
    summary: 'Import the bureau’s acknowledgements: per item accepted or rejected (with the reason); rejected items publish bureau.item-rejected',
    responses: {
      200: { description: 'What changed', schema: 'bureau/bureau-acknowledgement-result' },
      ...HQ,
      ...BATCH,
      409: { description: 'Items changed meanwhile (stale_version)' },
    },
    handler: ({ principal, params, body }): Promise<BureauAcknowledgementResult> => batches.acknowledge(principal, params.batchId, body),
  });
}
