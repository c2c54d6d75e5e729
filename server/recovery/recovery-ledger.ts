import type { AuditLog } from '../audit/audit.service';
import type { EventOutbox } from '../events/event-outbox';
import type { PlatformEvent } from '../events/platform-events';
import { add, outstanding, sum } from './ledger-arithmetic';
import type { Components, LedgerEntry, LedgerKind, RecoveryCaseRecord } from './recovery-case.model';
import type { RecoveryCaseStore } from './recovery-case.store';
import { recoveryBookedEvent, recoveryCaseClosedEvent } from './recovery-events';

export interface Movement {
  kind: Extract<LedgerKind, 'recovery' | 'write-off'>;
  components: Components;
  on: string;
  recoveryId: string | null;
  source: LedgerEntry['source'];
  unallocatedCents?: number;
  actor: string;
  note: string | null;
  /** Fields of the case the same revision sets (a decided write-off leaves the pending list). */
  alsoSet?: Partial<RecoveryCaseRecord>;
}

/**
 * Books a recovery or a write-off on a case as one revision (the gate: a stale revision books
 * nothing, the caller re-reads), then its ledger entry under `<caseId>:<revision>`, its events
 * and its audit entry. The caller has checked the amounts fit what is outstanding
 * (ledger-arithmetic.ts). A case left with nothing outstanding closes in the same revision.
 */
export class RecoveryLedger {
  constructor(
    private readonly cases: RecoveryCaseStore,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  async book(record: RecoveryCaseRecord, movement: Movement): Promise<RecoveryCaseRecord | undefined> {
    const at = new Date();
    const recovered = movement.kind === 'recovery' ? add(record.recovered, movement.components) : record.recovered;
    const writtenOff = movement.kind === 'write-off' ? add(record.writtenOff, movement.components) : record.writtenOff;
    const unallocatedCents = record.unallocatedCents + (movement.unallocatedCents ?? 0);
    const closes = record.status === 'open' && sum(outstanding(record.due, recovered, writtenOff)) === 0;
    const closing = closes
      ? { status: 'closed' as const, closedReason: sum(writtenOff) > 0 ? ('written-off' as const) : ('recovered' as const), closedOn: movement.on }
      : {};
    const set = { recovered, writtenOff, unallocatedCents, ...closing, ...movement.alsoSet, updatedAt: at };
    const applied = await this.cases.applyOne({
      id: record._id,
      expectedRevision: record.revision,
      set,
      entry: {
        action: movement.kind === 'recovery' ? 'recovery-booked' : 'written-off',
        actor: movement.actor,
        at,
        asOf: movement.on,
        note: movement.note,
        decisionId: null,
        facts: null,
      },
    });
    if (!applied) return undefined;
    const written: RecoveryCaseRecord = { ...record, ...set, revision: record.revision + 1 };
    const entry: LedgerEntry = {
      _id: `${record._id}:${written.revision}`,
      caseId: record._id,
      loanId: record.loanId,
      orgUnit: record.orgUnit,
      kind: movement.kind,
      on: movement.on,
      month: movement.on.slice(0, 7),
      components: movement.components,
      recoveryId: movement.recoveryId,
      source: movement.source,
      unallocatedCents: movement.unallocatedCents ?? 0,
      impairment: null,
      actor: movement.actor,
      at,
      note: movement.note,
    };
    await this.cases.addLedger([entry]);
    const events: PlatformEvent[] = movement.kind === 'recovery' ? [recoveryBookedEvent(written, entry)] : [];
    if (closes) events.push(recoveryCaseClosedEvent(written, at));
    if (events.length > 0) await this.outbox.publish(events);
    await this.audit.record({
      actor: movement.actor,
      action: movement.kind === 'recovery' ? 'recovery.booked' : 'recovery.written-off',
      entity: { kind: 'recovery-case', id: record._id },
      orgUnit: record.orgUnit,
      before: { recovered: record.recovered, writtenOff: record.writtenOff, status: record.status, revision: record.revision },
      after: {
        booked: movement.components,
        recoveryId: movement.recoveryId,
        source: movement.source,
        recovered,
        writtenOff,
        status: written.status,
        revision: written.revision,
      },
      ...(movement.note ? { reason: movement.note } : {}),
    });
    return written;
  }
}
