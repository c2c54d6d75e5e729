import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { isVisible, unitFilter, visibleUnits, type OrgScope } from '../authority/org-scope';
import type { EventOutbox } from '../events/event-outbox';
import type {
  ControlRevisionRequest,
  EmergencyActivationCloseRequest,
  EmergencyActivationDetail,
  EmergencyActivationList,
  EmergencyActivationQuery,
  EmergencyActivationRequest,
  EmergencyActivationStepRequest,
  EmergencyPlanDetail,
  EmergencyPlanList,
  EmergencyPlanQuery,
  EmergencyPlanRequest,
  EmergencyPlanUpdateRequest,
} from '../generated/schema-types';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { assertRevision } from '../monitoring/queue-actions';
import { toChangeEntryView } from '../monitoring/queue.views';
import { activationEvent } from './control-events';
import type { EmergencyActivationRecord, EmergencyContent, EmergencyPlanRecord } from './control.model';
import { toActivationView, toEmergencyPlanView } from './control.views';
import { PlanDrafts } from './plan-drafts';
import type { RevisionedStore } from './revisioned-store';

const content = ({ title, scenario, trigger, steps, contacts }: EmergencyContent): EmergencyContent => ({ title, scenario, trigger, steps, contacts });

/**
 * Emergency plans for major risks and sudden events (Art. 8): versioned texts (trigger, steps, contacts as positions)
 * approved under maker-checker, and activations of the approved version: who, when, why, the alert and warning ids
 * behind it, each step done, and the closing review. Scoped to the plan's unit (outside it: 404).
 */
export class EmergencyService {
  readonly drafts: PlanDrafts<EmergencyPlanRecord, EmergencyContent>;

  constructor(
    private readonly plans: RevisionedStore<EmergencyPlanRecord>,
    private readonly activations: RevisionedStore<EmergencyActivationRecord>,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
  ) {
    this.drafts = new PlanDrafts<EmergencyPlanRecord, EmergencyContent>(plans, scope, audit, 'emergency-plan', 'EP', content);
  }

  async create(principal: Principal, body: EmergencyPlanRequest): Promise<EmergencyPlanDetail> {
    assertSteps(body.steps);
    const record = await this.drafts.create(principal, body.orgUnit ?? principal.orgUnit, content(body) as never);
    return this.detail(principal, record._id);
  }

  async revise(principal: Principal, planId: string, body: EmergencyPlanUpdateRequest): Promise<EmergencyPlanDetail> {
    assertSteps(body.steps);
    await this.drafts.revise(principal, planId, body.revision, content(body), null);
    return this.detail(principal, planId);
  }

  async approve(principal: Principal, planId: string, body: ControlRevisionRequest): Promise<EmergencyPlanDetail> {
    await this.drafts.approve(principal, planId, body.revision, body.note ?? null);
    return this.detail(principal, planId);
  }

  async detail(principal: Principal, planId: string): Promise<EmergencyPlanDetail> {
    const plan = await this.drafts.visible(principal, planId);
    return { plan: toEmergencyPlanView(plan), history: (await this.drafts.historyOf(planId)).map(toChangeEntryView) };
  }

  async list(principal: Principal, query: EmergencyPlanQuery): Promise<EmergencyPlanList> {
    const page = await this.plans.page(unitFilter(await visibleUnits(this.scope, principal, query.orgUnit)), {
      before: query.before,
      limit: query.limit ?? 100,
    });
    return { ...page, items: page.items.map(toEmergencyPlanView) };
  }

  /** Activates the approved version (the revision read must be current: the activator saw the text in force); publishes emergency-plan.activated. */
  async activate(principal: Principal, planId: string, body: EmergencyActivationRequest): Promise<EmergencyActivationDetail> {
    const plan = await this.drafts.visible(principal, planId);
    assertRevision(plan.revision, body.revision);
    if (!plan.approved) throw new ConflictError('invalid_state', 'The plan has no approved version: approve it before it can be activated');
    const actor = actorName(principal);
    const now = new Date();
    const record: EmergencyActivationRecord = {
      _id: `EA-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      orgUnit: plan.orgUnit,
      planId,
      planVersion: plan.approved.version,
      scenario: plan.approved.scenario,
      title: plan.approved.title,
      status: 'active',
      reason: body.reason,
      alertIds: body.alertIds ?? [],
      warningIds: body.warningIds ?? [],
      activatedBy: actor,
      activatedAt: now,
      steps: plan.approved.steps.map((step) => ({ ...step, doneBy: null, doneAt: null, note: null })),
      closure: null,
      revision: 1,
      updatedAt: now,
    };
    if (!(await this.activations.insert(record, { action: 'activated', actor, at: now, asOf: null, note: body.reason, decisionId: null, facts: null })))
      throw new Error(`activation id taken: ${record._id}`);
    await this.audit.record({
      actor,
      action: 'activate-emergency-plan',
      entity: { kind: 'emergency-activation', id: record._id },
      orgUnit: record.orgUnit,
      after: { planId, planVersion: record.planVersion, status: 'active', alertIds: record.alertIds, warningIds: record.warningIds, revision: 1 },
    });
    await this.outbox.publish([activationEvent('emergency-plan.activated', record, now)]);
    return this.activationDetail(principal, record._id);
  }

  async markStep(principal: Principal, activationId: string, body: EmergencyActivationStepRequest): Promise<EmergencyActivationDetail> {
    const activation = await this.activeOne(principal, activationId, body.revision);
    const step = activation.steps.find((item) => item.step === body.step);
    if (!step) throw new ValidationError('No such step in the plan version activated', [{ path: '/body/step', message: 'is not a step of this plan' }]);
    if (step.doneBy) throw new ConflictError('invalid_state', `Step ${body.step} is recorded as done already`);
    const now = new Date();
    const steps = activation.steps.map((item) => (item.step === body.step ? { ...item, doneBy: actorName(principal), doneAt: now, note: body.note } : item));
    await this.applyActivation(principal, activation, body.revision, { steps }, 'step-done', `${body.step}: ${body.note}`);
    return this.activationDetail(principal, activationId);
  }

  /** Closed with its review; the steps not done are listed in the closure. Publishes emergency-plan.closed. */
  async close(principal: Principal, activationId: string, body: EmergencyActivationCloseRequest): Promise<EmergencyActivationDetail> {
    const activation = await this.activeOne(principal, activationId, body.revision);
    const now = new Date();
    const closure = {
      by: actorName(principal),
      at: now,
      review: body.review,
      lessons: body.lessons ?? null,
      stepsNotDone: activation.steps.filter((step) => !step.doneBy).map((step) => step.step),
    };
    const after = await this.applyActivation(principal, activation, body.revision, { status: 'closed', closure }, 'closed', body.review);
    await this.outbox.publish([activationEvent('emergency-plan.closed', after, now)]);
    return this.activationDetail(principal, activationId);
  }

  async activationDetail(principal: Principal, activationId: string): Promise<EmergencyActivationDetail> {
    const activation = await this.visibleActivation(principal, activationId);
    return { activation: toActivationView(activation), history: (await this.activations.historyOf(activationId)).map(toChangeEntryView) };
  }

  async activationList(principal: Principal, query: EmergencyActivationQuery): Promise<EmergencyActivationList> {
    const filter: Record<string, unknown> = unitFilter(await visibleUnits(this.scope, principal, query.orgUnit));
    if (query.planId) filter.planId = query.planId;
    if (query.status) filter.status = query.status;
    const page = await this.activations.page(filter, { before: query.before, limit: query.limit ?? 100 });
    return { ...page, items: page.items.map(toActivationView) };
  }

  private async visibleActivation(principal: Principal, activationId: string): Promise<EmergencyActivationRecord> {
    const activation = await this.activations.find(activationId);
    if (!activation || !(await isVisible(this.scope, principal, activation.orgUnit))) throw new NotFoundError(`No emergency activation "${activationId}"`);
    return activation;
  }

  private async activeOne(principal: Principal, activationId: string, revision: number): Promise<EmergencyActivationRecord> {
    const activation = await this.visibleActivation(principal, activationId);
    assertRevision(activation.revision, revision);
    if (activation.status !== 'active') throw new ConflictError('invalid_state', 'The activation is closed');
    return activation;
  }

  private async applyActivation(
    principal: Principal,
    activation: EmergencyActivationRecord,
    revision: number,
    set: Partial<EmergencyActivationRecord>,
    action: string,
    note: string,
  ): Promise<EmergencyActivationRecord> {
    const actor = actorName(principal);
    const now = new Date();
    const applied = await this.activations.applyOne({
      id: activation._id,
      expectedRevision: revision,
      set: { ...set, updatedAt: now },
      entry: { action, actor, at: now, asOf: null, note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(revision + 1, revision);
    const after = { ...activation, ...set, updatedAt: now, revision: revision + 1 };
    await this.audit.record({
      actor,
      action: `emergency-activation-${action}`,
      entity: { kind: 'emergency-activation', id: activation._id },
      orgUnit: activation.orgUnit,
      before: { status: activation.status, revision },
      after: { status: after.status, revision: after.revision, ...(set.closure ? { stepsNotDone: set.closure.stepsNotDone } : {}) },
    });
    return after;
  }
}

/** Steps are numbered once each, so an activation records each by its number. */
function assertSteps(steps: readonly { step: number }[]): void {
  const seen = new Set<number>();
  steps.forEach((step, index) => {
    if (seen.has(step.step))
      throw new ValidationError('Each step has its own number', [{ path: `/body/steps/${index}/step`, message: 'repeats an earlier step number' }]);
    seen.add(step.step);
  });
}
