import type { AuditLog } from '../audit/audit.service';
import { assertHeadOffice, assertVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type {
  BureauCorrectionRequest,
  BureauItemDetail,
  BureauItemList,
  BureauItemQuery,
  BureauNoticeRequest,
  BureauValues as BureauValuesView,
} from '../generated/schema-types';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../http/errors';
import type { Principal } from '../identity/principal';
import { toChangeEntryView } from '../monitoring/queue.views';
import type { RevisionChange } from '../store/revisioned-records';
import { itemIds } from './bureau-derivation';
import { itemEvent } from './bureau-events';
import type { BureauItemRecord, BureauValues } from './bureau-item.model';
import type { BureauSettings } from './bureau-settings';
import type { BureauStore } from './bureau.store';
import { applyAction, compensationReleasable, type BureauAction, type BureauKind } from './bureau-transitions';
import { toBureauItemView } from './bureau.views';

export const HQ_ONLY = 'Credit-bureau reporting is run by HQ; branches read their unit’s items';

/** The value fields each kind reports: a correction may set only its original's. */
const FIELDS_OF: Record<Exclude<BureauKind, 'default-notice' | 'correction'>, readonly (keyof BureauValues)[]> = {
  overdue: ['monthEnd', 'daysPastDue', 'overdueAmountCents'],
  compensation: ['compensationDate', 'compensationAmountCents', 'amountToRecoverCents'],
  recovery: ['recoveryDate', 'recoveryAmountCents'],
};

export interface BureauDependencies {
  store: BureauStore;
  orgScope: OrgScope;
  outbox: EventOutbox;
  audit: AuditLog;
  settings: BureauSettings;
  /** The platform's business day (the app clock). */
  today: () => string;
}

/** The queue's reads and its hand-made changes: the notice recorded as sent, and corrections. */
export class BureauService {
  constructor(private readonly dependencies: BureauDependencies) {}

  async list(principal: Principal, query: BureauItemQuery): Promise<BureauItemList> {
    const units = await visibleUnits(this.dependencies.orgScope, principal);
    const page = await this.dependencies.store.page({ status: query.status, kind: query.kind, units }, { before: query.before, limit: query.limit ?? 100 });
    return { items: page.items.map((item) => this.view(item)), ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) };
  }

  async detail(principal: Principal, itemId: string): Promise<BureauItemDetail> {
    const item = await this.visible(principal, itemId);
    const history = await this.dependencies.store.historyOf(itemId);
    return { item: this.view(item), history: history.map(toChangeEntryView) };
  }

  /**
   * Records that the notice to the obligor went out (Art. 32(2)). When its lead time has passed already (a notice
   * recorded late), the claim's compensation report is released at once rather than at the next daily run.
   */
  async recordNotice(principal: Principal, itemId: string, request: BureauNoticeRequest): Promise<BureauItemDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const item = await this.visible(principal, itemId);
    const today = this.dependencies.today();
    if (request.sentOn > today)
      throw new ValidationError('The notice cannot have been sent after today', [{ path: '/body/sentOn', message: `after today (${today})` }]);
    const now = new Date();
    const notice = { sentOn: request.sentOn, channel: request.channel, recordedBy: principal.name };
    await this.move(item, request.expectedRevision, 'notice-sent', { notice }, principal.name, now);
    await this.audit(principal, 'bureau.notice-recorded', item, { status: item.status }, { status: 'notified', notice });
    const compensation = await this.dependencies.store.find(itemIds.compensation(item.claimId!));
    if (
      compensation?.status === 'pending' &&
      compensationReleasable({ status: 'notified', notice }, this.dependencies.settings.noticeLeadDays, today) &&
      (await this.dependencies.store.applyOne(this.change(compensation, compensation.revision, { status: 'ready' }, 'released', principal.name, now)))
    ) {
      await this.dependencies.outbox.publish([itemEvent('bureau.item-ready', { ...compensation, status: 'ready', revision: compensation.revision + 1 }, now)]);
    }
    return this.detail(principal, itemId);
  }

  /**
   * Corrects an item the bureau rejected or accepted: a correction item (ready for the next batch) carries the
   * corrected values and links to the original, which becomes corrected.
   */
  async correct(principal: Principal, itemId: string, request: BureauCorrectionRequest): Promise<BureauItemDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const original = await this.visible(principal, itemId);
    const reportedKind = original.kind === 'correction' ? await this.correctedKind(original) : original.kind;
    if (reportedKind === 'default-notice' || reportedKind === 'correction')
      throw new ConflictError('invalid_state', 'A notice to the obligor is not reported, so there is nothing to correct');
    const allowed = FIELDS_OF[reportedKind];
    const details: ErrorDetail[] = Object.keys(request.values)
      .filter((field) => !allowed.includes(field as keyof BureauValues))
      .map((field) => ({ path: `/body/values/${field}`, message: `a ${reportedKind} item reports only ${allowed.join(', ')}` }));
    if (details.length > 0) throw new ValidationError(`Values a ${reportedKind} item does not report`, details);
    const now = new Date();
    const correctionId = `correction:${original._id}:${original.revision}`;
    await this.move(original, request.expectedRevision, 'correct', { correctedByItemId: correctionId }, principal.name, now, request.reason);
    const correction: BureauItemRecord = {
      ...original,
      _id: correctionId,
      kind: 'correction',
      status: 'ready',
      values: { ...original.values, ...(request.values as BureauValuesView) },
      correctsItemId: original._id,
      correctedByItemId: null,
      batchId: null,
      rejectionReason: null,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.dependencies.store.insertNew([correction], () => ({
      action: 'created',
      actor: principal.name,
      at: now,
      asOf: null,
      note: request.reason,
      decisionId: null,
      facts: null,
    }));
    await this.audit(principal, 'bureau.item-corrected', original, { values: original.values }, { correctionId, values: correction.values }, request.reason);
    await this.dependencies.outbox.publish([itemEvent('bureau.item-ready', correction, now)]);
    return this.detail(principal, correctionId);
  }

  /** The item within the caller's scope: 404 otherwise, so another unit's items do not show they exist. */
  private async visible(principal: Principal, itemId: string): Promise<BureauItemRecord> {
    const item = await this.dependencies.store.find(itemId);
    if (!item) throw new NotFoundError(`No credit-bureau item ${itemId}`);
    await assertVisible(this.dependencies.orgScope, principal, item.orgUnit, { hide: true, what: `credit-bureau item ${itemId}` });
    return item;
  }

  /** The kind a correction ultimately corrects (corrections of corrections follow the chain). */
  private async correctedKind(item: BureauItemRecord): Promise<BureauKind> {
    let current: BureauItemRecord | undefined = item;
    while (current?.kind === 'correction' && current.correctsItemId) current = await this.dependencies.store.find(current.correctsItemId);
    return current?.kind ?? 'correction';
  }

  /** A transition by hand: refused (409 invalid_state) when the status does not allow it, 409 stale_version on a stale revision. */
  private async move(
    item: BureauItemRecord,
    expectedRevision: number,
    action: BureauAction,
    set: Record<string, unknown>,
    actor: string,
    now: Date,
    note: string | null = null,
  ): Promise<void> {
    const to = applyAction(item.kind, item.status, action);
    if (to === null) throw new ConflictError('invalid_state', `A ${item.kind} item that is ${item.status} cannot take "${action}"`);
    if (expectedRevision !== item.revision) throw new ConflictError('stale_version', `The item is at revision ${item.revision}, not ${expectedRevision}`);
    const applied = await this.dependencies.store.applyOne(this.change(item, expectedRevision, { status: to, ...set }, action, actor, now, note));
    if (!applied) throw new ConflictError('stale_version', 'The item changed meanwhile; reload and try again');
  }

  private change(
    item: BureauItemRecord,
    expectedRevision: number,
    set: Record<string, unknown>,
    action: string,
    actor: string,
    now: Date,
    note: string | null = null,
  ): RevisionChange {
    return {
      id: item._id,
      expectedRevision,
      set: { ...set, updatedAt: now },
      entry: { action, actor, at: now, asOf: null, note, decisionId: null, facts: null },
    };
  }

  private audit(principal: Principal, action: string, item: BureauItemRecord, before: unknown, after: unknown, reason?: string): Promise<void> {
    return this.dependencies.audit.record({
      actor: principal.name,
      action,
      entity: { kind: 'bureau-item', id: item._id },
      orgUnit: item.orgUnit,
      before,
      after,
      ...(reason ? { reason } : {}),
    });
  }

  private view(item: BureauItemRecord) {
    return toBureauItemView(item, this.dependencies.settings.noticeLeadDays);
  }
}
