import { visibleUnits } from './org-scope';
import type { AuditLog } from '../audit/audit.service';
import { ConflictError, ForbiddenError, NotFoundError } from '../http/errors';
import type { NaturalPersons } from '../identity/natural-person';
import { actorName, type Principal } from '../identity/principal';
import { approvalProblem, transition, type DisplayState, type LifecycleAction, type StoredState } from '../rulesets/ruleset.lifecycle';
import type { DelegationKind, DelegationRecord } from './delegation.model';
import { inForceByUnit, type DelegationStore } from './delegation.store';
import type { OrgUnitDirectory } from './org-unit.directory';

/** What differs between grants and overlays: who may author and approve, and what content is valid. */
export interface DelegationPolicy<Content> {
  kind: DelegationKind;
  /** For messages: "grant", "parameter overlay". */
  noun: string;
  /** Throws 403 when the unit's version is visible to the principal but not theirs to write. */
  assertMayAuthor(principal: Principal, orgUnit: string): Promise<void>;
  /** Throws 403 when the principal's unit is not one that may approve (and publish) for this unit. */
  assertMayApprove(principal: Principal, orgUnit: string): Promise<void>;
  /** Throws 422 with details (paths under `where`) when the content does not fit the rule set and the bounds in force now. */
  check(orgUnit: string, ruleSetKey: string, content: Content, where: string): Promise<void>;
}

export interface DelegationView<Content> {
  record: DelegationRecord<Content>;
  state: DisplayState;
  inForce: boolean;
}

export interface DelegationQuery {
  orgUnit?: string;
  ruleSetKey?: string;
  state?: DisplayState;
}

/**
 * The lifecycle grants and overlays share with rule sets: drafts edited with a revision (409 when
 * stale), submit, approval by a different person with the approver role (maker-checker), publish.
 * Every action is audited. Versions of units outside the reader's scope do not exist for them (404).
 */
export class DelegationService<Content> {
  constructor(
    private readonly store: DelegationStore<Content>,
    private readonly policy: DelegationPolicy<Content>,
    private readonly orgUnits: OrgUnitDirectory,
    private readonly audit: AuditLog,
    private readonly onPublished: (ruleSetKey: string) => void,
    /** Maker-checker between natural persons, beyond names (server/identity/natural-person.ts). */
    private readonly persons?: NaturalPersons,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, query: DelegationQuery): Promise<DelegationView<Content>[]> {
    if (query.orgUnit) await this.orgUnits.assertInScope(principal, query.orgUnit);
    const units = await visibleUnits(this.orgUnits, principal, query.orgUnit);
    const records = await this.store.list({ orgUnits: units, ...(query.ruleSetKey ? { ruleSetKey: query.ruleSetKey } : {}) });
    const views = this.views(records);
    return query.state ? views.filter((view) => view.state === query.state) : views;
  }

  async version(principal: Principal, orgUnit: string, ruleSetKey: string, version: number): Promise<DelegationView<Content>> {
    await this.assertVisible(principal, orgUnit, ruleSetKey);
    return this.view(orgUnit, ruleSetKey, version);
  }

  async createDraft(
    principal: Principal,
    orgUnit: string,
    ruleSetKey: string,
    request: { basedOnVersion: number; reason?: string; content: Content },
  ): Promise<DelegationView<Content>> {
    await this.assertVisible(principal, orgUnit, ruleSetKey);
    await this.policy.assertMayAuthor(principal, orgUnit);
    const latest = await this.store.latestVersionNumber(orgUnit, ruleSetKey);
    if (request.basedOnVersion !== latest) {
      throw new ConflictError(
        'stale_version',
        `The latest version of the ${this.policy.noun} for ${orgUnit} / ${ruleSetKey} is ${latest}, not ${request.basedOnVersion}; reload and try again`,
        [{ path: '/body/basedOnVersion', message: `is stale; the latest version is ${latest}`, latestVersion: latest }],
      );
    }
    await this.policy.check(orgUnit, ruleSetKey, request.content, '/body');
    const actor = actorName(principal);
    const now = this.now();
    const record = await this.store.insert({
      orgUnit,
      ruleSetKey,
      version: latest + 1,
      content: request.content,
      state: 'draft',
      revision: 1,
      author: actor,
      makers: [actor],
      ...(latest > 0 ? { basedOnVersion: latest } : {}),
      createdAt: now,
      updatedAt: now,
    });
    await this.record(actor, 'create', record, request.reason, undefined, { version: record.version, state: 'draft', revision: 1, content: request.content });
    return this.view(orgUnit, ruleSetKey, record.version);
  }

  async updateDraft(
    principal: Principal,
    orgUnit: string,
    ruleSetKey: string,
    version: number,
    request: { revision: number; reason?: string; content: Content },
  ): Promise<DelegationView<Content>> {
    await this.assertVisible(principal, orgUnit, ruleSetKey);
    await this.policy.assertMayAuthor(principal, orgUnit);
    const current = await this.require(orgUnit, ruleSetKey, version);
    this.assertTransition(current, 'update');
    await this.policy.check(orgUnit, ruleSetKey, request.content, '/body');
    const actor = actorName(principal);
    const updated = await this.store.updateIf(
      orgUnit,
      ruleSetKey,
      version,
      { state: 'draft', revision: request.revision },
      { content: request.content },
      { incrementRevision: true, addMaker: actor },
    );
    if (!updated) {
      const now = await this.require(orgUnit, ruleSetKey, version);
      if (now.state !== 'draft') throw new ConflictError('invalid_state', `Version ${version} is ${now.state}; only drafts can be edited`);
      throw new ConflictError('stale_version', `The draft changed since revision ${request.revision} (now ${now.revision}); reload and try again`, [
        { path: '/body/revision', message: `is stale; the current revision is ${now.revision}`, currentRevision: now.revision },
      ]);
    }
    await this.record(
      actor,
      'update',
      current,
      request.reason,
      { version, revision: request.revision, content: current.content },
      { version, revision: request.revision + 1, content: request.content },
    );
    return this.view(orgUnit, ruleSetKey, version);
  }

  async submit(principal: Principal, orgUnit: string, ruleSetKey: string, version: number, reason?: string): Promise<DelegationView<Content>> {
    await this.assertVisible(principal, orgUnit, ruleSetKey);
    await this.policy.assertMayAuthor(principal, orgUnit);
    const current = await this.require(orgUnit, ruleSetKey, version);
    this.assertTransition(current, 'submit');
    await this.policy.check(orgUnit, ruleSetKey, current.content, '');
    return this.move(current, 'submit', principal, reason, { submittedAt: this.now() });
  }

  async approve(principal: Principal, orgUnit: string, ruleSetKey: string, version: number, reason?: string): Promise<DelegationView<Content>> {
    return this.decide('approve', principal, orgUnit, ruleSetKey, version, reason);
  }

  async reject(principal: Principal, orgUnit: string, ruleSetKey: string, version: number, reason?: string): Promise<DelegationView<Content>> {
    return this.decide('reject', principal, orgUnit, ruleSetKey, version, reason);
  }

  /** Publishing checks the content again against the bounds in force now: they may have narrowed since approval. */
  async publish(principal: Principal, orgUnit: string, ruleSetKey: string, version: number, reason?: string): Promise<DelegationView<Content>> {
    await this.assertVisible(principal, orgUnit, ruleSetKey);
    await this.policy.assertMayApprove(principal, orgUnit);
    const current = await this.require(orgUnit, ruleSetKey, version);
    this.assertTransition(current, 'publish');
    const approval = await this.persons?.approvalStandsProblem(current.approvedBy, current);
    if (approval) throw new ConflictError(approval.code, approval.message);
    await this.policy.check(orgUnit, ruleSetKey, current.content, '');
    const view = await this.move(current, 'publish', principal, reason, { publishedBy: actorName(principal), publishedAt: this.now() });
    this.onPublished(ruleSetKey);
    return view;
  }

  private async decide(
    action: 'approve' | 'reject',
    principal: Principal,
    orgUnit: string,
    ruleSetKey: string,
    version: number,
    reason?: string,
  ): Promise<DelegationView<Content>> {
    await this.assertVisible(principal, orgUnit, ruleSetKey);
    const current = await this.require(orgUnit, ruleSetKey, version);
    this.assertTransition(current, action);
    const problem = approvalProblem({ name: actorName(principal), roles: principal.roles }, current.makers, action);
    if (problem) throw new ForbiddenError(problem, 'maker_checker');
    if (action === 'approve') {
      const person = await this.persons?.approvalProblem(principal, current);
      if (person) throw new ForbiddenError(person.message, person.code);
    }
    await this.policy.assertMayApprove(principal, orgUnit);
    return this.move(current, action, principal, reason, action === 'approve' ? { approvedBy: actorName(principal) } : {});
  }

  private async move(
    current: DelegationRecord<Content>,
    action: LifecycleAction,
    principal: Principal,
    reason: string | undefined,
    changes: Partial<DelegationRecord<unknown>>,
  ): Promise<DelegationView<Content>> {
    const step = transition(current.state, action);
    if (!step.ok) throw new ConflictError('invalid_state', step.message);
    const moved = await this.store.updateIf(
      current.orgUnit,
      current.ruleSetKey,
      current.version,
      { state: step.from, revision: current.revision },
      { ...changes, state: step.to },
    );
    if (!moved) throw new ConflictError('stale_version', `Version ${current.version} changed meanwhile; reload and try again`);
    await this.record(
      actorName(principal),
      action,
      current,
      reason,
      { version: current.version, state: step.from },
      { version: current.version, state: step.to, ...changes },
    );
    return this.view(current.orgUnit, current.ruleSetKey, current.version);
  }

  /** Another branch's grants and overlays do not exist for a reader (404), whatever their unit. */
  private async assertVisible(principal: Principal, orgUnit: string, ruleSetKey: string): Promise<void> {
    await this.orgUnits.assertInScope(principal, orgUnit, { hide: true, what: `${this.policy.noun} for ${orgUnit} / ${ruleSetKey}` });
  }

  private assertTransition(current: DelegationRecord<Content>, action: LifecycleAction): void {
    const step = transition(current.state, action);
    if (!step.ok) throw new ConflictError('invalid_state', step.message);
  }

  private async require(orgUnit: string, ruleSetKey: string, version: number): Promise<DelegationRecord<Content>> {
    const record = await this.store.find(orgUnit, ruleSetKey, version);
    if (!record) throw new NotFoundError(`No version ${version} of the ${this.policy.noun} for ${orgUnit} / ${ruleSetKey}`);
    return record;
  }

  private async view(orgUnit: string, ruleSetKey: string, version: number): Promise<DelegationView<Content>> {
    const records = await this.store.list({ orgUnits: [orgUnit], ruleSetKey });
    const view = this.views(records).find((item) => item.record.version === version);
    if (!view) throw new NotFoundError(`No version ${version} of the ${this.policy.noun} for ${orgUnit} / ${ruleSetKey}`);
    return view;
  }

  /** Published versions other than the one in force show as retired. */
  private views(records: readonly DelegationRecord<Content>[]): DelegationView<Content>[] {
    const inForce = new Map<string, number>();
    const byKey = new Map<string, DelegationRecord<Content>[]>();
    for (const record of records) {
      if (record.state !== 'published') continue;
      const list = byKey.get(record.ruleSetKey) ?? [];
      list.push(record);
      byKey.set(record.ruleSetKey, list);
    }
    for (const [key, published] of byKey) for (const [unit, record] of inForceByUnit(published)) inForce.set(`${unit}|${key}`, record.version);
    return records.map((record) => {
      const current = inForce.get(`${record.orgUnit}|${record.ruleSetKey}`) === record.version;
      const state: DisplayState = record.state === 'published' && !current ? 'retired' : (record.state as StoredState);
      return { record, state, inForce: record.state === 'published' && current };
    });
  }

  private async record(
    actor: string,
    action: string,
    record: DelegationRecord<Content>,
    reason: string | undefined,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.audit.record({
      actor,
      action,
      entity: { kind: this.policy.kind, id: `${record.orgUnit}/${record.ruleSetKey}` },
      orgUnit: record.orgUnit,
      reason,
      ...(before !== undefined ? { before } : {}),
      after,
    });
  }
}
