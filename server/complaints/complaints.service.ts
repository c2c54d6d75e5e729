import type { AuditLog } from '../audit/audit.service';
import { assertVisible, isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { EventOutbox } from '../events/event-outbox';
import type { PlatformEventType } from '../events/platform-events';
import type { ComplaintContact, ComplaintDetail, ComplaintIntakeRequest, ComplaintList, ComplaintQuery, ComplaintSubjectKind } from '../generated/schema-types';
import { dateOfMoment } from '../ground/calendar';
import { ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../http/errors';
import { actorName, hasAnyRole, type Principal } from '../identity/principal';
import { assertRevision } from '../monitoring/queue-actions';
import { toChangeEntryView } from '../monitoring/queue.views';
import { maskedComplainant, type Complainants } from './complainants';
import type { ComplaintNumbers } from './complaint-numbers';
import { complaintEvent } from './complaint-events';
import { actionChange, type ActionBody } from './complaint-actions';
import { ACTION_ROLES, assertCanAct, type ComplaintAction } from './complaint-transitions';
import { NO_DEADLINE, type ComplaintRecord } from './complaint.model';
import type { ComplaintStore } from './complaint.store';
import { toComplaintView } from './complaint.views';

/** Numbers drawn before an intake gives up: each lost draw means another intake took that number. */
const MAX_DRAWS = 50;
const LINK_REQUIRED: Partial<Record<ComplaintSubjectKind, 'agencyId' | 'partnerId'>> = { agency: 'agencyId', 'channel-partner': 'partnerId' };
const NOT_HANDLING = new Set(['received', 'sent-back', 'closed']);
/** A clock a little ahead of ours is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Complaints as the handling units work them: intake (numbered, the complainant sealed), the queue
 * and the case file within the caller's org unit and below (outside it: 404, so its existence does
 * not leak), and each workflow step against the revision read (stale: 409), kept in the history
 * and the audit log and published as a complaint.* event with ids only.
 */
export class ComplaintsService {
  constructor(
    private readonly complaints: ComplaintStore,
    private readonly numbers: ComplaintNumbers,
    private readonly complainants: Complainants,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
    /** Whether the agency register holds the agency (a complaint about an agency names one it knows). */
    private readonly agencyKnown: (agencyId: string) => Promise<boolean> = () => Promise.resolve(true),
    /** Whether the channel partner register holds the partner (the partner reviews count complaints by it). */
    private readonly partnerKnown: (partnerId: string) => Promise<boolean> = () => Promise.resolve(true),
  ) {}

  async intake(principal: Principal, body: ComplaintIntakeRequest): Promise<ComplaintDetail> {
    const orgUnit = body.orgUnit ?? principal.orgUnit;
    if (!(await this.scope.unitsWithin(HEAD_OFFICE)).includes(orgUnit))
      throw new UnprocessableError('unknown_org_unit', `No org unit "${orgUnit}"`, [{ path: '/body/orgUnit', message: 'is not an org unit' }]);
    await assertVisible(this.scope, principal, orgUnit);
    const now = new Date();
    const receivedAt = body.receivedAt ? new Date(body.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw new ValidationError('A complaint cannot be received in the future', [{ path: '/body/receivedAt', message: 'is in the future' }]);
    const { phone, email, address } = body.complainant;
    if (!phone && !email && !address)
      throw new ValidationError('The complainant needs a way to be reached for the feedback', [
        { path: '/body/complainant', message: 'needs phone, email or address' },
      ]);
    // The scorecards and the partner reviews count complaints by the agency or partner they name.
    const link = LINK_REQUIRED[body.subject.kind];
    if (link && !body.subject[link])
      throw new ValidationError(`A complaint about ${body.subject.kind === 'agency' ? 'an agency' : 'a channel partner'} names it`, [
        { path: `/body/subject/${link}`, message: `is required for subject ${body.subject.kind}` },
      ]);
    // The scorecard of the agency named counts the complaint: the name must be one the register holds.
    if (body.subject.agencyId !== undefined && !(await this.agencyKnown(body.subject.agencyId)))
      throw new UnprocessableError('unknown_agency', `No agency "${body.subject.agencyId}" in the register`, [
        { path: '/body/subject/agencyId', message: 'is not an agency in the register' },
      ]);
    if (body.subject.partnerId !== undefined && !(await this.partnerKnown(body.subject.partnerId)))
      throw new UnprocessableError('unknown_partner', `No channel partner "${body.subject.partnerId}" in the register`, [
        { path: '/body/subject/partnerId', message: 'is not a partner in the register' },
      ]);
    const receivedOn = dateOfMoment(receivedAt);
    const actor = actorName(principal);
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const record: ComplaintRecord = {
        _id: await this.numbers.next(orgUnit, receivedOn.slice(0, 7)),
        orgUnit,
        status: 'received',
        channel: body.channel,
        receivedAt,
        receivedOn,
        receivedMonth: receivedOn.slice(0, 7),
        complainant: maskedComplainant(body.complainant),
        subject: body.subject,
        summary: body.summary,
        complexity: body.complexity,
        acceptance: null,
        rejection: null,
        acceptedOn: null,
        investigation: null,
        decision: null,
        decidedOn: null,
        extension: null,
        extendedUntil: null,
        mediation: null,
        feedback: null,
        callback: null,
        rootCause: null,
        review: null,
        closedOn: null,
        nextDeadline: null,
        deadlineOrder: NO_DEADLINE,
        revision: 1,
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await this.complaints.insert(record, { action: 'received', actor, at: now, asOf: null, note: null, decisionId: null, facts: null }))) continue;
      await this.complainants.store(record._id, body.complainant);
      await this.audit.record({
        actor,
        action: 'receive-complaint',
        entity: { kind: 'complaint', id: record._id },
        orgUnit,
        after: { status: record.status, channel: record.channel, subject: record.subject.kind, complexity: record.complexity, revision: 1 },
      });
      await this.outbox.publish([complaintEvent('complaint.received', record, now)]);
      return this.detail(principal, record._id);
    }
    throw new Error(`No complaint number free for ${orgUnit} after ${MAX_DRAWS} draws`);
  }

  async list(principal: Principal, query: ComplaintQuery): Promise<ComplaintList> {
    const filter = {
      orgUnits: await visibleUnits(this.scope, principal, query.orgUnit),
      status: query.status,
      subject: query.subject,
      agencyId: query.agencyId,
      partnerId: query.partnerId,
      month: query.month,
    };
    const request = { before: query.before, limit: query.limit ?? 100 };
    const page = query.order === 'deadline' ? await this.complaints.byDeadline(filter, request) : await this.complaints.byReceived(filter, request);
    return { ...page, items: page.items.map(toComplaintView) };
  }

  async detail(principal: Principal, complaintId: string): Promise<ComplaintDetail> {
    const complaint = await this.visible(principal, complaintId);
    return { complaint: toComplaintView(complaint), history: (await this.complaints.historyOf(complaintId)).map(toChangeEntryView) };
  }

  async act(principal: Principal, complaintId: string, action: ComplaintAction, body: ActionBody): Promise<ComplaintDetail> {
    const complaint = await this.visible(principal, complaintId);
    if (!hasAnyRole(principal, ACTION_ROLES[action])) throw new ForbiddenError(`"${action}" needs one of the roles: ${ACTION_ROLES[action].join(', ')}`);
    assertRevision(complaint.revision, body.revision);
    assertCanAct(complaint, action);
    const actor = actorName(principal);
    const now = new Date();
    // The review's maker-checker: whoever made a handling step (not the intake, not an earlier review) may not review.
    const handlers =
      action === 'review' ? (await this.complaints.historyOf(complaintId)).filter((entry) => !NOT_HANDLING.has(entry.action)).map((entry) => entry.actor) : [];
    const change = actionChange(complaint, action, body, { actor, now, today: dateOfMoment(now), handlers });
    const applied = await this.complaints.applyOne({
      id: complaintId,
      expectedRevision: body.revision,
      set: { ...change.set, updatedAt: now },
      entry: { action: change.action, actor, at: now, asOf: null, note: change.note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(body.revision + 1, body.revision);
    const after = { ...complaint, ...change.set, updatedAt: now, revision: body.revision + 1 } as ComplaintRecord;
    await this.audit.record({
      actor,
      action: `${action}-complaint`,
      entity: { kind: 'complaint', id: complaintId },
      orgUnit: complaint.orgUnit,
      before: { status: complaint.status, revision: complaint.revision },
      after: { status: after.status, revision: after.revision, ...(change.missing ? { missing: change.missing } : {}) },
    });
    if (change.event) await this.outbox.publish([complaintEvent(change.event as PlatformEventType, after, now, change.missingCodes)]);
    return this.detail(principal, complaintId);
  }

  /**
   * The sealed complainant contact, opened by a handler for the feedback or the call-back (Arts 28, 31),
   * only once the complaint is at that point (decided, rejected or in rework; else 409 invalid_state). The
   * audit log records who opened it, when and why, never the values; the values are x-personal-data, so
   * no log line carries them.
   */
  async openContact(principal: Principal, complaintId: string, purpose: ComplaintContact['purpose']): Promise<ComplaintContact> {
    const complaint = await this.visible(principal, complaintId);
    assertCanAct(complaint, purpose);
    const complainant = await this.complainants.open(complaintId);
    if (!complainant) throw new NotFoundError(`No complainant contact kept for "${complaintId}"`);
    await this.audit.record({
      actor: actorName(principal),
      action: 'open-complainant-contact',
      entity: { kind: 'complaint', id: complaintId },
      orgUnit: complaint.orgUnit,
      after: { purpose, status: complaint.status, revision: complaint.revision },
    });
    return { complaintId, purpose, complainant };
  }

  private async visible(principal: Principal, complaintId: string): Promise<ComplaintRecord> {
    const complaint = await this.complaints.find(complaintId);
    if (!complaint || !(await isVisible(this.scope, principal, complaint.orgUnit))) throw new NotFoundError(`No complaint "${complaintId}"`);
    return complaint;
  }
}
