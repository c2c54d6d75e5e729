import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { assertVisible, isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { EventOutbox } from '../events/event-outbox';
import type {
  UnderwritingManualRequest,
  UnderwritingNoticeRequest,
  UnderwritingRecordDetail,
  UnderwritingRecordList,
  UnderwritingRecordQuery,
  UnderwritingRectificationRequest,
  UnderwritingRevisionRequest,
} from '../generated/schema-types';
import { dateOfMoment } from '../ground/calendar';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { assertRevision } from '../monitoring/queue-actions';
import { toChangeEntryView } from '../monitoring/queue.views';
import type { RevisionChange } from '../store/revisioned-records';
import { keyOfSegment } from './check-logic';
import { measureRecord, SUSPENSION_ACTION, type OrderedMeasure } from './measure-records';
import type { CheckReadModel } from './read-model';
import { underwritingEvent } from './underwriting-events';
import type { UnderwritingRecordDocument } from './underwriting.model';
import type { UnderwritingStore } from './underwriting.store';
import { toRecordView } from './underwriting.views';

/** What the monitoring run tells the module after it stored a chunk of changes. */
export interface MeasureNotice {
  asOf: string;
  ordered: readonly OrderedMeasure[];
  /** Alerts the run closed: their signal cleared. */
  closedAlerts: readonly string[];
}

/**
 * Block and limit records (Arts 4, 8): written from the disposition measures the monitoring run
 * orders, from a funder's notice of loan-purpose misuse (blocked until a rectification is recorded
 * and confirmed by someone else), or by hand; each change a revision with history, an audit entry
 * and an underwriting.* event, and the check's read model rewritten for the obligors it touches.
 */
export class UnderwritingService {
  constructor(
    private readonly store: UnderwritingStore,
    private readonly readModel: CheckReadModel,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
    private readonly today: () => string = () => dateOfMoment(new Date()),
  ) {}

  /**
   * The records of the measures a monitoring run stored (one per alert and measure, so a re-run
   * writes nothing new), and the end of the suspensions of the alerts it closed: a cleared signal
   * lifts `suspend-new-credit` (Art. 8(1) suspends while the red warning stands). Limit cuts stay
   * after the alert closes: restoring a limit is a credit decision, ended by hand (POST …/end).
   */
  async fromMeasures(notice: MeasureNotice): Promise<{ written: number; ended: number }> {
    const now = new Date();
    const records = notice.ordered.flatMap((measure) => measureRecord(measure, now) ?? []);
    const inserted = await this.store.insertNew(records, () => entry('created', 'job:monitoring', now, notice.asOf, 'ordered by the disposition rules'));
    const written = records.filter((record) => inserted.has(record._id));
    const suspensions = (await this.store.openOfAlerts(notice.closedAlerts)).filter(
      (record) => record.kind === 'block' && record.source.action === SUSPENSION_ACTION,
    );
    // The closed alerts' suspensions end together (their gate entries in one insert, the records in bulk); a record another
    // writer changed meanwhile is left as that writer made it.
    const ending = { endOn: notice.asOf, open: false, status: 'ended' as const, updatedAt: now };
    const { applied } = await this.store.applyMany(
      suspensions.map((record) => ({
        id: record._id,
        expectedRevision: record.revision,
        set: ending,
        entry: entry('ended', 'job:monitoring', now, notice.asOf, 'the alert closed: its signal cleared'),
      })),
    );
    const endedIds = new Set(applied.map((change) => change.id));
    const ended = suspensions.filter((record) => endedIds.has(record._id)).map((record) => ({ ...record, ...ending, revision: record.revision + 1 }));
    await this.consequences(
      [
        ...written.map((record) => ({ record, action: 'create-underwriting-record' })),
        ...ended.map((record) => ({ record, action: 'end-underwriting-record' })),
      ],
      'job:monitoring',
      now,
    );
    return { written: written.length, ended: ended.length };
  }

  /** A funder's notice that the obligor misused the loan purpose (Art. 4): blocked from the notice date until rectified. */
  async notice(principal: Principal, body: UnderwritingNoticeRequest): Promise<UnderwritingRecordDetail> {
    const lines = await this.readModel.lines(body.obligorId);
    const orgUnit = body.orgUnit ?? lines[0]?.orgUnit ?? principal.orgUnit;
    await this.assertUnit(principal, orgUnit);
    const now = new Date();
    const actor = actorName(principal);
    const record: UnderwritingRecordDocument = {
      ...blank(now, actor, orgUnit),
      _id: `n:${randomUUID()}`,
      kind: 'block',
      scope: 'obligor',
      obligorId: body.obligorId,
      reason: 'funder notice: loan purpose misused (Art. 4)',
      source: { kind: 'funder-notice', funder: body.funder, noticeDate: body.date, evidenceRef: body.evidenceRef },
      sourceKind: 'funder-notice',
      startOn: body.date,
    };
    await this.store.insertNew([record], () => entry('created', actor, now, null, null));
    await this.consequences([{ record, action: 'record-funder-notice' }], actor, now);
    return this.detail(principal, record._id);
  }

  /** A manual block or limit, per obligor or per segment. */
  async manual(principal: Principal, body: UnderwritingManualRequest): Promise<UnderwritingRecordDetail> {
    const problems = [];
    if ((body.obligorId === undefined) === (body.segment === undefined)) problems.push({ path: '/body', message: 'give either obligorId or segment' });
    if (body.kind === 'limit' && body.share === undefined) problems.push({ path: '/body/share', message: 'a limit needs the share it cuts' });
    if (body.kind === 'block' && body.share !== undefined) problems.push({ path: '/body/share', message: 'a block cuts no share' });
    if (problems.length > 0) throw new ValidationError('The manual record is invalid', problems);
    const lines = body.obligorId ? await this.readModel.lines(body.obligorId) : [];
    const orgUnit = body.orgUnit ?? body.segment?.orgUnit ?? lines[0]?.orgUnit ?? principal.orgUnit;
    await this.assertUnit(principal, orgUnit);
    const now = new Date();
    const actor = actorName(principal);
    const record: UnderwritingRecordDocument = {
      ...blank(now, actor, orgUnit),
      _id: `x:${randomUUID()}`,
      kind: body.kind,
      scope: body.obligorId ? 'obligor' : 'segment',
      obligorId: body.obligorId ?? null,
      segment: body.segment ?? null,
      segmentKey: body.segment ? keyOfSegment(body.segment as Record<string, string>) : null,
      reason: body.reason,
      source: { kind: 'manual' },
      sourceKind: 'manual',
      share: body.share ?? null,
    };
    await this.store.insertNew([record], () => entry('created', actor, now, null, body.reason));
    await this.consequences([{ record, action: 'create-underwriting-record' }], actor, now);
    return this.detail(principal, record._id);
  }

  /** The rectification of a funder-notice block, recorded by one user; the block stands until another confirms it. */
  async rectify(principal: Principal, recordId: string, body: UnderwritingRectificationRequest): Promise<UnderwritingRecordDetail> {
    const record = await this.visible(principal, recordId);
    assertRevision(record.revision, body.revision);
    if (record.sourceKind !== 'funder-notice' || record.status !== 'active')
      throw new ConflictError('invalid_state', 'Only an active funder-notice block takes a rectification');
    const actor = actorName(principal);
    const now = new Date();
    const rectification = { recordedBy: actor, recordedAt: now, note: body.note, evidenceRef: body.evidenceRef ?? null, confirmedBy: null, confirmedAt: null };
    const after = await this.change(
      record,
      body.revision,
      'rectification-recorded',
      actor,
      { status: 'rectification-recorded', rectification },
      body.note,
      null,
    );
    await this.consequences([{ record: after!, action: 'record-rectification', publish: false }], actor, now);
    return this.detail(principal, recordId);
  }

  /** The approver's confirmation of a recorded rectification (never the recorder's own): the block ends today. */
  async confirm(principal: Principal, recordId: string, body: UnderwritingRevisionRequest): Promise<UnderwritingRecordDetail> {
    const record = await this.visible(principal, recordId);
    assertRevision(record.revision, body.revision);
    if (record.status !== 'rectification-recorded' || !record.rectification)
      throw new ConflictError('invalid_state', 'No rectification waits for confirmation');
    const actor = actorName(principal);
    if (record.rectification.recordedBy === actor) throw new ForbiddenError('Whoever recorded the rectification may not confirm it', 'maker_checker');
    const now = new Date();
    const rectification = { ...record.rectification, confirmedBy: actor, confirmedAt: now };
    const after = await this.change(
      record,
      body.revision,
      'rectification-confirmed',
      actor,
      { status: 'ended', open: false, endOn: this.today(), rectification },
      body.note ?? null,
      null,
    );
    await this.consequences([{ record: after!, action: 'confirm-rectification' }], actor, now);
    return this.detail(principal, recordId);
  }

  /** Ends a measure's or a manual record by hand (a limit restored, a block lifted); a funder-notice block ends only through its rectification. */
  async end(principal: Principal, recordId: string, body: UnderwritingRevisionRequest): Promise<UnderwritingRecordDetail> {
    const record = await this.visible(principal, recordId);
    assertRevision(record.revision, body.revision);
    if (record.sourceKind === 'funder-notice') throw new ConflictError('invalid_state', 'A funder-notice block ends when its rectification is confirmed');
    if (!record.open) throw new ConflictError('invalid_state', 'The record has ended already');
    const actor = actorName(principal);
    const now = new Date();
    const after = await this.change(record, body.revision, 'ended', actor, { status: 'ended', open: false, endOn: this.today() }, body.note ?? null, null);
    await this.consequences([{ record: after!, action: 'end-underwriting-record' }], actor, now);
    return this.detail(principal, recordId);
  }

  async list(principal: Principal, query: UnderwritingRecordQuery): Promise<UnderwritingRecordList> {
    const filter = {
      orgUnits: await visibleUnits(this.scope, principal),
      obligorId: query.obligorId,
      segmentKey: query.segmentKey,
      source: query.source,
      active: query.active,
    };
    const page = await this.store.page(filter, { before: query.before, limit: query.limit ?? 100 });
    const today = this.today();
    return { ...page, items: page.items.map((record) => toRecordView(record, today)) };
  }

  async detail(principal: Principal, recordId: string): Promise<UnderwritingRecordDetail> {
    const record = await this.visible(principal, recordId);
    return { record: toRecordView(record, this.today()), history: (await this.store.historyOf(recordId)).map(toChangeEntryView) };
  }

  private async visible(principal: Principal, recordId: string): Promise<UnderwritingRecordDocument> {
    const record = await this.store.find(recordId);
    if (!record || !(await isVisible(this.scope, principal, record.orgUnit))) throw new NotFoundError(`No underwriting record "${recordId}"`);
    return record;
  }

  private async assertUnit(principal: Principal, orgUnit: string): Promise<void> {
    if (!(await this.scope.unitsWithin(HEAD_OFFICE)).includes(orgUnit))
      throw new UnprocessableError('unknown_org_unit', `No org unit "${orgUnit}"`, [{ path: '/body/orgUnit', message: 'is not an org unit' }]);
    await assertVisible(this.scope, principal, orgUnit);
  }

  /** One revision through the gate (409 when another change landed first); the record as it stands after it. */
  private async change(
    record: UnderwritingRecordDocument,
    revision: number,
    action: string,
    actor: string,
    set: Partial<UnderwritingRecordDocument>,
    note: string | null,
    asOf: string | null,
  ): Promise<UnderwritingRecordDocument | undefined> {
    const now = new Date();
    const applied = await this.store.applyOne({
      id: record._id,
      expectedRevision: revision,
      set: { ...set, updatedAt: now },
      entry: entry(action, actor, now, asOf, note),
    });
    if (!applied) {
      if (actor.startsWith('job:')) return undefined;
      assertRevision(revision + 1, revision);
    }
    return { ...record, ...set, updatedAt: now, revision: revision + 1 };
  }

  /** After records changed: the read model and segment cache, the audit entries, the events. */
  private async consequences(
    changes: readonly { record: UnderwritingRecordDocument; action: string; publish?: boolean }[],
    actor: string,
    now: Date,
  ): Promise<void> {
    if (changes.length === 0) return;
    await this.readModel.refreshObligors(changes.flatMap(({ record }) => (record.obligorId ? [record.obligorId] : [])));
    if (changes.some(({ record }) => record.scope === 'segment')) await this.readModel.segmentsChanged();
    await this.audit.recordMany(
      changes.map(({ record, action }) => ({
        actor,
        action,
        entity: { kind: 'underwriting-record', id: record._id },
        orgUnit: record.orgUnit,
        after: {
          kind: record.kind,
          scope: record.scope,
          obligorId: record.obligorId,
          segmentKey: record.segmentKey,
          sourceKind: record.sourceKind,
          share: record.share,
          startOn: record.startOn,
          endOn: record.endOn,
          status: record.status,
          revision: record.revision,
        },
      })),
    );
    await this.outbox.publish(changes.filter((change) => change.publish !== false).map(({ record }) => underwritingEvent(record, now)));
  }
}

function entry(action: string, actor: string, at: Date, asOf: string | null, note: string | null): RevisionChange['entry'] {
  return { action, actor, at, asOf, note, decisionId: null, facts: null };
}

function blank(
  now: Date,
  actor: string,
  orgUnit: string,
): Omit<UnderwritingRecordDocument, '_id' | 'kind' | 'scope' | 'obligorId' | 'reason' | 'source' | 'sourceKind'> & { segment: null; segmentKey: null } {
  return {
    segment: null,
    segmentKey: null,
    orgUnit,
    share: null,
    startOn: dateOfMoment(now),
    endOn: null,
    open: true,
    status: 'active',
    rectification: null,
    revision: 1,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
  };
}
