import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EvaluateBatchRequest, EvaluateRequest, EvaluationBatchResult, EvaluationResult, ReplayResult, RuleSetRef } from '../generated/schema-types';
import { canonicalJson } from '../engine/hash';
import type { DecisionEvent, EvaluationOutcome, Facts } from '../engine/evaluate';
import { missingFactsByRule } from '../engine/missing-facts';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { PreparedRuleSet } from '../engine/prepare';
import { AppError, NotFoundError, UnprocessableError, ValidationError, type ErrorDetail } from '../http/errors';
import type { Principal } from '../identity/principal';
import type { DecisionRecord } from '../decisions/decision.model';
import type { DecisionStore } from '../decisions/decision.store';
import { factsForLog } from '../decisions/decision.masking';
import type { ActiveVersion, ActiveVersions } from './active-versions';
import { FAMILIES } from './families';
import type { ValidationContext } from './ruleset.validation';
import type { UnitEvaluation } from './unit-evaluation';
import { actorName } from './ruleset.service';
import type { EvaluationChallenges } from './evaluation-challenges';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { ChallengerDecision } from '../generated/schema-types';

/** Evaluation through the API: fact validation, the version in force, the decision log. */
export class EvaluationService {
  constructor(
    private readonly active: ActiveVersions,
    private readonly evaluator: RuleSetEvaluator,
    private readonly context: ValidationContext,
    private readonly decisions: DecisionStore,
    /** Org-unit evaluation (delegated authority); without it every evaluation uses the published version as is. */
    private readonly units?: UnitEvaluation,
    /** Champion/challenger tests: an obligor in a running test is answered by its arm's version (server/challenger). */
    private readonly challenges?: EvaluationChallenges,
  ) {}

  async evaluate(key: string, request: EvaluateRequest, principal: Principal): Promise<EvaluationResult> {
    const active = await this.active.prepared(key, request.version);
    const base = active.prepared;
    const problems = this.factProblems(base, request.facts, '/body/facts');
    if (problems.length > 0) throw new ValidationError(`The facts do not fit the ${base.family} fact schema`, problems, 'invalid_facts');
    const unit = await this.forUnit(key, active, request.orgUnit, request.facts, principal);
    const { overlays, orgUnit } = unit;
    const started = performance.now();
    // A request naming a version asks for that version; otherwise an obligor in a champion/challenger test gets its arm's.
    const { prepared, outcome, challenge } = await this.decideArm(key, unit.prepared, request, orgUnit);
    // A refused strict call answers no decision, so none is logged.
    if (isStrict(request, principal)) assertNoMissingFacts(prepared, request.facts, outcome, '/body/facts');
    const decision = this.decisionOf(prepared, request.facts, outcome, orgUnit, principal, performance.now() - started, overlays);
    if (challenge) decision.challenge = challenge;
    // The answer goes out only once its decision is safe in the log (or the evaluation is refused with 503).
    await this.decisions.record([decision]);
    const decisionId = decision.decisionId;
    return {
      decisionId,
      ruleSet: refOf(prepared),
      events: outcome.events,
      missingFacts: outcome.missingFacts,
      ...(outcome.explanation ? { explanation: outcome.explanation } : {}),
      ...(challenge ? { challenge } : {}),
    };
  }

  /**
   * The champion (the version in force for the unit) alone, or, for an obligor in a running champion/challenger
   * test, both versions: the arm's outcome is the answer, the other's is kept as the shadow result.
   */
  private async decideArm(
    key: string,
    champion: PreparedRuleSet,
    request: EvaluateRequest,
    orgUnit: string | undefined,
  ): Promise<{ prepared: PreparedRuleSet; outcome: EvaluationOutcome; challenge?: ChallengerDecision }> {
    const options = { explain: request.explain === true };
    const route = request.version === undefined ? await this.challenges?.route(key, request.facts, orgUnit ?? HEAD_OFFICE) : undefined;
    const championOutcome = await this.evaluator.evaluate(champion, request.facts, options);
    if (!route) return { prepared: champion, outcome: championOutcome };
    const challenger =
      orgUnit && this.units
        ? (await this.units.replayPrepared(key, route.challengerVersion, orgUnit, request.facts)).prepared
        : (await this.active.anyVersion(key, route.challengerVersion)).prepared;
    const challengerOutcome = await this.evaluator.evaluate(challenger, request.facts, options);
    const [prepared, outcome, shadow, shadowOutcome] =
      route.arm === 'challenger' ? [challenger, challengerOutcome, champion, championOutcome] : [champion, championOutcome, challenger, challengerOutcome];
    return {
      prepared,
      outcome,
      challenge: { testId: route.testId, arm: route.arm, shadow: { version: shadow.version, hash: shadow.hash, events: shadowOutcome.events } },
    };
  }

  /** Items are independent: a bad item gets its own error and the rest still evaluate. */
  async evaluateBatch(key: string, request: EvaluateBatchRequest, principal: Principal): Promise<EvaluationBatchResult> {
    const active = await this.active.prepared(key, request.version);
    const { prepared } = active;
    const strict = isStrict(request, principal);
    const results: EvaluationBatchResult['results'] = [];
    const decisions: DecisionRecord[] = [];
    for (const [index, item] of request.items.entries()) {
      const problems = this.factProblems(prepared, item.facts, `/body/items/${index}/facts`);
      if (problems.length > 0) {
        results.push({ index, error: { code: 'invalid_facts', message: `The facts do not fit the ${prepared.family} fact schema`, details: problems } });
        continue;
      }
      try {
        const unit = await this.forUnit(key, active, item.orgUnit, item.facts, principal);
        const started = performance.now();
        const asked = { facts: item.facts, ...(request.version !== undefined ? { version: request.version } : {}) };
        const { prepared: decided, outcome, challenge } = await this.decideArm(key, unit.prepared, asked, unit.orgUnit);
        if (strict) assertNoMissingFacts(decided, item.facts, outcome, `/body/items/${index}/facts`);
        const decision = this.decisionOf(decided, item.facts, outcome, unit.orgUnit, principal, performance.now() - started, unit.overlays);
        if (challenge) decision.challenge = challenge;
        decisions.push(decision);
        results.push({
          index,
          decisionId: decision.decisionId,
          events: outcome.events,
          missingFacts: outcome.missingFacts,
          ...(challenge ? { ruleSet: refOf(decided), challenge } : {}),
        });
      } catch (error) {
        const appError = error instanceof AppError ? error : new AppError(500, 'evaluation_failed', 'The evaluation of this item failed');
        results.push({ index, error: { code: appError.code, message: appError.message, details: appError.details } });
      }
    }
    if (decisions.length > 0) await this.decisions.record(decisions);
    return { ruleSet: refOf(prepared), results };
  }

  /**
   * Evaluates facts the platform computed for an org unit the caller holds in scope, without
   * logging yet: the caller acts on the outcome first (the collection gate reserves a slot, and
   * decides again if another process took it) and then logs the decision it answers with.
   */
  async decideForUnit(
    key: string,
    orgUnit: string,
    facts: Facts,
    principal: Principal,
  ): Promise<EvaluationOutcome & { decision: DecisionRecord; log: () => Promise<void> }> {
    const active = await this.active.prepared(key);
    const problems = this.factProblems(active.prepared, facts, '/facts');
    if (problems.length > 0) throw new Error(`computed ${active.prepared.family} facts do not fit the fact schema: ${JSON.stringify(problems)}`);
    const unit = await this.forUnit(key, active, orgUnit, facts, principal);
    const started = performance.now();
    const outcome = await this.evaluator.evaluate(unit.prepared, facts);
    const decision = this.decisionOf(unit.prepared, facts, outcome, unit.orgUnit, principal, performance.now() - started, unit.overlays);
    return { ...outcome, decision, log: () => this.decisions.record([decision]) };
  }

  /** Re-evaluates a logged decision's facts against the same or another version; not logged itself. */
  async replay(decisionId: string, version: number | undefined, allowed: (key: string) => void): Promise<ReplayResult> {
    const decision = await this.decisions.find(decisionId);
    if (!decision) throw new NotFoundError(`No decision "${decisionId}"`);
    allowed(decision.ruleSet.key);
    const target = version ?? decision.ruleSet.version;
    // A decision made for a unit replays with that unit's overlays as they apply now.
    const { prepared } =
      decision.overlays && decision.overlays.length > 0 && decision.orgUnit && this.units
        ? await this.units.replayPrepared(decision.ruleSet.key, target, decision.orgUnit, decision.facts)
        : await this.active.anyVersion(decision.ruleSet.key, target);
    const { events } = await this.evaluator.evaluate(prepared, decision.facts);
    return {
      decisionId,
      original: { ruleSet: decision.ruleSet, events: decision.events },
      replay: { ruleSet: refOf(prepared), events },
      difference: eventDifference(decision.events, events),
    };
  }

  /**
   * The prepared version for the org unit a request is for (named, or the caller's own below HQ):
   * the caller must hold that unit in scope, and the unit's overlays apply. Without a unit, the
   * published version as is. `active` is the version the request looked up once.
   */
  private async forUnit(
    key: string,
    active: ActiveVersion,
    requested: string | undefined,
    facts: Facts,
    principal: Principal,
  ): Promise<{ prepared: PreparedRuleSet; overlays?: { orgUnit: string; version: number }[]; orgUnit?: string }> {
    const orgUnit = requested ?? this.units?.defaultUnit(principal);
    if (!orgUnit || !this.units) return { prepared: active.prepared, ...(orgUnit ? { orgUnit } : {}) };
    await this.units.assertMayEvaluate(principal, orgUnit);
    return this.units.prepared(key, orgUnit, { active, facts });
  }

  private factProblems(prepared: PreparedRuleSet, facts: Facts, where: string): ErrorDetail[] {
    return this.context.checkSchema(FAMILIES[prepared.family].facts, facts, where);
  }

  private decisionOf(
    prepared: PreparedRuleSet,
    facts: Facts,
    { events, missingFacts }: EvaluationOutcome,
    orgUnit: string | undefined,
    principal: Principal,
    durationMs: number,
    overlays?: { orgUnit: string; version: number }[],
  ): DecisionRecord {
    return {
      decisionId: randomUUID(),
      ruleSet: refOf(prepared),
      ...(orgUnit ? { orgUnit } : {}),
      ...(overlays && overlays.length > 0 ? { overlays } : {}),
      caller: actorName(principal),
      facts: factsForLog(prepared.family, facts) as Facts,
      events,
      eventTypes: [...new Set(events.map((event) => event.type))],
      missingFacts,
      at: new Date(),
      durationMs: Math.round(durationMs * 1000) / 1000,
    };
  }
}

/** Strict by the request or by the caller's API key (restrictions.strictFacts); the key's setting cannot be relaxed per call. */
function isStrict(request: { strict?: boolean }, principal: Principal): boolean {
  return request.strict === true || principal.restrictions?.strictFacts === true;
}

/** 422 missing_facts naming each missing fact at its place in the request and the rules it left undecided. */
function assertNoMissingFacts(prepared: PreparedRuleSet, facts: Facts, outcome: EvaluationOutcome, where: string): void {
  if (outcome.missingFacts.length === 0) return;
  const rulesOf = new Map<string, string[]>();
  const fired = new Set(outcome.events.map((event) => event.rule).filter((rule): rule is string => rule !== undefined));
  for (const [rule, names] of missingFactsByRule(prepared, facts, fired)) for (const name of names) rulesOf.set(name, [...(rulesOf.get(name) ?? []), rule]);
  throw new UnprocessableError(
    'missing_facts',
    `严格评估：缺少规则所需的事实 Strict evaluation: facts the rules need were not sent: ${outcome.missingFacts.join(', ')}`,
    outcome.missingFacts.map((fact) => ({
      path: `${where}/${fact}`,
      fact,
      rules: rulesOf.get(fact) ?? [],
      message: `not sent; without it ${(rulesOf.get(fact) ?? []).map((rule) => `"${rule}"`).join(', ')} cannot be decided`,
    })),
  );
}

function refOf(prepared: PreparedRuleSet): RuleSetRef {
  return { key: prepared.key, version: prepared.version, hash: prepared.hash };
}

/** Events compared as type + params (as multisets); which rule raised them is not part of the decision. */
export function eventDifference(before: DecisionEvent[], after: DecisionEvent[]): ReplayResult['difference'] {
  const signature = (event: DecisionEvent) => canonicalJson({ type: event.type, params: event.params ?? {} });
  const remaining = after.map(signature);
  const removed: DecisionEvent[] = [];
  for (const event of before) {
    const index = remaining.indexOf(signature(event));
    if (index === -1) removed.push(event);
    else remaining[index] = '';
  }
  const added = after.filter((_event, index) => remaining[index] !== '');
  return { same: added.length === 0 && removed.length === 0, added, removed };
}
