import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import type { DecisionStore } from '../decisions/decision.store';
import type { Facts } from '../engine/evaluate';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { EventOutbox } from '../events/event-outbox';
import type { PartnerReview, PartnerReviewFigures } from '../generated/schema-types';
import type { Principal } from '../identity/principal';
import { actorName } from '../identity/principal';
import { RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import { taskCreatedEvent } from '../monitoring/platform-event-data';
import { newTaskState, type TaskRecord } from '../monitoring/task.model';
import type { TaskStore } from '../monitoring/task.store';
import type { PartnerRecord, ReviewRecord } from './partner.model';
import type { PartnerStore } from './partner.store';
import { toReviewView } from './partner.views';
import { per10k, pooledRates, type ChannelMetrics, type ReviewInputs } from './review-figures';
import { quarterOf, reviewOutcome } from './review-outcome';

export const REVIEW_FAMILY = 'partner.review';

const TASK_ACTIONS = { rectify: 'partner-rectify', suspend: 'partner-suspend', terminate: 'partner-terminate' } as const;
const BASIS =
  '第五条:定期对合作机构开展风险监控,按照合作协议约定及时采取惩处措施。Art. 5: monitor channel partners periodically and act as the agreement provides, promptly';

export interface ReviewDependencies {
  store: PartnerStore;
  inputs: ReviewInputs;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  tasks: TaskStore;
  outbox: EventOutbox;
  audit: AuditLog;
}

/**
 * The periodic review (Art. 5): for each partner not terminated, the quarter's figures (over the loans
 * its channel codes brought), partner.review for the partner's org unit (overlays apply), the decision
 * logged, the review stored per partner and quarter (a rerun replaces it), and a task on the queue
 * for the partner's unit when the outcome is not `continue`. The partner's status is left to people:
 * the task says what the rules call for.
 */
export class PartnerReviews {
  constructor(private readonly dependencies: ReviewDependencies) {}

  /** Every reviewable partner for the quarter of `month` (the quarterly job). */
  async reviewAll(month: string, actor: string): Promise<{ reviewed: number; notContinue: number; tasksRaised: number }> {
    const partners = await this.dependencies.store.reviewable();
    const context = await this.contextOf(month);
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    let notContinue = 0;
    let tasksRaised = 0;
    for (const partner of partners) {
      const { review, raised } = await this.review(partner, context, rules, actor);
      if (review.outcome !== 'continue') notContinue++;
      if (raised) tasksRaised++;
    }
    return { reviewed: partners.length, notContinue, tasksRaised };
  }

  /** One partner now (on demand), for the quarter of `month`. */
  async reviewOne(principal: Principal, partner: PartnerRecord, month: string): Promise<PartnerReview> {
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const { review } = await this.review(partner, await this.contextOf(month), rules, actorName(principal));
    return toReviewView(review);
  }

  private async contextOf(month: string) {
    const quarter = quarterOf(month);
    const [channels, obligors] = await Promise.all([
      this.dependencies.inputs.channelMetrics(quarter.lastMonth),
      this.dependencies.inputs.obligorsByChannel(quarter.to),
    ]);
    return { quarter, channels, obligors };
  }

  private async figuresOf(partner: PartnerRecord, context: Awaited<ReturnType<PartnerReviews['contextOf']>>): Promise<PartnerReviewFigures> {
    const { quarter, channels, obligors } = context;
    const rates = pooledRates(partner.channelCodes.map((code) => channels.get(code)).filter((metrics): metrics is ChannelMetrics => metrics !== undefined));
    const inForce = new Set(partner.channelCodes.flatMap((code) => [...(obligors.get(code) ?? [])])).size;
    const complaints = await this.dependencies.inputs.complaintsNaming(partner._id, quarter.months);
    const violations = (await this.dependencies.store.violationsOf(partner._id)).filter(
      (violation) => violation.occurredOn >= quarter.from && violation.occurredOn <= quarter.to,
    ).length;
    return {
      loans: rates.loans,
      overdueRate: rates.overdueRate,
      annualizedLossRate: rates.annualizedLossRate,
      obligorsInForce: inForce,
      complaints,
      complaintsPer10kObligors: per10k(complaints, inForce),
      violations,
    };
  }

  private async review(partner: PartnerRecord, context: Awaited<ReturnType<PartnerReviews['contextOf']>>, rules: RunRules, actor: string) {
    const { quarter } = context;
    const figures = await this.figuresOf(partner, context);
    // A rate that is not known is left out (never 0): the rules on it do not fire, and the decision says it was missing.
    const facts: Facts = {
      partnerId: partner._id,
      period: quarter.period,
      loans: figures.loans,
      ...(figures.overdueRate !== null ? { overdueRate: figures.overdueRate } : {}),
      ...(figures.annualizedLossRate !== null ? { annualizedLossRate: figures.annualizedLossRate } : {}),
      ...(figures.complaintsPer10kObligors !== null ? { complaintsPer10kObligors: figures.complaintsPer10kObligors } : {}),
      violations: figures.violations,
    };
    const { prepared, run } = await rules.forUnit(REVIEW_FAMILY, partner.orgUnit);
    const started = performance.now();
    const events = await run(facts);
    const decisionId = randomUUID();
    const now = new Date();
    await this.dependencies.decisions.record([
      {
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
        orgUnit: partner.orgUnit,
        caller: actor,
        facts,
        events,
        eventTypes: [...new Set(events.map((event) => event.type))],
        at: now,
        durationMs: performance.now() - started,
      },
    ]);
    const { outcome, reasons } = reviewOutcome(events);
    const reviewId = `${partner._id}|${quarter.period}`;
    const taskId = outcome === 'continue' ? null : `partner-review:${partner._id}:${quarter.period}:${outcome}`;
    const review: ReviewRecord = {
      _id: reviewId,
      partnerId: partner._id,
      orgUnit: partner.orgUnit,
      period: quarter.period,
      from: quarter.from,
      to: quarter.to,
      figures,
      outcome,
      reasons,
      decisionId,
      ruleSet: { key: prepared.key, version: prepared.version },
      taskId,
      reviewedBy: actor,
      reviewedAt: now,
    };
    await this.dependencies.store.saveReview(review);
    await this.dependencies.store.setLastReview(partner._id, { period: quarter.period, outcome, reviewId });
    await this.dependencies.audit.record({
      actor,
      action: 'partner.reviewed',
      entity: { kind: 'partner-review', id: reviewId },
      orgUnit: partner.orgUnit,
      after: { outcome, reasons, figures, decisionId },
    });
    let raised = false;
    if (outcome !== 'continue' && taskId) {
      const task = reviewTask(partner, taskId, outcome, reasons, decisionId, quarter.to, now, prepared);
      raised = (
        await this.dependencies.tasks.insertNew([task], () => ({ action: 'created', actor, at: now, asOf: quarter.to, note: null, decisionId, facts: null }))
      ).has(taskId);
      if (raised) await this.dependencies.outbox.publish([taskCreatedEvent(task, now)]);
    }
    return { review, raised };
  }
}

/** The task for the partner's unit: act on the review (rectify, suspend or terminate); one per partner, quarter and outcome. */
function reviewTask(
  partner: PartnerRecord,
  taskId: string,
  outcome: keyof typeof TASK_ACTIONS,
  reasons: readonly string[],
  decisionId: string,
  asOf: string,
  now: Date,
  prepared: { key: string; version: number },
): TaskRecord {
  return {
    _id: taskId,
    kind: 'partner-review',
    alertId: null,
    target: 'portfolio',
    obligorId: null,
    subjectKey: `partner:${partner._id}`,
    signal: `partner-review-${outcome}${reasons.length ? `:${reasons.join(',')}` : ''}`,
    alertLevel: null,
    orgUnit: partner.orgUnit,
    ownerRole: 'branch-operator',
    assignee: null,
    action: TASK_ACTIONS[outcome],
    amount: null,
    share: null,
    deadlineDays: null,
    dueOn: null,
    basis: BASIS,
    escalationStep: 0,
    valueAtMeasure: null,
    ...newTaskState(asOf, now),
    decisionId,
    ruleSet: { key: prepared.key, version: prepared.version },
  };
}
