import type { AuditEntityKind, AuditEntryRecord } from './audit.model';
import { auditSafe, newEntryId } from './audit-entry';
import type { KeysetPage, PageRequest } from '../store/keyset-page';
import type { AuditFilter, AuditStore } from './audit.store';

const IDENTITY_KINDS = new Set<AuditEntityKind>(['user', 'api-key', 'org-unit']);

export interface AuditChange {
  actor: string;
  action: string;
  entity: { kind: AuditEntityKind; id: string };
  orgUnit: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/**
 * Every change to policy, authority and identities is recorded here after it is stored: who,
 * when, what before and after, why. Recording is part of the change, so a failure to record
 * fails the request (the change itself is already stored; the error is logged with the request).
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(change: AuditChange): Promise<void> {
    await this.recordMany([change]);
  }

  /** Several changes made together (a run's records), stored in one write. */
  async recordMany(changes: readonly AuditChange[]): Promise<void> {
    if (changes.length === 0) return;
    const at = this.now();
    await this.store.appendMany(changes.map((change) => auditEntry(change, at)));
  }

  page(filter: AuditFilter, request: PageRequest): Promise<KeysetPage<AuditEntryRecord>> {
    return this.store.page(filter, request);
  }

  latest(kind: AuditEntityKind, id: string): Promise<AuditEntryRecord | undefined> {
    return this.store.latest(kind, id);
  }
}

function auditEntry(change: AuditChange, at: Date): AuditEntryRecord {
  // Policy content can carry facts (a rule set's test cases); identities and units are named, not obligors.
  const maskPersonal = !IDENTITY_KINDS.has(change.entity.kind);
  return {
    entryId: newEntryId(at),
    at,
    actor: change.actor,
    action: change.action,
    entity: { kind: change.entity.kind, id: change.entity.id },
    orgUnit: change.orgUnit,
    ...(change.before !== undefined ? { before: auditSafe(change.before, maskPersonal) } : {}),
    ...(change.after !== undefined ? { after: auditSafe(change.after, maskPersonal) } : {}),
    ...(change.reason ? { reason: change.reason } : {}),
  };
}
