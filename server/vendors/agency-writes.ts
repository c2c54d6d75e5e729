import type { AuditLog } from '../audit/audit.service';
import type { EventOutbox } from '../events/event-outbox';
import { assertRevision } from '../monitoring/queue-actions';
import type { HistoryEntry } from '../store/revisioned-records';
import { agencyEvent, type AgencyEventType } from './agency-events';
import { awaitingOf, type AgencyRecord } from './agency.model';
import type { AgencyStore } from './agency.store';

export interface AgencyChange {
  action: string;
  actor: string;
  set: Partial<AgencyRecord>;
  note: string | null;
  /** The business day a job's change concerns. */
  asOf?: string | null;
  decisionId?: string | null;
  facts?: Record<string, unknown> | null;
  /** The webhook the change publishes, with its reason. */
  event?: { type: AgencyEventType; reason: string };
}

/**
 * The one way an agency changes: against the revision the caller read (409 stale_version), a history
 * entry, the audit log (status and revision before and after, never the legal representative) and,
 * for admission, suspension and termination, the webhook.
 */
export class AgencyWrites {
  constructor(
    private readonly agencies: AgencyStore,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
  ) {}

  async apply(record: AgencyRecord, revision: number, change: AgencyChange): Promise<AgencyRecord> {
    assertRevision(record.revision, revision);
    const at = new Date();
    const entry: Pick<HistoryEntry, 'action' | 'actor' | 'at' | 'asOf' | 'note' | 'decisionId' | 'facts'> = {
      action: change.action,
      actor: change.actor,
      at,
      asOf: change.asOf ?? null,
      note: change.note,
      decisionId: change.decisionId ?? null,
      facts: change.facts ?? null,
    };
    // What waits for a checker follows from the status and the admission request; written only when it changes.
    const awaiting = awaitingOf({ ...record, ...change.set });
    const set: Partial<AgencyRecord> = { ...change.set, ...(awaiting !== (record.awaiting ?? null) ? { awaiting } : {}) };
    const applied = await this.agencies.applyOne({ id: record._id, expectedRevision: revision, set: { ...set, updatedAt: at }, entry });
    if (!applied) assertRevision(revision + 1, revision);
    const written: AgencyRecord = { ...record, ...set, revision: revision + 1, updatedAt: at };
    await this.audit.record({
      actor: change.actor,
      action: `agency.${change.action}`,
      entity: { kind: 'agency', id: record._id },
      orgUnit: 'HQ',
      before: { status: record.status, revision: record.revision },
      after: { status: written.status, revision: written.revision },
      ...(change.note ? { reason: change.note } : {}),
    });
    if (change.event) await this.outbox.publish([agencyEvent(change.event.type, written, change.event.reason, at)]);
    return written;
  }
}
