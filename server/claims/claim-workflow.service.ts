import { isVisible, type OrgScope } from '../authority/org-scope';
import { responsibleOrgUnit } from '../authority/responsibility';
import type { AuditLog } from '../audit/audit.service';
import type { EventOutbox } from '../events/event-outbox';
import type { ClaimWorkflowDetail, ImportResult } from '../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { IncomingRow } from '../portfolio/import.service';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { ClaimCaseRecord } from './claim-case.model';
import type { ClaimCaseStore } from './claim-case.store';
import { workflowEvent } from './claim-workflow.events';
import { toWorkflowDetail } from './claim-workflow.views';
import { takeStep, WORKFLOW, type ClaimAction, type ClaimCaseStatus } from './claim-workflow';
import { stepChange, type StepBody, type StepContext } from './claim-step-changes';
import { HEAD_OFFICE } from '../authority/responsibility';

/** What a listener hears after a step is stored (recovery opens its case on payment; the bureau reads approvals and payments). */
export interface ClaimTransitionNotice {
  caseId: string;
  action: ClaimAction;
  from: ClaimCaseStatus | null;
  to: ClaimCaseStatus;
  on: string;
  actor: string;
  record: ClaimCaseRecord;
}
export type ClaimTransitionListener = (notice: ClaimTransitionNotice) => Promise<void> | void;

export interface ClaimWorkflowDependencies {
  cases: ClaimCaseStore;
  portfolio: PortfolioStore;
  /** Where approved and paid claims become the book's claim records (the portfolio import, idempotent by claimId). */
  claimRecords: { import(rows: Iterable<IncomingRow>): Promise<ImportResult> };
  outbox: EventOutbox;
  audit: AuditLog;
  scope: OrgScope;
  internetChannels: readonly string[];
  today: () => string;
}

/** Past-tense history actions. */
const DONE: Record<ClaimAction, string> = {
  'request-early-payment': 'early-payment-requested',
  'approve-early-payment': 'early-payment-approved',
  report: 'reported',
  reconcile: 'reconciled',
  register: 'registered',
  reject: 'rejected',
  adjust: 'adjusted',
  approve: 'approved',
  pay: 'paid',
  subrogate: 'subrogated',
  archive: 'archived',
  withdraw: 'withdrawn',
  documents: 'documents-recorded',
};

/**
 * The claim workflow on the one claim case per loan (claim_cases): each step checked against the
 * table (claim-workflow.ts), stored as a new revision with its history entry (who, role, when,
 * what; 409 on a stale revision), then its consequences: the book's claim record on approval and
 * payment, an audit entry for those, a platform event, and the listeners.
 */
export class ClaimWorkflowService {
  private readonly listeners: ClaimTransitionListener[] = [];

  constructor(private readonly dependencies: ClaimWorkflowDependencies) {}

  /** Told of every stored step, after its consequences; a failing listener is the listener's business (logged by the caller of the request). */
  onTransition(listener: ClaimTransitionListener): void {
    this.listeners.push(listener);
  }

  async detail(principal: Principal, caseId: string): Promise<ClaimWorkflowDetail> {
    const record = await this.visibleCase(principal, caseId);
    return toWorkflowDetail(record, await this.dependencies.cases.historyOf(caseId));
  }

  /** Early payment before the claim point (Art. 2(4)): a case opened by request on a loan that has none. */
  async requestEarlyPayment(principal: Principal, caseId: string, body: { reason: string; on?: string }): Promise<ClaimWorkflowDetail> {
    const loanId = caseId.startsWith('claim:') ? caseId.slice('claim:'.length) : '';
    const [loan] = loanId ? await collect(this.dependencies.portfolio.loans({ _id: loanId })) : [];
    const orgUnit = loan ? responsibleOrgUnit(loan, this.dependencies.internetChannels) : undefined;
    if (!loan || !(await isVisible(this.dependencies.scope, principal, orgUnit!))) throw new NotFoundError(`No loan for the claim case "${caseId}"`);
    const existing = await this.dependencies.cases.find(caseId);
    this.refuse(takeStep(existing?.status ?? null, 'request-early-payment', principal.roles, this.guardInput(principal, existing)));
    const on = body.on ?? this.dependencies.today();
    const actor = actorName(principal);
    const now = new Date();
    const record: ClaimCaseRecord = {
      _id: caseId,
      loanId,
      obligorId: loan.obligorId,
      policyId: loan.policyId,
      orgUnit: orgUnit!,
      status: 'early-requested',
      reason: 'early-payment',
      openedOn: on,
      statusSince: on,
      facts: {},
      decisionId: '',
      ruleSet: null as never,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      claimDate: on,
      earlyPayment: { reason: body.reason, requestedBy: actor, requestedOn: on, approvedBy: null, approvedOn: null },
    };
    const inserted = await this.dependencies.cases.insertNew([record], () => ({
      action: DONE['request-early-payment'],
      actor,
      at: now,
      asOf: on,
      note: body.reason,
      decisionId: null,
      facts: { role: 'branch-operator', from: null, to: 'early-requested' },
    }));
    if (!inserted.has(caseId)) throw new ConflictError('invalid_state', `The loan has a claim case already: ${caseId}`);
    await this.after(record, 'request-early-payment', null, actor, on);
    return this.detail(principal, caseId);
  }

  async act(principal: Principal, caseId: string, action: Exclude<ClaimAction, 'request-early-payment'>, body: StepBody): Promise<ClaimWorkflowDetail> {
    const record = await this.visibleCase(principal, caseId);
    // The consequences of an earlier step that failed half-way are carried out before anything else happens to the case.
    if (record.effectsPending) await this.completeEffects(record);
    if (body.revision !== record.revision) throw stale(record.revision, body.revision);
    const on = (body as { on?: string }).on ?? this.dependencies.today();
    const actor = actorName(principal);
    const policy = (await this.dependencies.portfolio.policiesById([record.policyId])).get(record.policyId);
    const context: StepContext = { record, actor, on, policy, portfolio: this.dependencies.portfolio };
    const estimatedLossCents = action === 'register' ? (body as { estimatedLoss?: number }).estimatedLoss : record.estimatedLossCents;
    const outcome = takeStep(record.status, action, principal.roles, {
      ...this.guardInput(principal, record),
      estimatedLossCents: estimatedLossCents === undefined ? null : estimatedLossCents,
    });
    this.refuse(outcome);
    const to = (outcome as { to: ClaimCaseStatus }).to;
    const change = await stepChange(action, body, context);
    const role = WORKFLOW.find((step) => step.action === action)!.role;
    const now = new Date();
    const applied = await this.dependencies.cases.applyOne({
      id: caseId,
      expectedRevision: record.revision,
      set: {
        ...change.set,
        status: to,
        ...(to !== record.status ? { statusSince: on } : {}),
        updatedAt: now,
        // Stored with the step: if its consequences below fail, the next request or the daily run completes them.
        effectsPending: true,
        pendingEffects: { action, from: record.status, on, actor, revision: record.revision + 1 },
      },
      entry: {
        action: DONE[action],
        actor,
        at: now,
        asOf: on,
        note: change.note ?? null,
        decisionId: null,
        facts: { role, from: record.status, to, ...change.what },
      },
    });
    if (!applied) throw stale(record.revision + 1, body.revision);
    const stored = { ...record, ...change.set, status: to, revision: record.revision + 1, updatedAt: now } as ClaimCaseRecord;
    await this.after(stored, action, record.status, actor, on);
    await this.dependencies.cases.clearEffectsPending(caseId, stored.revision);
    return this.detail(principal, caseId);
  }

  /**
   * Carries out again the consequences of steps that failed half-way (the daily claim-deadlines run): the book's
   * claim record is replaced by claimId, events keep their ids. A case that fails again is counted and left flagged.
   */
  async completePendingEffects(): Promise<{ completed: number; failed: number }> {
    const outcome = { completed: 0, failed: 0 };
    for (const record of await this.dependencies.cases.withEffectsPending()) {
      try {
        await this.completeEffects(record);
        outcome.completed++;
      } catch {
        outcome.failed++;
      }
    }
    return outcome;
  }

  private async completeEffects(record: ClaimCaseRecord): Promise<void> {
    const pending = record.pendingEffects;
    if (pending && pending.revision === record.revision) await this.after(record, pending.action, pending.from, pending.actor, pending.on);
    await this.dependencies.cases.clearEffectsPending(record._id, pending?.revision);
  }

  /** The consequences of a stored step: the book's claim record and an audit entry (approval, payment), the event, the listeners. */
  private async after(record: ClaimCaseRecord, action: ClaimAction, from: ClaimCaseStatus | null, actor: string, on: string): Promise<void> {
    if (action === 'approve' || action === 'pay') {
      await this.writeClaimRecord(record);
      await this.dependencies.audit.record({
        actor,
        action: action === 'approve' ? 'claim-approved' : 'claim-paid',
        entity: { kind: 'claim-case', id: record._id },
        orgUnit: record.orgUnit,
        after: action === 'approve' ? record.approval : record.payment,
      });
    }
    if (action === 'approve-early-payment')
      await this.dependencies.audit.record({
        actor,
        action: 'claim-early-payment-approved',
        entity: { kind: 'claim-case', id: record._id },
        orgUnit: record.orgUnit,
        after: record.earlyPayment,
      });
    const event = workflowEvent(record, action, from, on);
    if (event) await this.dependencies.outbox.publish([event]);
    for (const listener of this.listeners) await listener({ caseId: record._id, action, from, to: record.status, on, actor, record });
  }

  /**
   * Approval and payment as the book's claim record (portfolio_claims, claimId = the case id), through the import so the
   * book pages, the loss rate and the bureau see them. Idempotent: the same claimId is replaced, never added twice.
   */
  private async writeClaimRecord(record: ClaimCaseRecord): Promise<void> {
    const paid = record.status === 'paid';
    const amountCents = paid ? record.payment!.amountCents : record.approval!.indemnityCents;
    const result = await this.dependencies.claimRecords.import([
      {
        kind: 'claims',
        index: 0,
        record: {
          claimId: record._id,
          loanId: record.loanId,
          status: paid ? 'paid' : 'approved',
          approvedAt: record.agreedOn,
          ...(paid ? { paidAt: record.paidOn } : {}),
          amount: amountCents / 100,
        },
      },
    ]);
    if (result.rejectedCount > 0) throw new Error(`The claim record of ${record._id} was refused: ${JSON.stringify(result.rejected)}`);
  }

  private guardInput(principal: Principal, record: ClaimCaseRecord | undefined) {
    return {
      actor: actorName(principal),
      actorOrgUnit: principal.orgUnit,
      headOffice: HEAD_OFFICE,
      unreconciled: (record?.differences ?? []).filter((difference) => !difference.reconciled).map((difference) => difference.field),
      estimatedLossCents: record?.estimatedLossCents,
      documents: (record?.documents ?? []).map((document) => document.kind),
      adjustedBy: record?.adjustment?.by ?? null,
      earlyRequestedBy: record?.earlyPayment?.requestedBy ?? null,
    };
  }

  private refuse(outcome: ReturnType<typeof takeStep>): void {
    if (outcome.ok) return;
    if (outcome.status === 403) throw new ForbiddenError(outcome.message, outcome.code ?? 'forbidden');
    if (outcome.status === 409) throw new ConflictError('invalid_state', outcome.message, outcome.details);
    throw new UnprocessableError('claim_incomplete', outcome.message, outcome.details);
  }

  /** The case, if the caller's unit or one above it answers for it; 404 otherwise (a branch never learns of another's cases). */
  private async visibleCase(principal: Principal, caseId: string): Promise<ClaimCaseRecord> {
    const record = await this.dependencies.cases.find(caseId);
    if (!record || !(await isVisible(this.dependencies.scope, principal, record.orgUnit))) throw new NotFoundError(`No claim case "${caseId}"`);
    return record;
  }
}

function stale(current: number, sent: number): ConflictError {
  return new ConflictError('stale_version', `Someone changed this case since you read it (revision ${sent}, now ${current}); reload and try again`, [
    { path: '/body/revision', message: `is ${current} now` },
  ]);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}
