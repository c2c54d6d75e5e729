import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { EventOutbox } from '../events/event-outbox';
import type {
  PartnerConfirmRequest,
  PartnerCreateRequest,
  PartnerDetail,
  PartnerList,
  PartnerLoanList,
  PartnerLoanQuery,
  PartnerQuery,
  PartnerUpdateRequest,
  PartnerViolationDetail,
  PartnerViolationRequest,
} from '../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { assertRevision } from '../monitoring/queue-actions';
import { toChangeEntryView } from '../monitoring/queue.views';
import { maskPersonalFields } from '../privacy/masking';
import { creditCodeProblem } from '../vendors/credit-code';
import { partnerEvent } from './partner-events';
import type { PartnerLoans } from './partner-loans';
import type { PartnerRecord, ViolationRecord } from './partner.model';
import type { PartnerStore } from './partner.store';
import { toPartnerView, toReviewView, toViolationView } from './partner.views';
import { agreementProblems, penaltyOf } from './penalty';

/**
 * The channel partner register (Art. 5) within the caller's org unit and below (outside it: 404, so
 * its existence does not leak): registration, edits against the revision read (409 stale_version),
 * violations of the four types with the agreement's penalty, proposed by one user and confirmed by an
 * approver who did not record it (403 maker_checker), each change in the history and the audit log.
 */
export class PartnersService {
  constructor(
    private readonly store: PartnerStore,
    private readonly loans: PartnerLoans,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
  ) {}

  async register(principal: Principal, body: PartnerCreateRequest): Promise<PartnerDetail> {
    const orgUnit = body.orgUnit ?? principal.orgUnit;
    const problem = creditCodeProblem(body.creditCode);
    if (problem) throw new ValidationError('Not a unified social credit code', [{ path: '/body/creditCode', message: problem }]);
    const agreement = agreementProblems(body.agreement);
    if (agreement.length > 0) throw new ValidationError('The agreement does not hold together', agreement);
    if (!(await this.scope.unitsWithin(HEAD_OFFICE)).includes(orgUnit))
      throw new UnprocessableError('unknown_org_unit', `No org unit "${orgUnit}"`, [{ path: '/body/orgUnit', message: 'is not an org unit' }]);
    if (!(await isVisible(this.scope, principal, orgUnit)))
      throw new ForbiddenError(`Org unit "${orgUnit}" is outside your org unit's scope (${principal.orgUnit} and below)`, 'out_of_scope');
    if (await this.store.find(body.creditCode)) throw new ConflictError('partner_registered', `Partner ${body.creditCode} is in the register already`);
    await this.claim(body.creditCode, body.channelCodes);
    const actor = actorName(principal);
    const now = new Date();
    const record: PartnerRecord = {
      _id: body.creditCode,
      partnerName: body.partnerName,
      orgUnit,
      channelCodes: [...body.channelCodes],
      agreement: body.agreement,
      status: 'active',
      lastReview: null,
      revision: 1,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.store.insert(record, { action: 'registered', actor, at: now, asOf: null, note: null, decisionId: null, facts: null }))) {
      await this.store.releaseChannels(record._id, body.channelCodes);
      throw new ConflictError('partner_registered', `Partner ${body.creditCode} is in the register already`);
    }
    await this.audit.record({
      actor,
      action: 'partner.registered',
      entity: { kind: 'partner', id: record._id },
      orgUnit,
      after: { status: record.status, channelCodes: record.channelCodes, agreement: record.agreement.number, revision: 1 },
    });
    return this.detail(principal, record._id);
  }

  async list(principal: Principal, query: PartnerQuery): Promise<PartnerList> {
    const page = await this.store.page(
      { orgUnits: await visibleUnits(this.scope, principal), status: query.status },
      { before: query.before, limit: query.limit ?? 100 },
    );
    return { ...page, items: page.items.map(toPartnerView) };
  }

  async detail(principal: Principal, partnerId: string): Promise<PartnerDetail> {
    const partner = await this.visible(principal, partnerId);
    const [history, violations, reviews] = await Promise.all([
      this.store.historyOf(partnerId),
      this.store.violationsOf(partnerId),
      this.store.reviewsOf(partnerId),
    ]);
    return {
      partner: toPartnerView(partner),
      history: history.map(toChangeEntryView),
      violations: violations.map(toViolationView),
      reviews: reviews.map(toReviewView),
    };
  }

  async update(principal: Principal, partnerId: string, body: PartnerUpdateRequest): Promise<PartnerDetail> {
    const partner = await this.visible(principal, partnerId);
    assertRevision(partner.revision, body.revision);
    if (body.agreement) {
      const problems = agreementProblems(body.agreement);
      if (problems.length > 0) throw new ValidationError('The agreement does not hold together', problems);
    }
    const set: Partial<PartnerRecord> = {};
    if (body.partnerName !== undefined) set.partnerName = body.partnerName;
    if (body.agreement !== undefined) set.agreement = body.agreement;
    if (body.status !== undefined) set.status = body.status;
    const added = body.channelCodes ? body.channelCodes.filter((code) => !partner.channelCodes.includes(code)) : [];
    const removed = body.channelCodes ? partner.channelCodes.filter((code) => !body.channelCodes!.includes(code)) : [];
    if (body.channelCodes) set.channelCodes = [...body.channelCodes];
    await this.claim(partnerId, added);
    const actor = actorName(principal);
    const now = new Date();
    const applied = await this.store.applyPartner({
      id: partnerId,
      expectedRevision: body.revision,
      set: { ...set, updatedAt: now },
      entry: { action: 'edited', actor, at: now, asOf: null, note: body.note ?? null, decisionId: null, facts: null },
    });
    if (!applied) {
      await this.store.releaseChannels(partnerId, added);
      assertRevision(body.revision + 1, body.revision);
    }
    await this.store.releaseChannels(partnerId, removed);
    await this.audit.record({
      actor,
      action: 'partner.edited',
      entity: { kind: 'partner', id: partnerId },
      orgUnit: partner.orgUnit,
      before: { status: partner.status, channelCodes: partner.channelCodes, agreement: partner.agreement, revision: partner.revision },
      after: {
        status: set.status ?? partner.status,
        channelCodes: set.channelCodes ?? partner.channelCodes,
        agreement: set.agreement ?? partner.agreement,
        revision: body.revision + 1,
      },
      ...(body.note ? { reason: body.note } : {}),
    });
    return this.detail(principal, partnerId);
  }

  /** Records a violation and proposes the penalty the agreement calls for; publishes partner.violation-recorded. */
  async recordViolation(principal: Principal, partnerId: string, body: PartnerViolationRequest): Promise<PartnerViolationDetail> {
    const partner = await this.visible(principal, partnerId);
    const loans = body.loanIds.length > 0 ? await this.loans.byIds(body.loanIds) : [];
    const found = new Map(loans.map((loan) => [loan._id, loan]));
    const wrong = body.loanIds
      .map((loanId, index) => ({ loanId, index }))
      .filter(({ loanId }) => !partner.channelCodes.includes(found.get(loanId)?.channel ?? '\u0000'));
    if (wrong.length > 0)
      throw new UnprocessableError(
        'loan_not_of_partner',
        `Not loans this partner brought: ${wrong.map(({ loanId }) => loanId).join(', ')}`,
        wrong.map(({ index }) => ({ path: `/body/loanIds/${index}`, message: "is unknown or not of the partner's channels" })),
      );
    const computation = penaltyOf(
      partner.agreement,
      body.type,
      body.loanIds.map((loanId) => found.get(loanId)!.principalCents),
    );
    const actor = actorName(principal);
    const now = new Date();
    const record: ViolationRecord = {
      _id: `${partnerId}:${body.occurredOn.replaceAll('-', '')}:${randomBytes(4).toString('hex')}`,
      partnerId,
      orgUnit: partner.orgUnit,
      type: body.type,
      occurredOn: body.occurredOn,
      evidence: maskPersonalFields({ note: body.evidence.note, references: body.evidence.references ?? [] }) as ViolationRecord['evidence'],
      loanIds: [...body.loanIds],
      penalty: { status: 'proposed', ...computation, proposedBy: actor, proposedAt: now, confirmedBy: null, confirmedAt: null },
      revision: 1,
      recordedBy: actor,
      recordedAt: now,
    };
    await this.store.insertViolation(record, { action: 'recorded', actor, at: now, asOf: null, note: null, decisionId: null, facts: null });
    await this.audit.record({
      actor,
      action: 'partner.violation-recorded',
      entity: { kind: 'partner-violation', id: record._id },
      orgUnit: partner.orgUnit,
      after: {
        partnerId,
        type: record.type,
        occurredOn: record.occurredOn,
        loans: record.loanIds.length,
        penaltyCents: record.penalty.amountCents,
        status: 'proposed',
      },
    });
    await this.outbox.publish([partnerEvent('partner.violation-recorded', record, now)]);
    return this.violation(principal, record._id);
  }

  async violation(principal: Principal, violationId: string): Promise<PartnerViolationDetail> {
    const violation = await this.visibleViolation(principal, violationId);
    return { violation: toViolationView(violation), history: (await this.store.violationHistoryOf(violationId)).map(toChangeEntryView) };
  }

  /** An approver other than who recorded (proposed) it confirms the penalty (money: maker-checker); publishes partner.penalty-confirmed. */
  async confirmPenalty(principal: Principal, violationId: string, body: PartnerConfirmRequest): Promise<PartnerViolationDetail> {
    const violation = await this.visibleViolation(principal, violationId);
    const actor = actorName(principal);
    if (violation.penalty.proposedBy === actor) throw new ForbiddenError('Whoever proposed a penalty may not confirm it (dual control)', 'maker_checker');
    assertRevision(violation.revision, body.revision);
    if (violation.penalty.status !== 'proposed') throw new ConflictError('invalid_state', 'The penalty is confirmed already');
    const now = new Date();
    const penalty = { ...violation.penalty, status: 'confirmed' as const, confirmedBy: actor, confirmedAt: now };
    const applied = await this.store.applyViolation({
      id: violationId,
      expectedRevision: body.revision,
      set: { penalty },
      entry: { action: 'penalty-confirmed', actor, at: now, asOf: null, note: body.note ?? null, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(body.revision + 1, body.revision);
    const confirmed: ViolationRecord = { ...violation, penalty, revision: body.revision + 1 };
    await this.audit.record({
      actor,
      action: 'partner.penalty-confirmed',
      entity: { kind: 'partner-violation', id: violationId },
      orgUnit: violation.orgUnit,
      before: { status: 'proposed', penaltyCents: violation.penalty.amountCents, revision: violation.revision },
      after: { status: 'confirmed', penaltyCents: penalty.amountCents, revision: confirmed.revision },
      ...(body.note ? { reason: body.note } : {}),
    });
    await this.outbox.publish([partnerEvent('partner.penalty-confirmed', confirmed, now)]);
    return this.violation(principal, violationId);
  }

  async loansOf(principal: Principal, partnerId: string, query: PartnerLoanQuery): Promise<PartnerLoanList> {
    const partner = await this.visible(principal, partnerId);
    return this.loans.page(partner.channelCodes, undefined, query.before, query.limit ?? 100);
  }

  /** Whether the register holds this partner (a complaint naming a partner must name one it holds). */
  async known(partnerId: string): Promise<boolean> {
    return (await this.store.find(partnerId)) !== undefined;
  }

  async visible(principal: Principal, partnerId: string): Promise<PartnerRecord> {
    const partner = await this.store.find(partnerId);
    if (!partner || !(await isVisible(this.scope, principal, partner.orgUnit))) throw new NotFoundError(`No partner "${partnerId}"`);
    return partner;
  }

  private async visibleViolation(principal: Principal, violationId: string): Promise<ViolationRecord> {
    const violation = await this.store.findViolation(violationId);
    if (!violation || !(await isVisible(this.scope, principal, violation.orgUnit))) throw new NotFoundError(`No violation "${violationId}"`);
    return violation;
  }

  private async claim(partnerId: string, codes: readonly string[]): Promise<void> {
    const taken = await this.store.claimChannels(partnerId, codes);
    if (taken.length > 0)
      throw new ConflictError(
        'channel_taken',
        `Channel codes held by another partner: ${taken.join(', ')}`,
        taken.map((code) => ({ path: '/body/channelCodes', message: `${code} belongs to another partner` })),
      );
  }
}
