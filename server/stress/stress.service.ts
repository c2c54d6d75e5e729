import { createHash, randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service';
import { assertVisible, isVisible, visibleUnits, type OrgScope } from '../authority/org-scope';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { Facts } from '../engine/evaluate';
import type { EventOutbox } from '../events/event-outbox';
import type { StressResult, StressResultList, StressResultQuery } from '../generated/schema-types';
import { dateOfMoment } from '../ground/calendar';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../http/errors';
import type { NaturalPersons } from '../identity/natural-person';
import { actorName, type Principal } from '../identity/principal';
import type { BookScope } from '../metrics/metric.service';
import { RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import { assertRevision } from '../monitoring/queue-actions';
import { scenarioSetOf } from './mandated-scenarios';
import { stressEvent } from './stress-events';
import type { StressFinancialsStore } from './stress-financials.store';
import { metricFigures, type MetricSource } from './stress-metric-inputs';
import { stressPeriod } from './stress-periods';
import { stressFigures } from './stress-figures';
import type { StressResultRecord, StressResultStore } from './stress-result.store';

export const STRESS_SCENARIO = 'stress.scenario';
export const STRESS_JOB_ACTOR = 'job:stress-tests';

export interface StressServiceDependencies {
  results: StressResultStore;
  financials: StressFinancialsStore;
  metrics: MetricSource;
  bookScope: (principal: { orgUnit: string }) => Promise<BookScope | undefined>;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  persons: NaturalPersons;
  today?: () => string;
}

/**
 * Stress tests (Art. 33): a run reads the unit's financials for the base period, the metric module's figures of its book and
 * the scenario set in force for the unit (stress.scenario: the seven named scenarios, any extra, the thresholds), works the
 * arithmetic and stores the result as a draft with the set's version; an approver other than the requester approves it.
 */
export class StressService {
  constructor(private readonly dependencies: StressServiceDependencies) {}

  private today(): string {
    return this.dependencies.today?.() ?? dateOfMoment(new Date());
  }

  /** A run on request: within the caller's scope (403 outside), on a period that has ended, with its financials. */
  async runByRequest(principal: Principal, orgUnit: string, period: string): Promise<{ result: StressResult; created: boolean }> {
    await assertVisible(this.dependencies.orgScope, principal, orgUnit);
    return this.run(orgUnit, period, actorName(principal), '/body');
  }

  /**
   * Runs and stores one stress test; the same inputs (financials revision, metric figures, scenario set version) give the
   * same result id, stored once: a second run returns the stored result (created false) and publishes nothing.
   */
  async run(orgUnit: string, period: string, requestedBy: string, where: string): Promise<{ result: StressResult; created: boolean }> {
    const info = stressPeriod(period);
    if (!info) throw new ValidationError(`Not a quarter or a year: ${period}`, [{ path: `${where}/period`, message: 'must be YYYY-Qn or YYYY' }]);
    if (info.endDate >= this.today())
      throw new ValidationError(`The period ${period} has not ended`, [{ path: `${where}/period`, message: `ends ${info.endDate}; today is ${this.today()}` }]);
    const financials = await this.dependencies.financials.find(orgUnit, period);
    if (!financials)
      throw new ValidationError(`No financials of ${orgUnit} for ${period}`, [
        { path: `${where}/period`, message: `no stress-test financials of ${orgUnit} for ${period}: POST /stress-tests/financials first` },
      ]);
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const { prepared, run } = await rules.forUnit(STRESS_SCENARIO, orgUnit);
    const facts = { horizon: info.horizon, orgUnit };
    const events = await run(facts as Facts);
    const set = scenarioSetOf(events);
    if (set.missing.length > 0)
      throw new UnprocessableError(
        'rule_set_invalid',
        `The scenario set in force for ${orgUnit} (${prepared.key} v${prepared.version}) did not raise every scenario Art. 33 names`,
        set.missing.map((scenario) => ({
          path: '/ruleSet/rules',
          message: `${scenario.id} (${scenario.label}) was not raised for ${info.horizon}`,
          scenario: scenario.id,
        })),
      );
    const { averageRetainedLiabilityCents, ...metric } = await metricFigures(this.dependencies.metrics, info, await this.dependencies.bookScope({ orgUnit }));
    const { _id: _id, orgUnit: _unit, period: _period, revision: financialsRevision, updatedBy: _by, updatedAt: _at, note: _note, ...figures } = financials;
    const inputs = { ...figures, averageRetainedLiabilityCents };
    const { liquidity, solvency, breaches, worstOperatingCashFlowCents } = stressFigures(inputs, info.horizonMonths, set);
    const scenarioSet = { key: prepared.key, version: prepared.version, hash: prepared.hash };
    const digest = createHash('sha256')
      .update(JSON.stringify({ inputs, metric: { ...metric, dataCompleteThrough: null }, scenarioSet }))
      .digest('hex')
      .slice(0, 16);
    const now = new Date();
    const decisionId = randomUUID();
    const record: StressResultRecord = {
      _id: `ST-${orgUnit}-${period}-${digest}`,
      orgUnit,
      period,
      horizon: info.horizon,
      horizonPeriod: info.horizonPeriod,
      horizonMonths: info.horizonMonths,
      status: 'draft',
      scenarioSet,
      decisionId,
      financialsRevision,
      inputs,
      metric,
      liquidity,
      solvency,
      breaches,
      worstOperatingCashFlowCents,
      requestedBy,
      createdAt: now,
      approvedBy: null,
      approvedAt: null,
      note: null,
      revision: 1,
      updatedAt: now,
    };
    const created = await this.dependencies.results.insert(record, {
      action: 'completed',
      actor: requestedBy,
      at: now,
      asOf: null,
      note: null,
      decisionId,
      facts,
    });
    if (!created) return { result: toResultView((await this.dependencies.results.find(record._id))!), created: false };
    this.dependencies.decisions.add({
      decisionId,
      ruleSet: scenarioSet,
      orgUnit,
      caller: requestedBy.startsWith('job:') ? requestedBy : `user:${requestedBy}`,
      facts: facts as Facts,
      events,
      eventTypes: [...new Set(events.map((event) => event.type))],
      at: now,
      durationMs: 0,
    });
    await this.dependencies.decisions.flush();
    await this.dependencies.audit.record({
      actor: requestedBy,
      action: 'stress-test.completed',
      entity: { kind: 'stress-test', id: record._id },
      orgUnit,
      after: { status: 'draft', revision: 1, period, horizonPeriod: info.horizonPeriod, scenarioSet, financialsRevision, breaches },
    });
    await this.dependencies.outbox.publish([stressEvent('stress-test.completed', record, now)]);
    return { result: toResultView(record), created: true };
  }

  async list(principal: Principal, query: StressResultQuery): Promise<StressResultList> {
    const units = await visibleUnits(this.dependencies.orgScope, principal, query.orgUnit);
    const page = await this.dependencies.results.newestFirst({ orgUnits: units, period: query.period }, { before: query.before, limit: query.limit ?? 50 });
    return { items: page.items.map(toSummary), ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) };
  }

  async get(principal: Principal, resultId: string): Promise<StressResult> {
    return toResultView(await this.visible(principal, resultId));
  }

  /** Maker-checker: not the requester, nor an account the requester controls or one made an approver since the run. */
  async approve(principal: Principal, resultId: string, body: { revision: number; note?: string }): Promise<StressResult> {
    const record = await this.visible(principal, resultId);
    assertRevision(record.revision, body.revision);
    if (record.status === 'approved') throw new ConflictError('invalid_state', `The stress test ${resultId} is already approved`);
    const actor = actorName(principal);
    if (actor === record.requestedBy) throw new ForbiddenError(`${actor} ran this stress test and cannot approve it (maker-checker)`, 'maker_checker');
    const makers = record.requestedBy.startsWith('job:') ? [] : [record.requestedBy];
    const problem = await this.dependencies.persons.approvalProblem(principal, { makers, submittedAt: record.createdAt, createdAt: record.createdAt });
    if (problem) throw new ForbiddenError(problem.message, problem.code);
    const now = new Date();
    const set = { status: 'approved', approvedBy: actor, approvedAt: now, note: body.note ?? null, updatedAt: now };
    const entry = { action: 'approved', actor, at: now, asOf: null, note: body.note ?? null, decisionId: null, facts: null };
    if (!(await this.dependencies.results.applyOne({ id: resultId, expectedRevision: record.revision, set, entry })))
      assertRevision(record.revision + 1, body.revision);
    const approved = (await this.dependencies.results.find(resultId))!;
    await this.dependencies.audit.record({
      actor,
      action: 'stress-test.approved',
      entity: { kind: 'stress-test', id: resultId },
      orgUnit: record.orgUnit,
      before: { status: 'draft', revision: record.revision },
      after: { status: 'approved', revision: approved.revision },
      ...(body.note ? { reason: body.note } : {}),
    });
    await this.dependencies.outbox.publish([stressEvent('stress-test.approved', approved, now)]);
    return toResultView(approved);
  }

  /** A result within the caller's scope; 404 outside it, as if it did not exist. */
  private async visible(principal: Principal, resultId: string): Promise<StressResultRecord> {
    const record = await this.dependencies.results.find(resultId);
    if (!record || !(await isVisible(this.dependencies.orgScope, principal, record.orgUnit))) throw new NotFoundError(`No stress test ${resultId}`);
    return record;
  }
}

export function toResultView(record: StressResultRecord): StressResult {
  const { _id, createdAt, approvedAt, updatedAt: _updatedAt, ...rest } = record;
  return { resultId: _id, ...rest, createdAt: createdAt.toISOString(), approvedAt: approvedAt?.toISOString() ?? null };
}

function toSummary(record: StressResultRecord): StressResultList['items'][number] {
  return {
    resultId: record._id,
    orgUnit: record.orgUnit,
    period: record.period,
    horizon: record.horizon,
    horizonPeriod: record.horizonPeriod,
    status: record.status,
    scenarioSet: record.scenarioSet,
    breaches: record.breaches,
    worstOperatingCashFlowCents: record.worstOperatingCashFlowCents,
    requestedBy: record.requestedBy,
    createdAt: record.createdAt.toISOString(),
    approvedBy: record.approvedBy,
    approvedAt: record.approvedAt?.toISOString() ?? null,
    revision: record.revision,
  };
}
