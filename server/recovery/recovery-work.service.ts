import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import { dateFromDay, todayDay } from '../ground/calendar';
import { ForbiddenError, NotFoundError, UnprocessableError, ValidationError, type ErrorDetail } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { NaturalPersons } from '../identity/natural-person';
import { assertRevision } from '../monitoring/queue-actions';
import type { IncomingRow } from '../portfolio/import.service';
import { bookingProblems, centsOf, dueChangeProblems, outstanding } from './ledger-arithmetic';
import type { Components, RecoveryCaseRecord } from './recovery-case.model';
import type { RecoveryCaseStore } from './recovery-case.store';
import type { RecoveryLedger } from './recovery-ledger';
import { toRecoveryCaseView, toRecoveryDetail } from './recovery-views';

type Amounts = { indemnity?: number; penalty?: number; costs?: number };
export interface ListQuery {
  status?: 'open' | 'closed';
  orgUnit?: string;
  before?: string;
  limit?: number;
}
export interface HandlingRequest {
  revision: number;
  basis?: RecoveryCaseRecord['basis'];
  handler?: RecoveryCaseRecord['handler'];
  legalAction?: RecoveryCaseRecord['legalAction'];
  litigationStatus?: RecoveryCaseRecord['litigationStatus'];
  hasCollateral?: boolean;
  preservation?: { appliedOn: string; court: string; amount: number; note?: string } | null;
  note: string;
}

/** Where an API booking's book record goes: the portfolio import, so the records and the metric module's book pages both get it. */
export type BookRecoveries = (rows: IncomingRow[]) => Promise<{ rejectedCount: number }>;

/**
 * Recovery work by people: the list and detail within the caller's scope (another branch's case
 * is 404), the amounts due (penalty and costs) and the handling (basis, handler, legal action,
 * preservation), recoveries booked by component, and write-offs under maker-checker. Every change
 * names the revision it read (stale: 409) and is a history entry; bookings and write-offs are audited.
 */
export class RecoveryWork {
  constructor(
    private readonly cases: RecoveryCaseStore,
    private readonly ledger: RecoveryLedger,
    private readonly scope: OrgScope,
    private readonly audit: AuditLog,
    private readonly persons: NaturalPersons,
    private readonly bookRecoveries: BookRecoveries,
    private readonly today: () => string = () => dateFromDay(todayDay()),
  ) {}

  async list(principal: Principal, query: ListQuery) {
    const orgUnits = await visibleUnits(this.scope, principal, query.orgUnit);
    const page = await this.cases.page({ orgUnits, status: query.status }, { before: query.before, limit: query.limit ?? 100 });
    return { ...page, items: page.items.map(toRecoveryCaseView) };
  }

  async detail(principal: Principal, caseId: string) {
    const record = await this.visible(principal, caseId);
    return toRecoveryDetail(record, await this.cases.historyOf(caseId), await this.cases.ledgerOf(caseId));
  }

  /** The penalty (违约金) and costs the obligor owes (the indemnity is the claim paid); never below what is already recovered or written off. */
  async setAmountsDue(principal: Principal, caseId: string, body: { revision: number; penalty: number; costs: number; reason: string }) {
    const record = await this.visible(principal, caseId);
    assertRevision(record.revision, body.revision);
    const due: Components = { indemnityCents: record.due.indemnityCents, ...pick(centsOf(body), 'penaltyCents', 'costsCents') };
    refuse(dueChangeProblems(due, record.recovered, record.writtenOff, '/body'));
    await this.change(principal, record, 'amounts-due', { due }, body.reason);
    await this.cases.addLedger([
      {
        _id: `${caseId}:${record.revision + 1}`,
        caseId,
        loanId: record.loanId,
        orgUnit: record.orgUnit,
        kind: 'due-change',
        on: this.today(),
        month: this.today().slice(0, 7),
        components: { indemnityCents: 0, penaltyCents: due.penaltyCents - record.due.penaltyCents, costsCents: due.costsCents - record.due.costsCents },
        recoveryId: null,
        source: 'api',
        unallocatedCents: 0,
        impairment: null,
        actor: actorName(principal),
        at: new Date(),
        note: body.reason,
      },
    ]);
    return this.detail(principal, caseId);
  }

  async setHandling(principal: Principal, caseId: string, body: HandlingRequest) {
    const record = await this.visible(principal, caseId);
    assertRevision(record.revision, body.revision);
    const { revision: _revision, note, preservation, ...fields } = body;
    if (preservation)
      refuse(preservation.appliedOn > this.today() ? [{ path: '/body/preservation/appliedOn', message: `must not be after today (${this.today()})` }] : []);
    const set: Record<string, unknown> = { ...fields };
    if (preservation !== undefined)
      set.preservation = preservation && {
        appliedOn: preservation.appliedOn,
        court: preservation.court,
        amountCents: centsOf({ costs: preservation.amount }).costsCents,
        note: preservation.note ?? null,
      };
    await this.change(principal, record, 'handling', set, note);
    return this.detail(principal, caseId);
  }

  /** A recovery received, by component: refused (422, a detail per component) when it exceeds what is outstanding. */
  async bookRecovery(principal: Principal, caseId: string, body: { revision: number; receivedOn: string; amounts: Amounts; note?: string }) {
    const record = await this.visible(principal, caseId);
    assertRevision(record.revision, body.revision);
    const components = centsOf(body.amounts);
    refuse(body.receivedOn > this.today() ? [{ path: '/body/receivedOn', message: `must not be after today (${this.today()})` }] : []);
    refuse(body.receivedOn < record.paidOn ? [{ path: '/body/receivedOn', message: `must not be before the claim was paid (${record.paidOn})` }] : []);
    exceeds(bookingProblems(outstanding(record.due, record.recovered, record.writtenOff), components, '/body/amounts'));
    const recoveryId = `RCV-${record.claimId}-${record.revision + 1}`;
    const written = await this.ledger.book(record, {
      kind: 'recovery',
      components,
      on: body.receivedOn,
      recoveryId,
      source: 'api',
      actor: actorName(principal),
      note: body.note ?? null,
    });
    if (!written) assertRevision(record.revision + 1, body.revision);
    // The book's record of the same recovery, so the loss rate counts it (the ledger has its id: the daily sync skips it).
    const total = components.indemnityCents + components.penaltyCents + components.costsCents;
    await this.bookRecoveries([
      { kind: 'recoveries', index: 0, record: { recoveryId, loanId: record.loanId, receivedAt: body.receivedOn, amount: total / 100 } },
    ]);
    return this.detail(principal, caseId);
  }

  /** A write-off proposed (the maker); it books only when an approver who is another person approves it. */
  async proposeWriteOff(principal: Principal, caseId: string, body: { revision: number; amounts: Amounts; reason: string }) {
    const record = await this.visible(principal, caseId);
    assertRevision(record.revision, body.revision);
    const components = centsOf(body.amounts);
    exceeds(bookingProblems(outstanding(record.due, record.recovered, record.writtenOff), components, '/body/amounts'));
    const writeOff = { writeOffId: randomUUID(), components, reason: body.reason, proposedBy: actorName(principal), proposedAt: new Date() };
    await this.change(principal, record, 'write-off-proposed', { pendingWriteOffs: [...record.pendingWriteOffs, writeOff] }, body.reason);
    return this.detail(principal, caseId);
  }

  async decideWriteOff(principal: Principal, caseId: string, writeOffId: string, action: 'approve' | 'reject', body: { revision: number; reason?: string }) {
    const record = await this.visible(principal, caseId);
    const writeOff = record.pendingWriteOffs.find((pending) => pending.writeOffId === writeOffId);
    if (!writeOff) throw new NotFoundError(`No pending write-off "${writeOffId}" on recovery case "${caseId}"`);
    assertRevision(record.revision, body.revision);
    const actor = actorName(principal);
    if (actor === writeOff.proposedBy) throw new ForbiddenError(`${actor} proposed this write-off and cannot ${action} it (maker-checker)`, 'maker_checker');
    const person = await this.persons.approvalProblem(principal, {
      makers: [writeOff.proposedBy],
      submittedAt: writeOff.proposedAt,
      createdAt: writeOff.proposedAt,
    });
    if (person) throw new ForbiddenError(person.message, person.code);
    const pendingWriteOffs = record.pendingWriteOffs.filter((pending) => pending.writeOffId !== writeOffId);
    if (action === 'reject') {
      await this.change(principal, record, 'write-off-rejected', { pendingWriteOffs }, body.reason ?? null);
      return this.detail(principal, caseId);
    }
    // What is outstanding may have fallen since the proposal (a recovery booked meanwhile).
    exceeds(bookingProblems(outstanding(record.due, record.recovered, record.writtenOff), writeOff.components, '/writeOff/amounts'));
    const written = await this.ledger.book(record, {
      kind: 'write-off',
      components: writeOff.components,
      on: this.today(),
      recoveryId: null,
      source: 'api',
      actor,
      note: `${writeOff.reason} (proposed by ${writeOff.proposedBy}${body.reason ? `; ${body.reason}` : ''})`,
      alsoSet: { pendingWriteOffs },
    });
    if (!written) assertRevision(record.revision + 1, body.revision);
    return this.detail(principal, caseId);
  }

  async visible(principal: Principal, caseId: string): Promise<RecoveryCaseRecord> {
    const record = await this.cases.find(caseId);
    const placedElsewhere = record && principal.agencyId !== undefined && record.placedWith !== principal.agencyId;
    if (!record || placedElsewhere || !(await isVisible(this.scope, principal, record.orgUnit))) throw new NotFoundError(`No recovery case "${caseId}"`);
    return record;
  }

  private async change(principal: Principal, record: RecoveryCaseRecord, action: string, set: Record<string, unknown>, note: string | null): Promise<void> {
    const now = new Date();
    const applied = await this.cases.applyOne({
      id: record._id,
      expectedRevision: record.revision,
      set: { ...set, updatedAt: now },
      entry: { action, actor: actorName(principal), at: now, asOf: null, note, decisionId: null, facts: null },
    });
    if (!applied) assertRevision(record.revision + 1, record.revision);
    await this.audit.record({
      actor: actorName(principal),
      action: `recovery-case.${action}`,
      entity: { kind: 'recovery-case', id: record._id },
      orgUnit: record.orgUnit,
      before: {
        ...Object.fromEntries(Object.keys(set).map((field) => [field, (record as unknown as Record<string, unknown>)[field] ?? null])),
        revision: record.revision,
      },
      after: { ...set, revision: record.revision + 1 },
      ...(note ? { reason: note } : {}),
    });
  }
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

function refuse(details: ErrorDetail[]): void {
  if (details.length > 0) throw new ValidationError('The body is invalid', details);
}

/** A booking that would take the receivable below zero: the ledger would show more recovered than is legally due. */
function exceeds(details: ErrorDetail[]): void {
  if (details.length > 0) throw new UnprocessableError('recovery_exceeds_due', 'The booking exceeds what is outstanding on the case', details);
}
