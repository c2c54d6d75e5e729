import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { assertVisible, isVisible, type OrgScope } from '../authority/org-scope';
import type { AuditEntityKind } from '../generated/schema-types';
import { NotFoundError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { assertRevision } from '../monitoring/queue-actions';
import type { HistoryEntry } from '../store/revisioned-records';
import { assertApprovable } from './approval';
import type { Approval } from './control.model';
import type { RevisionedStore } from './revisioned-store';

/** What inspection plans and emergency plans share: an org unit, a working text, an approved version, a revision. */
export interface DraftRecord {
  _id: string;
  orgUnit: string;
  status: 'draft' | 'approved';
  approved: (Approval & object) | null;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Versioned texts under maker-checker, one way for both kinds of plan: drafted and revised (each a revision with its
 * history entry, back to draft), approved by an approver who made none of the pending changes (403 maker_checker),
 * the approved text kept as the version in force; every step audited. Reads are scoped to the plan's unit: outside
 * it, 404 (its existence does not leak).
 */
export class PlanDrafts<T extends DraftRecord, Content extends object> {
  constructor(
    private readonly store: RevisionedStore<T & { revision: number }>,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly kind: AuditEntityKind,
    private readonly idPrefix: string,
    /** The text fields an approval copies into `approved`. */
    private readonly approvedContent: (record: T) => Content,
  ) {}

  async create(principal: Principal, orgUnit: string, fields: Omit<T, keyof DraftRecord>): Promise<T> {
    await assertVisible(this.scope, principal, orgUnit);
    const actor = actorName(principal);
    const now = new Date();
    const record = {
      _id: `${this.idPrefix}-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      orgUnit,
      ...fields,
      status: 'draft',
      approved: null,
      revision: 1,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    } as unknown as T;
    if (!(await this.store.insert(record, { action: 'drafted', actor, at: now, asOf: null, note: null, decisionId: null, facts: null })))
      throw new Error(`${this.idPrefix} id taken: ${record._id}`);
    await this.audit.record({
      actor,
      action: `draft-${this.kind}`,
      entity: { kind: this.kind, id: record._id },
      orgUnit,
      after: { status: 'draft', revision: 1 },
    });
    return record;
  }

  async revise(principal: Principal, id: string, revision: number, fields: Partial<T>, note: string | null): Promise<T> {
    const record = await this.visible(principal, id);
    assertRevision(record.revision, revision);
    return this.apply(principal, record, revision, { ...fields, status: 'draft' } as Partial<T>, 'revised', note);
  }

  async approve(principal: Principal, id: string, revision: number, note: string | null): Promise<T> {
    const record = await this.visible(principal, id);
    assertRevision(record.revision, revision);
    const actor = actorName(principal);
    assertApprovable(record, await this.store.historyOf(id), actor);
    const approved = { version: (record.approved?.version ?? 0) + 1, ...this.approvedContent(record), approvedBy: actor, approvedAt: new Date() };
    return this.apply(principal, record, revision, { status: 'approved', approved } as unknown as Partial<T>, 'approved', note);
  }

  /** A change at the revision read (a stale one: 409), kept in the history and the audit log. */
  async apply(principal: Principal, record: T, revision: number, set: Partial<T>, action: string, note: string | null): Promise<T> {
    const actor = actorName(principal);
    const now = new Date();
    const applied = await this.store.applyOne({
      id: record._id,
      expectedRevision: revision,
      set: { ...set, updatedAt: now },
      entry: { action, actor, at: now, asOf: null, note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(revision + 1, revision);
    const after = { ...record, ...set, updatedAt: now, revision: revision + 1 } as T;
    await this.audit.record({
      actor,
      action: `${action === 'revised' ? 'revise' : action === 'approved' ? 'approve' : action}-${this.kind}`,
      entity: { kind: this.kind, id: record._id },
      orgUnit: record.orgUnit,
      before: { status: record.status, revision: record.revision, version: record.approved?.version ?? 0 },
      after: { status: after.status, revision: after.revision, version: after.approved?.version ?? 0 },
    });
    return after;
  }

  async visible(principal: Principal, id: string): Promise<T> {
    const record = await this.store.find(id);
    if (!record || !(await isVisible(this.scope, principal, record.orgUnit))) throw new NotFoundError(`No ${this.kind} "${id}"`);
    return record;
  }

  historyOf(id: string): Promise<HistoryEntry[]> {
    return this.store.historyOf(id);
  }
}
