import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { assertVisible, isVisible, unitFilter, visibleUnits, type OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type {
  ControlRevisionRequest,
  InspectionCreateRequest,
  InspectionDetail,
  InspectionFindingRequest,
  InspectionList,
  InspectionQuery,
  InspectionRemediateRequest,
  InspectionRemediationRequest,
  InspectionRemediationReviewRequest,
} from '../generated/schema-types';
import { dateOfMoment } from '../ground/calendar';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { taskCreatedEvent } from '../monitoring/platform-event-data';
import { assertRevision } from '../monitoring/queue-actions';
import { toChangeEntryView } from '../monitoring/queue.views';
import type { TaskStore } from '../monitoring/task.store';
import { findingRecordedEvent } from './control-events';
import type { FindingRecord, InspectionRecord, RemediationRecord } from './control.model';
import { toInspectionView } from './control.views';
import { finishInspectionTask, inspectionTask, remediationOverdueTaskId } from './inspection-tasks';
import type { InspectionPlansService } from './inspection-plans.service';
import { remediate, remediationCounts, remediationOf, review, withRemediation } from './remediation';
import type { RevisionedStore } from './revisioned-store';

/**
 * Inspections (Art. 34) under an approved plan: the inspection is a task on the inspecting unit's queue; the
 * inspecting side records findings and remediation items, the inspected unit remediates with evidence, and a
 * reviewer other than the remediator closes each item. Scope reads the inspected unit: a branch sees its
 * self-inspections and HQ's inspections of it, nothing of another branch (404).
 */
export class InspectionsService {
  constructor(
    private readonly store: RevisionedStore<InspectionRecord>,
    private readonly plans: InspectionPlansService,
    private readonly tasks: TaskStore,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
  ) {}

  async create(principal: Principal, body: InspectionCreateRequest): Promise<InspectionDetail> {
    const plan = await this.plans.drafts.visible(principal, body.planId);
    if (!plan.approved) throw new ConflictError('invalid_state', 'The plan has no approved version yet: inspections follow an approved plan');
    if (!plan.approved.units.includes(body.orgUnit))
      throw new ValidationError("The unit is not in the plan's approved scope", [
        { path: '/body/orgUnit', message: `is not one of ${plan.approved.units.join(', ')}` },
      ]);
    body.areas.forEach((area, index) => {
      if (!plan.approved!.areas.includes(area))
        throw new ValidationError("The area is not in the plan's approved scope", [
          { path: `/body/areas/${index}`, message: `is not one of ${plan.approved!.areas.join(', ')}` },
        ]);
    });
    const actor = actorName(principal);
    const now = new Date();
    const today = dateOfMoment(now);
    const inspectionId = `INS-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    const record: InspectionRecord = {
      _id: inspectionId,
      orgUnit: body.orgUnit,
      planId: plan._id,
      planVersion: plan.approved.version,
      kind: plan.kind,
      inspectingUnit: plan.orgUnit,
      areas: body.areas,
      title: body.title,
      dueOn: body.dueOn,
      status: 'open',
      taskId: `inspection:${inspectionId}`,
      findings: [],
      ...remediationCounts([]),
      revision: 1,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.store.insert(record, { action: 'created', actor, at: now, asOf: null, note: null, decisionId: null, facts: null })))
      throw new Error(`inspection id taken: ${inspectionId}`);
    const task = inspectionTask(record, today, now);
    const raised = await this.tasks.insertNew([task], () => ({ action: 'created', actor, at: now, asOf: today, note: null, decisionId: null, facts: null }));
    await this.audit.record({
      actor,
      action: 'create-inspection',
      entity: { kind: 'inspection', id: inspectionId },
      orgUnit: record.orgUnit,
      after: { planId: plan._id, planVersion: record.planVersion, kind: record.kind, inspectingUnit: record.inspectingUnit, taskId: task._id, revision: 1 },
    });
    if (raised.has(task._id)) await this.outbox.publish([taskCreatedEvent(task, now)]);
    return this.detail(principal, inspectionId);
  }

  async list(principal: Principal, query: InspectionQuery): Promise<InspectionList> {
    const filter: Record<string, unknown> = unitFilter(await visibleUnits(this.scope, principal, query.orgUnit));
    if (query.kind) filter.kind = query.kind;
    if (query.status) filter.status = query.status;
    const page = await this.store.page(filter, { before: query.before, limit: query.limit ?? 100 });
    const today = dateOfMoment(new Date());
    return { ...page, items: page.items.map((item) => toInspectionView(item, today)) };
  }

  async detail(principal: Principal, inspectionId: string): Promise<InspectionDetail> {
    const inspection = await this.visible(principal, inspectionId);
    return { inspection: toInspectionView(inspection, dateOfMoment(new Date())), history: (await this.store.historyOf(inspectionId)).map(toChangeEntryView) };
  }

  /** A finding, recorded by the inspecting side; publishes inspection.finding-recorded. */
  async recordFinding(principal: Principal, inspectionId: string, body: InspectionFindingRequest): Promise<InspectionDetail> {
    const inspection = await this.inspecting(principal, inspectionId, body.revision);
    const now = new Date();
    const finding: FindingRecord = {
      findingId: `F${inspection.findings.length + 1}`,
      severity: body.severity,
      area: body.area,
      description: body.description,
      records: body.records ?? [],
      recordedBy: actorName(principal),
      recordedAt: now,
    };
    const after = await this.apply(
      principal,
      inspection,
      body.revision,
      { findings: [...inspection.findings, finding] },
      'finding-recorded',
      finding.findingId,
    );
    await this.outbox.publish([findingRecordedEvent(after, finding, now)]);
    return this.detail(principal, inspectionId);
  }

  /** A remediation item of a finding: what to do, who owns it, by when (inspecting side). */
  async addRemediation(principal: Principal, inspectionId: string, body: InspectionRemediationRequest): Promise<InspectionDetail> {
    const inspection = await this.inspecting(principal, inspectionId, body.revision);
    if (!inspection.findings.some((finding) => finding.findingId === body.findingId))
      throw new ValidationError('No such finding in this inspection', [{ path: '/body/findingId', message: 'is not a finding of this inspection' }]);
    const remediation: RemediationRecord = {
      remediationId: `R${inspection.remediations.length + 1}`,
      findingId: body.findingId,
      action: body.action,
      owner: body.owner,
      dueOn: body.dueOn,
      status: 'open',
      evidence: null,
      remediatedBy: null,
      remediatedAt: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      createdBy: actorName(principal),
      createdAt: new Date(),
    };
    await this.apply(
      principal,
      inspection,
      body.revision,
      remediationCounts([...inspection.remediations, remediation]),
      'remediation-added',
      remediation.remediationId,
    );
    return this.detail(principal, inspectionId);
  }

  /** The remediation done, with evidence: by the inspected unit (anyone who sees the inspection). */
  async remediate(principal: Principal, inspectionId: string, remediationId: string, body: InspectionRemediateRequest): Promise<InspectionDetail> {
    const inspection = await this.visible(principal, inspectionId);
    assertRevision(inspection.revision, body.revision);
    const next = remediate(
      remediationOf(inspection, remediationId),
      { note: body.evidence.note, references: body.evidence.references ?? [] },
      actorName(principal),
      new Date(),
    );
    await this.apply(principal, inspection, body.revision, withRemediation(inspection, next), 'remediated', remediationId);
    return this.detail(principal, inspectionId);
  }

  /** The review (inspecting side, never the remediator: 403 maker_checker): close, or reopen for more work. */
  async review(principal: Principal, inspectionId: string, remediationId: string, body: InspectionRemediationReviewRequest): Promise<InspectionDetail> {
    const inspection = await this.inspecting(principal, inspectionId, body.revision);
    const actor = actorName(principal);
    const now = new Date();
    const next = review(remediationOf(inspection, remediationId), body.outcome, body.note ?? null, actor, now);
    await this.apply(
      principal,
      inspection,
      body.revision,
      withRemediation(inspection, next),
      body.outcome === 'close' ? 'remediation-closed' : 'remediation-reopened',
      remediationId,
    );
    // Closed: the overdue task raised for it (if it fell due) has nothing left to chase.
    if (next.status === 'closed') await finishInspectionTask(this.tasks, remediationOverdueTaskId(inspectionId, next), closedEvidence(next), actor, now);
    return this.detail(principal, inspectionId);
  }

  /** The inspection's fieldwork done (findings recorded); remediations go on until each is closed. */
  async complete(principal: Principal, inspectionId: string, body: ControlRevisionRequest): Promise<InspectionDetail> {
    const inspection = await this.inspecting(principal, inspectionId, body.revision);
    if (inspection.status !== 'open') throw new ConflictError('invalid_state', 'The inspection is completed already');
    await this.apply(principal, inspection, body.revision, { status: 'completed' }, 'completed', body.note ?? null);
    const note = body.note ?? `inspection completed: ${inspection.findings.length} finding(s), ${inspection.openRemediations} remediation item(s) open`;
    await finishInspectionTask(this.tasks, inspection.taskId, { note, references: [] }, actorName(principal), new Date());
    return this.detail(principal, inspectionId);
  }

  /** Readers: inspections whose inspected unit lies in the caller's scope; others are 404. */
  async visible(principal: Principal, inspectionId: string): Promise<InspectionRecord> {
    const inspection = await this.store.find(inspectionId);
    if (!inspection || !(await isVisible(this.scope, principal, inspection.orgUnit))) throw new NotFoundError(`No inspection "${inspectionId}"`);
    return inspection;
  }

  /** The inspecting side's steps: the caller must see the inspecting unit too (a branch does not record findings in HQ's inspection of it: 403). */
  private async inspecting(principal: Principal, inspectionId: string, revision: number): Promise<InspectionRecord> {
    const inspection = await this.visible(principal, inspectionId);
    await assertVisible(this.scope, principal, inspection.inspectingUnit, { what: `the inspecting unit "${inspection.inspectingUnit}"` });
    assertRevision(inspection.revision, revision);
    return inspection;
  }

  private async apply(
    principal: Principal,
    inspection: InspectionRecord,
    revision: number,
    set: Partial<InspectionRecord>,
    action: string,
    note: string | null,
  ): Promise<InspectionRecord> {
    const actor = actorName(principal);
    const now = new Date();
    const applied = await this.store.applyOne({
      id: inspection._id,
      expectedRevision: revision,
      set: { ...set, updatedAt: now },
      entry: { action, actor, at: now, asOf: null, note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(revision + 1, revision);
    const after = { ...inspection, ...set, updatedAt: now, revision: revision + 1 };
    await this.audit.record({
      actor,
      action: `inspection-${action}`,
      entity: { kind: 'inspection', id: inspection._id },
      orgUnit: inspection.orgUnit,
      before: { status: inspection.status, revision, openRemediations: inspection.openRemediations },
      after: { status: after.status, revision: after.revision, openRemediations: after.openRemediations, ...(note ? { item: note } : {}) },
    });
    return after;
  }
}

/** What the finished overdue task records: the remediation's evidence and who reviewed it. */
function closedEvidence(remediation: RemediationRecord): { note: string; references: string[] } {
  return { note: remediation.evidence?.note ?? `remediation ${remediation.remediationId} closed`, references: remediation.evidence?.references ?? [] };
}
