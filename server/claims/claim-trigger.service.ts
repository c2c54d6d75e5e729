import { randomUUID } from 'node:crypto';
import { responsibleOrgUnit } from '../authority/responsibility';
import { maskPersonalFields } from '../decisions/decision.masking';
import type { DecisionStore } from '../decisions/decision.store';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { PreparedRuleSet } from '../engine/prepare';
import type { JobOutcome } from '../jobs/job-definition';
import { loadLoanBook } from '../metrics/book-loader';
import { dayFromDate } from '../metrics/calendar';
import type { LoanBook } from '../metrics/loan-book';
import { LoanCursor } from '../metrics/loan-state';
import type { MetricSettings } from '../metrics/metric-settings';
import { RunRules, type EffectiveRuleSets } from '../monitoring/effective-rule-sets';
import type { EventOutbox } from '../monitoring/event-outbox';
import type { RevisionChange } from '../monitoring/revisioned';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { PlatformEvent } from '../webhooks/platform-events';
import type { ClaimCaseRecord } from './claim-case.model';
import type { ClaimCaseStore } from './claim-case.store';
import { claimStatusFact, claimTransition, type ClaimTransition } from './claim-transitions';

const CLAIM_POINT_BATCH = 1_000;

export interface ClaimTriggerDependencies {
  portfolio: PortfolioStore;
  metricSettings: MetricSettings;
  ruleSets: EffectiveRuleSets;
  evaluator: RuleSetEvaluator;
  cases: ClaimCaseStore;
  decisions: DecisionStore;
  outbox: EventOutbox;
  internetChannels: readonly string[];
}

interface Candidate {
  loan: number;
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
    const book = context.book ?? (await loadLoanBook(this.dependencies.portfolio)).book;
    const day = dayFromDate(asOf);
    const cases = new Map((await this.dependencies.cases.active()).map((record) => [record.loanId, record]));
    const candidates = await this.candidates(book, day, asOf, cases);
    phases.facts = performance.now() - started;

    started = performance.now();
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const changes: { candidate: Candidate; transition: ClaimTransition; events: DecisionEvent[]; prepared: PreparedRuleSet; decisionId: string }[] = [];
    for (const candidate of candidates) {
      const { prepared, run } = await rules.forUnit('claim.trigger', candidate.orgUnit);
      const outcome = run(candidate.facts);
      const events = Array.isArray(outcome) ? outcome : await outcome;
      const transition = claimTransition(candidate.existing?.status ?? null, events, candidate.records);
      if (transition) changes.push({ candidate, transition, events, prepared, decisionId: randomUUID() });
    }
    phases.evaluation = performance.now() - started;

    started = performance.now();
    const now = new Date();
    const entry = (action: string, decisionId: string, facts: Facts): RevisionChange['entry'] => ({ action, actor: `job:${context.actor}`, at: now, asOf, note: null, decisionId, facts: maskPersonalFields(facts) as Facts });
    const opened = changes.filter((change) => !change.candidate.existing);
    const newCases: ClaimCaseRecord[] = opened.map(({ candidate, transition, prepared, decisionId }) => ({
      _id: `claim:${book.loanIds[candidate.loan]!}`, loanId: book.loanIds[candidate.loan]!, obligorId: book.obligorIds[candidate.loan]!, policyId: book.policyIds[candidate.loan]!,
      orgUnit: candidate.orgUnit, status: transition.to, reason: transition.reason, openedOn: asOf, statusSince: asOf, facts: maskPersonalFields(candidate.facts) as Facts,
      decisionId, ruleSet: { key: prepared.key, version: prepared.version }, revision: 1, createdAt: now, updatedAt: now,
    }));
    const inserted = await this.dependencies.cases.insertNew(newCases, (record) => entry('opened', record.decisionId, record.facts));
    const moved = changes.filter((change) => change.candidate.existing);
    const { applied } = await this.dependencies.cases.applyMany(moved.map(({ candidate, transition, prepared, decisionId }) => ({
      id: candidate.existing!._id,
      expectedRevision: candidate.existing!.revision,
      set: {
        status: transition.to, statusSince: asOf, facts: maskPersonalFields(candidate.facts), decisionId, ruleSet: { key: prepared.key, version: prepared.version }, updatedAt: now,
        ...(transition.action === 'reopened' ? { reason: transition.reason, openedOn: asOf } : {}),
      },
      entry: entry(transition.action, decisionId, candidate.facts),
    })));
    const appliedIds = new Set(applied.map((change) => change.id));
    const written = changes.filter((change) => (change.candidate.existing ? appliedIds.has(change.candidate.existing._id) : inserted.has(`claim:${book.loanIds[change.candidate.loan]!}`)));

    const platformEvents: PlatformEvent[] = [];
    for (const change of written) {
      const caseId = change.candidate.existing?._id ?? `claim:${book.loanIds[change.candidate.loan]!}`;
      const revision = change.candidate.existing ? change.candidate.existing.revision + 1 : 1;
      this.dependencies.decisions.add({
        decisionId: change.decisionId, ruleSet: { key: change.prepared.key, version: change.prepared.version, hash: change.prepared.hash }, orgUnit: change.candidate.orgUnit,
        caller: `job:${context.actor}`, facts: maskPersonalFields(change.candidate.facts) as Facts, events: change.events, eventTypes: [...new Set(change.events.map((event) => event.type))], at: now, durationMs: 0,
      });
      const type = change.transition.to === 'open' ? 'claim.opened' : change.transition.to === 'suspended' ? 'claim.suspended' : undefined;
      if (type) {
        platformEvents.push({
          id: `${type}:${caseId}:${revision}`, type, orgUnit: change.candidate.orgUnit, occurredAt: now,
          data: { caseId, loanId: book.loanIds[change.candidate.loan]!, obligorId: book.obligorIds[change.candidate.loan]!, status: change.transition.to, reason: change.transition.reason, asOf, dpd: change.candidate.facts.dpd, revision },
        });
      }
    }
    const published = await this.dependencies.outbox.publish(platformEvents);
    await this.dependencies.decisions.flush();
    phases.writes = performance.now() - started;

    const count = (action: ClaimTransition['action']) => written.filter((change) => change.transition.action === action).length;
    return {
      counts: {
        loansEvaluated: candidates.length, casesOpened: count('opened'), casesReopened: count('reopened'), advisedWithdrawal: count('advised-withdrawal'),
        suspended: count('suspended'), approved: count('approved'), paid: count('paid'), conflicts: changes.length - written.length, eventsPublished: published,
      },
      phases: Object.fromEntries(Object.entries(phases).map(([name, ms]) => [name, Math.round(ms)])),
    };
  }

  /** Loans past due on the day, and loans whose case is still in play, with their claim facts. */
  private async candidates(book: LoanBook, day: number, asOf: string, cases: Map<string, ClaimCaseRecord>): Promise<Candidate[]> {
    const cursor = new LoanCursor(book, this.dependencies.metricSettings);
    const picked: { loan: number; dpd: number; overdueCents: number; remainingCents: number }[] = [];
    for (let loan = 0; loan < book.size; loan++) {
      if (book.disbursedDay[loan]! > day) continue;
      cursor.start(loan);
      const state = cursor.advanceTo(day);
      if (state.dpd > 0 || cases.has(book.loanIds[loan]!)) picked.push({ loan, dpd: state.dpd, overdueCents: state.overdueCents, remainingCents: state.remainingPrincipalCents });
    }
    const claimPoints = await this.claimPoints(picked.map(({ loan }) => book.loanIds[loan]!));
    const value = (dimension: 'orgUnit' | 'product' | 'channel' | 'customerTier', loan: number) => book.dimensionValues[dimension][book.dimensionCodes[dimension][loan]!]!;
    return picked.map(({ loan, dpd, overdueCents, remainingCents }) => {
      const loanId = book.loanIds[loan]!;
      const existing = cases.get(loanId);
      const records = { approved: book.firstClaimApprovedDay[loan]! <= day, paid: book.firstClaimPaidDay[loan]! <= day };
      const openedDay = existing ? dayFromDate(existing.openedOn) : undefined;
      const segment = { orgUnit: value('orgUnit', loan), product: value('product', loan), channel: value('channel', loan), customerTier: value('customerTier', loan) };
      const facts: Facts = {
        loanId, obligorId: book.obligorIds[loan]!, policyId: book.policyIds[loan]!, asOf,
        dpd, overdueAmount: overdueCents / 100, remainingPrincipal: remainingCents / 100,
        claimStatus: claimStatusFact(existing?.status ?? null, records.approved, records.paid),
        ...(openedDay !== undefined ? { repaymentResumed: repaidBetween(book, loan, openedDay, day) } : {}),
        ...(claimPoints.has(loanId) ? { claimPointDays: claimPoints.get(loanId)! } : {}),
        ...segment,
      };
      return { loan, facts, orgUnit: responsibleOrgUnit(segment, this.dependencies.internetChannels), existing, records };
    });
  }

  /** The contracts' claim points (the book does not carry them): read for the candidates only. */
  private async claimPoints(loanIds: readonly string[]): Promise<Map<string, number>> {
    const points = new Map<string, number>();
    for (let start = 0; start < loanIds.length; start += CLAIM_POINT_BATCH) {
      const found = await this.dependencies.portfolio.models.Loan.find({ _id: { $in: loanIds.slice(start, start + CLAIM_POINT_BATCH) } }, { _id: 1, claimPointDays: 1 }).lean<{ _id: string; claimPointDays?: number }[]>();
      for (const loan of found) if (typeof loan.claimPointDays === 'number') points.set(loan._id, loan.claimPointDays);
    }
    return points;
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
