import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { assertHeadOffice } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type { BureauAcknowledgementRequest, BureauAcknowledgementResult, BureauBatch, BureauBatchList } from '../generated/schema-types';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { RevisionChange } from '../store/revisioned-records';
import { batchEvent, itemEvent } from './bureau-events';
import { bureauFile } from './bureau-file';
import type { BureauBatchRecord, BureauItemRecord } from './bureau-item.model';
import type { BureauStore } from './bureau.store';
import { HQ_ONLY } from './bureau.service';
import { toBureauBatchView } from './bureau.views';

const DEFAULT_BATCH_LIMIT = 5000;

export interface BureauBatchDependencies {
  store: BureauStore;
  outbox: EventOutbox;
  audit: AuditLog;
}

/** Batches to the bureau (HQ): collect the ready items, export the file, import the bureau's acknowledgements. */
export class BureauBatches {
  constructor(private readonly dependencies: BureauBatchDependencies) {}

  async list(principal: Principal): Promise<BureauBatchList> {
    assertHeadOffice(principal, HQ_ONLY);
    return { items: (await this.dependencies.store.batches(100)).map(toBureauBatchView) };
  }

  async get(principal: Principal, batchId: string): Promise<BureauBatch> {
    return toBureauBatchView(await this.batch(principal, batchId));
  }

  /** Collects the ready items (oldest change first, up to the limit) into a batch and marks them submitted. 409 when none is ready. */
  async create(principal: Principal, limit = DEFAULT_BATCH_LIMIT): Promise<BureauBatch> {
    assertHeadOffice(principal, HQ_ONLY);
    const { store } = this.dependencies;
    const ready = (await store.withStatus(['ready']))
      .sort((first, second) => new Date(first.updatedAt).getTime() - new Date(second.updatedAt).getTime() || (first._id < second._id ? -1 : 1))
      .slice(0, limit);
    if (ready.length === 0) throw new ConflictError('invalid_state', 'No credit-bureau item is ready to submit');
    const now = new Date();
    const batchId = `B-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
    const entry: RevisionChange['entry'] = { action: 'submitted', actor: principal.name, at: now, asOf: null, note: batchId, decisionId: null, facts: null };
    // Items that moved meanwhile (a correction, another batch) lose their gate and stay out of this batch.
    const { applied } = await store.applyMany(
      ready.map((item) => ({ id: item._id, expectedRevision: item.revision, set: { status: 'submitted', batchId, updatedAt: now }, entry })),
    );
    const submitted = new Set(applied.map((change) => change.id));
    const items = ready.filter((item) => submitted.has(item._id));
    const counts: Record<string, number> = {};
    for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
    const batch: BureauBatchRecord = {
      _id: batchId,
      createdBy: principal.name,
      createdAt: now,
      itemIds: items.map((item) => item._id),
      counts,
      acknowledged: 0,
      rejected: 0,
    };
    await store.insertBatch(batch);
    await this.dependencies.audit.record({
      actor: principal.name,
      action: 'bureau.batch-submitted',
      entity: { kind: 'bureau-batch', id: batchId },
      orgUnit: 'HQ',
      after: { itemCount: items.length, counts },
    });
    await this.dependencies.outbox.publish([batchEvent(batch, now)]);
    return toBureauBatchView(batch);
  }

  /** The export file of a batch (bureau-file.ts, docs/bureau.md), with a name that says which batch it is. */
  async file(principal: Principal, batchId: string): Promise<{ name: string; content: string }> {
    const batch = await this.batch(principal, batchId);
    const byId = new Map((await this.dependencies.store.byIds(batch.itemIds)).map((item) => [item._id, item]));
    const items = batch.itemIds.map((id) => byId.get(id)).filter((item): item is BureauItemRecord => item !== undefined);
    const corrected = items.filter((item) => item.correctsItemId).map((item) => item.correctsItemId!);
    const originals = new Map((await this.dependencies.store.byIds(corrected)).map((item) => [item._id, item.kind as string]));
    return { name: `bureau-${batchId}.csv`, content: bureauFile(items, originals) };
  }

  /**
   * Imports the bureau's answer: each line names an item of this batch, accepted or rejected (with the reason).
   * A line repeating an answer already imported changes nothing; a line for an item not in the batch, or answering an
   * item otherwise than before, refuses the whole import (400, each line named).
   */
  async acknowledge(principal: Principal, batchId: string, request: BureauAcknowledgementRequest): Promise<BureauAcknowledgementResult> {
    const batch = await this.batch(principal, batchId);
    const inBatch = new Set(batch.itemIds);
    const items = new Map(
      (await this.dependencies.store.byIds(request.items.map((line) => line.itemId).filter((id) => inBatch.has(id)))).map((item) => [item._id, item]),
    );
    const details: ErrorDetail[] = [];
    const changes: { item: BureauItemRecord; status: 'acknowledged' | 'rejected'; reason: string | null }[] = [];
    let unchanged = 0;
    const seen = new Set<string>();
    request.items.forEach((line, index) => {
      const path = `/body/items/${index}/itemId`;
      const item = items.get(line.itemId);
      const status = line.result === 'accepted' ? 'acknowledged' : 'rejected';
      if (!item) return details.push({ path, message: `${line.itemId} is not in batch ${batchId}` });
      if (seen.has(line.itemId)) return details.push({ path, message: `${line.itemId} is answered twice` });
      seen.add(line.itemId);
      if (item.status === status) return (unchanged += 1);
      if (item.status !== 'submitted') return details.push({ path, message: `${line.itemId} is ${item.status} already` });
      changes.push({ item, status, reason: line.result === 'rejected' ? (line.reason ?? null) : null });
    });
    if (details.length > 0) throw new ValidationError('Some acknowledgements do not fit this batch', details);
    const now = new Date();
    const { applied } = await this.dependencies.store.applyMany(
      changes.map(({ item, status, reason }) => ({
        id: item._id,
        expectedRevision: item.revision,
        set: { status, rejectionReason: reason, updatedAt: now },
        entry: { action: status, actor: principal.name, at: now, asOf: null, note: reason, decisionId: null, facts: null },
      })),
    );
    if (applied.length < changes.length) throw new ConflictError('stale_version', 'Some items changed meanwhile; import the acknowledgements again');
    const all = await this.dependencies.store.byIds(batch.itemIds);
    const acknowledged = all.filter((item) => item.status === 'acknowledged' || (item.status === 'corrected' && !item.rejectionReason)).length;
    const rejected = all.filter((item) => item.rejectionReason !== null).length;
    await this.dependencies.store.countAcknowledgements(batchId, acknowledged, rejected);
    const result = {
      acknowledged: changes.filter((change) => change.status === 'acknowledged').length,
      rejected: changes.filter((change) => change.status === 'rejected').length,
      unchanged,
    };
    await this.dependencies.audit.record({
      actor: principal.name,
      action: 'bureau.acknowledgements-imported',
      entity: { kind: 'bureau-batch', id: batchId },
      orgUnit: 'HQ',
      after: { ...result, rejectedItems: changes.filter((change) => change.status === 'rejected').map((change) => change.item._id) },
    });
    await this.dependencies.outbox.publish(
      changes
        .filter((change) => change.status === 'rejected')
        .map(({ item, reason }) =>
          itemEvent('bureau.item-rejected', { ...item, status: 'rejected', rejectionReason: reason, revision: item.revision + 1 }, now),
        ),
    );
    return result;
  }

  private async batch(principal: Principal, batchId: string): Promise<BureauBatchRecord> {
    assertHeadOffice(principal, HQ_ONLY);
    const batch = await this.dependencies.store.batch(batchId);
    if (!batch) throw new NotFoundError(`No credit-bureau batch ${batchId}`);
    return batch;
  }
}
