import { randomUUID } from 'node:crypto';
import { responsibleOrgUnit } from '../authority/responsibility';
import { maskPersonalFields } from '../privacy/masking';
import type { DecisionStore } from '../decisions/decision.store';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { PreparedRuleSet } from '../engine/prepare';
import type { JobOutcome } from '../jobs/job-definition';
import { readBook } from '../metrics/book-stream';
import { dayFromDate } from '../ground/calendar';
import type { LoanBook } from '../metrics/loan-book';
import { LoanCursor } from '../metrics/loan-state';
import type { MetricSettings } from '../metrics/metric-settings';
import { RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { EventOutbox } from '../events/event-outbox';
import type { RevisionChange } from '../store/revisioned-records';
import type { TaskStore } from '../monitoring/task.store';
import { taskCreatedEvent } from '../monitoring/platform-event-data';
import type { BookPages } from '../portfolio/book-pages';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { PlatformEvent } from '../events/platform-events';
import type { ClaimCaseRecord } from './claim-case.model';
import type { ClaimCaseStore } from './claim-case.store';
import { claimEvent } from './claim-events';
import { claimPointTask } from './claim-point-tasks';
import { claimStatusFact, claimTransition, type ClaimTransition } from './claim-transitions';

const CLAIM_POINT_BATCH = 1_000;

export interface ClaimTriggerDependencies {
  portfolio: PortfolioStore;
  bookPages: BookPages;
  metricSettings: MetricSettings;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  cases: ClaimCaseStore;
  decisions: DecisionStore;
  outbox: EventOutbox;
  /** Where data-quality tasks go (contracts without a claim point). */
  tasks: TaskStore;
  internetChannels: readonly string[];
}

/** What the loan import holds of the contract's claim terms (the book does not carry them). */
interface ContractTerms {
  claimPointDays?: number;
  claimConditionMetAt?: string;
}

interface Candidate {
  loanId: string;
  obligorId: string;
  policyId: string;
  facts: Facts;
  orgUnit: string;
  existing: ClaimCaseRecord | undefined;
  records: { approved: boolean; paid: boolean };
}

/**
 * Daily claim triggers (Art. 15-16): claim.trigger for every loan that is past due or has a
 * claim case in play, with the contract's claim point, the case's status and whether the
 * obligor repaid since the case opened. Cases open, are advised for withdrawal, are suspended
 * and reopen as the rules decide; each change keeps the facts that triggered it.
 */
export class ClaimTriggerService {
  constructor(private readonly dependencies: ClaimTriggerDependencies) {}

  async run(asOf: string, context: { actor: string; book?: LoanBook }): Promise<JobOutcome> {
    const phases: Record<string, number> = {};
    let started = performance.now();
    const day = dayFromDate(asOf);
    const cases = new Map((await this.dependencies.cases.active()).map((record) => [record.loanId, record]));
    // The book is read page by page (or handed over whole by the benchmark); only the candidates are kept.
    const candidates = context.book
      ? this.candidates(context.book, day, asOf, cases)
      : await readBook(this.dependencies.bookPages, this.dependencies.portfolio, () => {
          const found: Candidate[] = [];
          return { add: (page) => found.push(...this.candidates(page.book, day, asOf, cases)), finish: () => found };
        });
    const terms = await this.contractTerms(candidates.map((candidate) => candidate.loanId));
    const withoutClaimPoint: Candidate[] = [];
    for (const candidate of candidates) {
      const contract = terms.get(candidate.loanId) ?? {};
      if (contract.claimPointDays !== undefined) candidate.facts.claimPointDays = contract.claimPointDays;
      else withoutClaimPoint.push(candidate);
      // The import's claimConditionMetAt is the only source of another contract condition; without one, none holds.
      candidate.facts.contractClaimConditionMet = contract.claimConditionMetAt !== undefined && contract.claimConditionMetAt <= asOf;
    }
    phases.facts = performance.now() - started;

    started = performance.now();
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const changes: { candidate: Candidate; transition: ClaimTransition; events: DecisionEvent[]; prepared: PreparedRuleSet; decisionId: string }[] = [];
    for (const candidate of candidates) {
      // Early payment (Art. 2(4)) is decided by people before the claim point: the claim condition's rules do not move it.
      if (candidate.existing?.earlyPayment) continue;
      const { prepared, run } = await rules.forUnit('claim.trigger', candidate.orgUnit, {
        product: String(candidate.facts.product),
        channel: String(candidate.facts.channel),
      });
      const events = await run(candidate.facts);
      const transition = claimTransition(candidate.existing?.status ?? null, events, candidate.records, candidate.existing?.resumeTo ?? null);
      if (transition) changes.push({ candidate, transition, events, prepared, decisionId: randomUUID() });
    }
    phases.evaluation = performance.now() - started;

    started = performance.now();
    const now = new Date();
    const entry = (action: string, decisionId: string, facts: Facts): RevisionChange['entry'] => ({
      action,
      actor: `job:${context.actor}`,
      at: now,
      asOf,
      note: null,
      decisionId,
      facts: maskPersonalFields(facts) as Facts,
    });
    const opened = changes.filter((change) => !change.candidate.existing);
    const newCases: ClaimCaseRecord[] = opened.map(({ candidate, transition, prepared, decisionId }) => ({
      _id: `claim:${candidate.loanId}`,
      loanId: candidate.loanId,
      obligorId: candidate.obligorId,
      policyId: candidate.policyId,
      orgUnit: candidate.orgUnit,
      status: transition.to,
      reason: transition.reason,
      openedOn: asOf,
      statusSince: asOf,
      facts: maskPersonalFields(candidate.facts) as Facts,
      decisionId,
      ruleSet: { key: prepared.key, version: prepared.version },
      revision: 1,
      createdAt: now,
      updatedAt: now,
    }));
    const inserted = await this.dependencies.cases.insertNew(newCases, (record) => entry('opened', record.decisionId, record.facts));
    const moved = changes.filter((change) => change.candidate.existing);
    const { applied } = await this.dependencies.cases.applyMany(
      moved.map(({ candidate, transition, prepared, decisionId }) => ({
        id: candidate.existing!._id,
        expectedRevision: candidate.existing!.revision,
        set: {
          status: transition.to,
          statusSince: asOf,
          facts: maskPersonalFields(candidate.facts),
          decisionId,
          ruleSet: { key: prepared.key, version: prepared.version },
          updatedAt: now,
          ...(transition.resumeTo !== undefined ? { resumeTo: transition.resumeTo } : {}),
          // A case resumed into the workflow keeps the day it opened (its claim date); one reopened at the claim point opens again.
          ...(transition.action === 'reopened' && transition.to === 'open' ? { reason: transition.reason, openedOn: asOf } : {}),
        },
        entry: entry(transition.action, decisionId, candidate.facts),
      })),
    );
    const appliedIds = new Set(applied.map((change) => change.id));
    const written = changes.filter((change) =>
      change.candidate.existing ? appliedIds.has(change.candidate.existing._id) : inserted.has(`claim:${change.candidate.loanId}`),
    );

    const platformEvents: PlatformEvent[] = [];
    for (const change of written) {
      const { candidate, transition } = change;
      const caseId = candidate.existing?._id ?? `claim:${candidate.loanId}`;
      const revision = candidate.existing ? candidate.existing.revision + 1 : 1;
      this.dependencies.decisions.add({
        decisionId: change.decisionId,
        ruleSet: { key: change.prepared.key, version: change.prepared.version, hash: change.prepared.hash },
        orgUnit: change.candidate.orgUnit,
        caller: `job:${context.actor}`,
        facts: maskPersonalFields(change.candidate.facts) as Facts,
        events: change.events,
        eventTypes: [...new Set(change.events.map((event) => event.type))],
        at: now,
        durationMs: 0,
      });
      const openedOn = !candidate.existing || (transition.action === 'reopened' && transition.to === 'open') ? asOf : candidate.existing.openedOn;
      const event = claimEvent(
        { caseId, loanId: candidate.loanId, policyId: candidate.policyId, obligorId: candidate.obligorId, orgUnit: candidate.orgUnit, openedOn },
        { transition, events: change.events, facts: candidate.facts, revision },
        asOf,
        now,
      );
      if (event) platformEvents.push(event);
    }
    // A contract without its claim point: the rules fall back to their default, and a data-quality task says so (once per contract).
    const dataQuality = withoutClaimPoint.map((candidate) => claimPointTask(candidate, asOf, now));
    const tasksRaised = await this.dependencies.tasks.insertNew(dataQuality, () => ({
      action: 'created',
      actor: `job:${context.actor}`,
      at: now,
      asOf,
      note: null,
      decisionId: null,
      facts: null,
    }));
    for (const task of dataQuality) if (tasksRaised.has(task._id)) platformEvents.push(taskCreatedEvent(task, now));
    const published = await this.dependencies.outbox.publish(platformEvents);
    await this.dependencies.decisions.flush();
    phases.writes = performance.now() - started;

    const count = (action: ClaimTransition['action']) => written.filter((change) => change.transition.action === action).length;
    return {
      counts: {
        loansEvaluated: candidates.length,
        casesOpened: count('opened'),
        casesReopened: count('reopened'),
        advisedWithdrawal: count('advised-withdrawal'),
        suspended: count('suspended'),
        approved: count('approved'),
        paid: count('paid'),
        withoutClaimPoint: withoutClaimPoint.length,
        dataQualityTasksRaised: tasksRaised.size,
        conflicts: changes.length - written.length,
        eventsPublished: published,
        unknownOrgUnits: rules.unknownUnits.size,
      },
      phases: Object.fromEntries(Object.entries(phases).map(([name, ms]) => [name, Math.round(ms)])),
    };
  }

  /** Loans of the book (or page) past due on the day, and loans whose case is still in play, with their claim facts but the claim point. */
  private candidates(book: LoanBook, day: number, asOf: string, cases: Map<string, ClaimCaseRecord>): Candidate[] {
    const cursor = new LoanCursor(book, this.dependencies.metricSettings);
    const value = (dimension: 'orgUnit' | 'product' | 'channel' | 'customerTier', loan: number) =>
      book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!;
    const found: Candidate[] = [];
    for (let loan = 0; loan < book.size; loan++) {
      if (book.disbursedDay[loan]! > day) continue;
      const loanId = book.loanIds[loan]!;
      const existing = cases.get(loanId);
      cursor.start(loan);
      const state = cursor.advanceTo(day);
      if (state.dpd === 0 && !existing) continue;
      const records = { approved: book.firstClaimApprovedDay[loan]! <= day, paid: book.firstClaimPaidDay[loan]! <= day };
      const segment = {
        orgUnit: value('orgUnit', loan),
        product: value('product', loan),
        channel: value('channel', loan),
        customerTier: value('customerTier', loan),
      };
      const facts: Facts = {
        loanId,
        obligorId: book.obligorIds[loan]!,
        policyId: book.policyIds[loan]!,
        asOf,
        dpd: state.dpd,
        overdueAmount: state.overdueCents / 100,
        remainingPrincipal: state.remainingPrincipalCents / 100,
        claimStatus: claimStatusFact(existing?.status ?? null, records.approved, records.paid),
        ...(existing ? { repaymentResumed: repaidBetween(book, loan, dayFromDate(existing.openedOn), day) } : {}),
        ...segment,
      };
      found.push({
        loanId,
        obligorId: book.obligorIds[loan]!,
        policyId: book.policyIds[loan]!,
        facts,
        orgUnit: responsibleOrgUnit(segment, this.dependencies.internetChannels),
        existing,
        records,
      });
    }
    return found;
  }

  /** The contracts' claim terms (the book does not carry them): read for the candidates only. */
  private async contractTerms(loanIds: readonly string[]): Promise<Map<string, ContractTerms>> {
    const terms = new Map<string, ContractTerms>();
    for (let start = 0; start < loanIds.length; start += CLAIM_POINT_BATCH) {
      for (const loan of await this.dependencies.portfolio.loanClaimTerms(loanIds.slice(start, start + CLAIM_POINT_BATCH))) {
        terms.set(loan._id, {
          ...(typeof loan.claimPointDays === 'number' ? { claimPointDays: loan.claimPointDays } : {}),
          ...(typeof loan.claimConditionMetAt === 'string' ? { claimConditionMetAt: loan.claimConditionMetAt } : {}),
        });
      }
    }
    return terms;
  }
}

/** Whether the obligor paid anything after the case opened, up to the day. */
function repaidBetween(book: LoanBook, loan: number, afterDay: number, upToDay: number): boolean {
  for (let payment = book.repaymentStart[loan]!; payment < book.repaymentStart[loan + 1]!; payment++) {
    const paidDay = book.repaymentDay[payment]!;
    if (paidDay > afterDay && paidDay <= upToDay) return true;
  }
  return false;
}
