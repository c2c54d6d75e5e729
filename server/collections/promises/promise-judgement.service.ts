import type { AuditLog } from '../../audit/audit.service';
import type { DecisionStore } from '../../decisions/decision.store';
import type { Facts } from '../../engine/evaluate';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import type { EventOutbox } from '../../events/event-outbox';
import type { PlatformEvent } from '../../events/platform-events';
import { dateFromDay, dayFromDate } from '../../ground/calendar';
import type { JobOutcome } from '../../jobs/job-definition';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import type { PortfolioStore } from '../../portfolio/portfolio.store';
import { maskPersonalFields } from '../../privacy/masking';
import { assignCase, sameHandler } from '../cases/case-assignment';
import { recordAssignment } from '../cases/case-audit';
import { caseAssignedEvent } from '../cases/case-events';
import type { CollectionCaseRecord } from '../cases/collection-case.model';
import type { CollectionCaseStore } from '../cases/collection-case.store';
import { promiseBrokenEvent } from './promise-events';
import { countJudged, promiseFacts } from './promise-facts';
import { judgePromise, type Judgement, type PaidRepayment } from './promise-judgement';
import { placePromise, type ObligorLoan } from './promise-lines';
import type { PromiseDocument, PromiseStore } from './promise.store';

export interface PromiseJudgementDependencies {
  promises: PromiseStore;
  cases: CollectionCaseStore;
  portfolio: PortfolioStore;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  outbox: EventOutbox;
  audit: AuditLog;
  internetChannels: readonly string[];
  graceDays: number;
}

/** Times a case move is retried when the daily case run (or a person) changed the case in between. */
const ATTEMPTS = 3;

/**
 * The daily promise judgement (job collection-promises, after collection-cases): the open promises
 * whose date plus the grace has passed, read from their index by due date (never the activity
 * log), each judged from the repayments of its case's loans (indexed by loan). The judgement is
 * written first, conditional on the promise still being open, so two runs cannot count one
 * promise twice. A broken or partly kept promise then runs collection.assignment for the case
 * with its promise facts: the rules decide whether the case moves on (a new handler and
 * treatment), and the case history, the audit log and the webhooks say so.
 */
export class PromiseJudgementService {
  constructor(private readonly dependencies: PromiseJudgementDependencies) {}

  async run(asOf: string, actor: string): Promise<JobOutcome> {
    const { promises, portfolio, graceDays } = this.dependencies;
    const due = await promises.dueBy(dateFromDay(dayFromDate(asOf) - graceDays));
    due.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.madeAt.getTime() - b.madeAt.getTime()));
    const byObligor = new Map<string, PromiseDocument[]>();
    for (const promise of due) byObligor.set(promise.obligorId, [...(byObligor.get(promise.obligorId) ?? []), promise]);
    const counts = { due: due.length, kept: 0, partlyKept: 0, broken: 0, withoutCase: 0, conflicts: 0, casesMoved: 0, reassigned: 0, eventsPublished: 0 };
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const caller = `job:${actor}`;
    for (const [obligorId, list] of byObligor) {
      const loans: ObligorLoan[] = [];
      for await (const loan of portfolio.loans({ obligorId })) loans.push(loan);
      const cases = (await this.dependencies.cases.page({ obligorId }, { limit: 100 })).items;
      const funders = await portfolio.policyFunders(loans.filter((loan) => !loan.funderId).map((loan) => loan.policyId));
      const paidOn = new Map<string, PaidRepayment[]>();
      for (const promise of list) {
        const { caseId, loanIds } = placePromise(promise, loans, cases, funders, this.dependencies.internetChannels);
        const key = loanIds.join('|');
        if (!paidOn.has(key)) paidOn.set(key, loanIds.length > 0 ? await this.repaymentsOf(loanIds) : []);
        const judged = judgePromise(promise, paidOn.get(key)!, graceDays);
        if (!(await promises.judge(promise._id, { ...judged, caseId, judgedOn: asOf, decisionId: null }))) {
          counts.conflicts++;
          continue;
        }
        counts[judged.status === 'partly-kept' ? 'partlyKept' : judged.status]++;
        if (!caseId) counts.withoutCase++;
        else await this.moveCase(caseId, promise, judged, { asOf, caller, rules, counts });
      }
    }
    await this.dependencies.decisions.flush();
    return { counts: { ...counts, unknownOrgUnits: rules.unknownUnits.size } };
  }

  private async repaymentsOf(loanIds: readonly string[]): Promise<PaidRepayment[]> {
    const found: PaidRepayment[] = [];
    const filter = loanIds.length === 1 ? { loanId: loanIds[0] } : { loanId: { $in: [...loanIds] } };
    for await (const repayment of this.dependencies.portfolio.repayments(filter))
      found.push({ repaymentId: repayment.repaymentId, paidAt: repayment.paidAt, amountCents: repayment.amountCents });
    return found;
  }

  /** The case's counts, and for a promise not kept the rules' answer: a history entry always, a new handler when the rules pick another. */
  private async moveCase(
    caseId: string,
    promise: PromiseDocument,
    judged: Judgement,
    run: { asOf: string; caller: string; rules: RunRules; counts: Record<string, number> },
  ): Promise<void> {
    const { cases, decisions, promises } = this.dependencies;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const record = await cases.find(caseId);
      // A closed case (cured, settled, claimed) is not moved; the promise keeps its judgement.
      if (!record || record.status !== 'open') return;
      const now = new Date();
      const counted = countJudged(record.promises, judged.status, run.asOf);
      const facts: Facts = { ...record.facts, asOf: run.asOf, ...promiseFacts(counted) };
      let handler = record.handler;
      let decisionId: string | null = null;
      if (judged.status !== 'kept') {
        const assigned = await assignCase(run.rules, decisions, {
          orgUnit: record.orgUnit,
          facts,
          stageSince: run.asOf,
          asOf: run.asOf,
          caller: run.caller,
          at: now,
        });
        decisionId = assigned.decisionId;
        // The rules move the case on only when another rule decides than the one the case is under (a by-hand handler included).
        if (assigned.handler && assigned.handler.rule !== record.handler?.rule) handler = assigned.handler;
      }
      const moved = handler !== record.handler;
      const applied = await cases.applyOne({
        id: caseId,
        expectedRevision: record.revision,
        set: { promises: counted, updatedAt: now, ...(moved ? { handler, handlerType: handler!.type } : {}) },
        entry: {
          action: `promise-${judged.status}`,
          actor: run.caller,
          at: now,
          asOf: run.asOf,
          note: `promise ${promise._id} to pay ${cents(promise.amountCents)} by ${promise.dueOn}: ${cents(judged.paidCents)} paid`,
          decisionId,
          facts: maskPersonalFields(facts) as Facts,
        },
      });
      if (!applied) continue;
      if (decisionId) await promises.setDecision(promise._id, decisionId);
      const written: CollectionCaseRecord = { ...record, handler, handlerType: handler?.type ?? null, promises: counted, revision: record.revision + 1 };
      await this.announce(record, written, promise, judged, decisionId, run, now);
      return;
    }
    run.counts.conflicts!++;
  }

  private async announce(
    before: CollectionCaseRecord,
    written: CollectionCaseRecord,
    promise: PromiseDocument,
    judged: Judgement,
    decisionId: string | null,
    run: { asOf: string; caller: string; counts: Record<string, number> },
    now: Date,
  ): Promise<void> {
    const events: PlatformEvent[] = [];
    const reassigned = written.handler !== before.handler && !sameHandler(before.handler, written.handler);
    if (written.handler !== before.handler) run.counts.casesMoved!++;
    if (reassigned) {
      run.counts.reassigned!++;
      events.push(caseAssignedEvent(written, now)!);
    }
    if (judged.status === 'broken') events.push(promiseBrokenEvent(promise, written, decisionId, run.asOf, now));
    run.counts.eventsPublished! += await this.dependencies.outbox.publish(events);
    if (judged.status !== 'kept')
      await this.dependencies.audit.record({
        actor: run.caller,
        action: `collection-case.promise-${judged.status}`,
        entity: { kind: 'collection-case', id: written._id },
        orgUnit: written.orgUnit,
        before: { promises: before.promises ?? null, handler: before.handler?.rule ?? null, revision: before.revision },
        after: { promises: written.promises, handler: written.handler?.rule ?? null, promiseId: promise._id, decisionId, revision: written.revision },
      });
    if (reassigned)
      await recordAssignment(this.dependencies.audit, [
        { record: written, before: before.handler, actor: run.caller, reason: `promise ${promise._id} ${judged.status}` },
      ]);
  }
}

function cents(amount: number): string {
  return (amount / 100).toFixed(2);
}
