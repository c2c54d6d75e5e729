import type { AuditLog } from '../../audit/audit.service';
import { isVisible, visibleUnits, type OrgScope } from '../../authority/org-scope';
import type { EventOutbox } from '../../events/event-outbox';
import type {
  CaseCollectionPlanRequest,
  CaseDelinquencyDetailsRequest,
  CaseDetail,
  CaseList,
  CaseMaliceAssessmentRequest,
  CaseQuery,
  CaseReassignRequest,
} from '../../generated/schema-types';
import { dateFromDay, todayDay } from '../../ground/calendar';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type ErrorDetail } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import { assertRevision } from '../../monitoring/queue-actions';
import { toChangeEntryView } from '../../monitoring/queue.views';
import { caseAssignedEvent } from './case-events';
import { recordAssignment } from './case-audit';
import { scheduleTreatment } from './case-plan';
import { toCaseView } from './case-views';
import type { CaseHandler, CollectionCaseRecord } from './collection-case.model';
import type { CollectionCaseStore } from './collection-case.store';

/**
 * Collection staff's work on cases: the list and detail within the caller's scope (another
 * branch's case answers 404, so its existence does not leak), and the changes the run does not
 * make — the funder's delinquency details, the plan agreed with the funder, the subjective-malice
 * assessment (Art. 10) and reassignment by hand (Art. 12). Each change names the revision it read
 * (stale: 409), is a history entry of the case, and is kept in the audit log.
 */
export class CollectionCaseWork {
  constructor(
    private readonly cases: CollectionCaseStore,
    private readonly scope: OrgScope,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly today: () => string = () => dateFromDay(todayDay()),
  ) {}

  async list(principal: Principal, query: CaseQuery): Promise<CaseList> {
    const orgUnits = await visibleUnits(this.scope, principal, query.orgUnit);
    // An agency's key reads only the cases placed with its agency.
    const placedWith = agencyOf(principal);
    const page = await this.cases.page(
      { orgUnits, status: query.status, stage: query.stage, handler: query.handler, obligorId: query.obligorId, placedWith },
      { before: query.before, limit: query.limit ?? 100 },
    );
    // An obligor with no case at all in the caller's scope is unknown to the caller, whether or not another branch has one
    // (an obligor whose cases the other filters leave out is known: an empty page).
    if (query.obligorId && !query.before && page.items.length === 0) {
      const any = await this.cases.page({ orgUnits, obligorId: query.obligorId, placedWith }, { limit: 1 });
      if (any.items.length === 0) throw new NotFoundError(`No collection case of obligor "${query.obligorId}" in your scope`, 'unknown_obligor');
    }
    return { ...page, items: page.items.map(toCaseView) };
  }

  async detail(principal: Principal, caseId: string): Promise<CaseDetail> {
    const record = await this.visible(principal, caseId);
    return { case: toCaseView(record), history: (await this.cases.historyOf(caseId)).map(toChangeEntryView) };
  }

  async putDelinquencyDetails(principal: Principal, caseId: string, body: CaseDelinquencyDetailsRequest): Promise<CaseDetail> {
    const { revision, ...details } = body;
    refuse([...notAfterToday('/body/reportedOn', details.reportedOn, this.today())]);
    return this.change(
      principal,
      caseId,
      revision,
      'delinquency-details',
      { delinquencyDetails: { ...details, recordedBy: actorName(principal) } },
      details.note,
    );
  }

  async putCollectionPlan(principal: Principal, caseId: string, body: CaseCollectionPlanRequest): Promise<CaseDetail> {
    const { revision, ...plan } = body;
    refuse(plan.from > plan.to ? [{ path: '/body/to', message: `must not be before from (${plan.from})` }] : []);
    const collectionPlan = { ...plan, note: plan.note ?? null, agreedWith: plan.agreedWith ?? null, recordedBy: actorName(principal) };
    return this.change(principal, caseId, revision, 'collection-plan', { collectionPlan }, plan.note ?? null);
  }

  async putMaliceAssessment(principal: Principal, caseId: string, body: CaseMaliceAssessmentRequest): Promise<CaseDetail> {
    const { revision, ...assessment } = body;
    const assessedOn = assessment.assessedOn ?? this.today();
    refuse(notAfterToday('/body/assessedOn', assessedOn, this.today()));
    const maliceAssessment = { ...assessment, assessedOn, assessor: actorName(principal) };
    return this.change(principal, caseId, revision, 'malice-assessment', { maliceAssessment }, assessment.reasons.join('; '), true);
  }

  async reassign(principal: Principal, caseId: string, body: CaseReassignRequest): Promise<CaseDetail> {
    refuse(
      body.handler === 'agency' && !body.agencyCategory
        ? [{ path: '/body/agencyCategory', message: 'is required when the handler is an agency' }]
        : body.handler !== 'agency' && body.agencyCategory
          ? [{ path: '/body/agencyCategory', message: 'is only for an agency' }]
          : [],
    );
    const record = await this.visible(principal, caseId);
    if (record.status !== 'open') throw new ConflictError('invalid_state', `Collection case "${caseId}" is closed; only an open case is reassigned`);
    const handler: CaseHandler = {
      type: body.handler,
      ...(body.agencyCategory ? { agencyCategory: body.agencyCategory } : {}),
      reason: 'by-hand',
      basis: 'Art. 12',
      rule: null,
      decisionId: null,
      ruleSet: null,
      treatment: body.treatment ? scheduleTreatment(body.treatment, record.stageSince) : (record.handler?.treatment ?? []),
      assignedBy: actorName(principal),
      assignedOn: this.today(),
      note: body.reason,
    };
    const detail = await this.change(principal, caseId, body.revision, 'reassigned', { handler, handlerType: handler.type }, body.reason);
    const written: CollectionCaseRecord = { ...record, handler, handlerType: handler.type, revision: body.revision + 1 };
    await this.outbox.publish([caseAssignedEvent(written, new Date())!]);
    await recordAssignment(this.audit, [{ record: written, before: record.handler, actor: actorName(principal), reason: body.reason }]);
    return detail;
  }

  private async visible(principal: Principal, caseId: string): Promise<CollectionCaseRecord> {
    const record = await this.cases.find(caseId);
    const placedElsewhere = record && principal.agencyId !== undefined && record.placedWith !== agencyOf(principal);
    if (!record || placedElsewhere || !(await isVisible(this.scope, principal, record.orgUnit))) throw new NotFoundError(`No collection case "${caseId}"`);
    return record;
  }

  /** One revisioned change by a person: a history entry, then the case; the audit log keeps it too (reassignments audit themselves). */
  private async change(
    principal: Principal,
    caseId: string,
    revision: number,
    action: string,
    set: Record<string, unknown>,
    note: string | null,
    audited = action !== 'reassigned',
  ): Promise<CaseDetail> {
    const record = await this.visible(principal, caseId);
    assertRevision(record.revision, revision);
    const now = new Date();
    const applied = await this.cases.applyOne({
      id: caseId,
      expectedRevision: revision,
      set: { ...set, updatedAt: now },
      entry: { action, actor: actorName(principal), at: now, asOf: null, note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(revision + 1, revision);
    if (audited) {
      const field = Object.keys(set)[0]!;
      await this.audit.record({
        actor: actorName(principal),
        action: `collection-case.${action}`,
        entity: { kind: 'collection-case', id: caseId },
        orgUnit: record.orgUnit,
        before: { [field]: (record as unknown as Record<string, unknown>)[field] ?? null, revision: record.revision },
        after: { [field]: set[field], revision: revision + 1 },
      });
    }
    return this.detail(principal, caseId);
  }
}

/** The agency an integration key reads for; an integration key bound to no agency does not read cases (403). */
function agencyOf(principal: Principal): string | undefined {
  if (principal.kind === 'integration' && !principal.agencyId && !principal.roles.some((role) => role !== 'integration'))
    throw new ForbiddenError('Only an agency’s API key (bound to an agency) reads collection cases as an integration');
  return principal.agencyId;
}

function notAfterToday(path: string, date: string, today: string): ErrorDetail[] {
  return date > today ? [{ path, message: `must not be after today (${today})` }] : [];
}

function refuse(details: ErrorDetail[]): void {
  if (details.length > 0) throw new ValidationError('The body is invalid', details);
}
