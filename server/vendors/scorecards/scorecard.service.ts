import { createHash, randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit.service';
import { HEAD_OFFICE } from '../../authority/responsibility';
import type { DecisionStore } from '../../decisions/decision.store';
import type { Facts } from '../../engine/evaluate';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import { missingFacts } from '../../engine/missing-facts';
import type { EventOutbox } from '../../events/event-outbox';
import type { ScorecardRunResult } from '../../generated/schema-types';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import type { AgencyRegister } from '../agency-register.service';
import type { AgencyRecord } from '../agency.model';
import type { AgencyStore } from '../agency.store';
import type { AgencyCounters } from './agency-counters';
import { assessmentFacts, assessmentOutcome } from './assessment-facts';
import type { EliminationProposals } from './elimination.service';
import type { FindingCounts } from './finding-counts';
import type { AgencyComplaints } from './agency-complaints';
import type { PlacedCases } from './placed-cases';
import { rankWithinKinds, scorecardComponents, type ScorecardInputs } from './scorecard-arithmetic';
import { monthKey, type ScorecardRecord } from './scorecard.model';
import type { ScorecardStore } from './scorecard.store';

export const ASSESSMENT_FAMILY = 'vendor.assessment';

export interface ScorecardDependencies {
  agencies: AgencyStore;
  register: AgencyRegister;
  store: ScorecardStore;
  counters: AgencyCounters;
  findings: FindingCounts;
  placed: PlacedCases;
  /** The complaints about each agency (none: the complaints component stays unknown). */
  complaints?: AgencyComplaints;
  proposals: EliminationProposals;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  outbox: EventOutbox;
  audit: AuditLog;
}

/**
 * A month's scorecards (docs/vendors.md#scorecards): every agency admitted now, and every agency that
 * has a scorecard of the month already (so a rerun assesses the same set even after one was suspended or eliminated),
 * its inputs read by `_id` or declared index, its components and rank within its kind, and
 * vendor.assessment (HQ's published version) on the facts. A scorecard whose inputs and rank are those
 * stored is left alone (the job is idempotent per month); a changed one is a new revision with a new
 * decision. Measures: `suspend` suspends an admitted agency through the register; `terminate` raises
 * an elimination proposal, never a termination. Each written scorecard publishes vendor.assessed.
 */
export class ScorecardService {
  constructor(private readonly dependencies: ScorecardDependencies) {}

  async runMonth(month: string, actor: string): Promise<ScorecardRunResult> {
    const { agencies, store } = this.dependencies;
    const admitted = await agencies.admitted();
    const assessedBefore = await store.ofMonth(month);
    const ids = new Set(admitted.map((agency) => agency._id));
    const more = await Promise.all(assessedBefore.filter((card) => !ids.has(card.agencyId)).map((card) => agencies.find(card.agencyId)));
    // The month's set stays the one first assessed, whatever happened to its agencies since (an elimination approved): a rerun sees the same ranks.
    const assessed = [...admitted, ...more.filter((agency): agency is AgencyRecord => agency !== undefined)];
    const inputs = await this.inputsOf(assessed, month);
    const cards = new Map(assessed.map((agency) => [agency._id, scorecardComponents(inputs.get(agency._id)!)]));
    const ranks = rankWithinKinds(assessed.map((agency) => ({ agencyId: agency._id, kind: agency.kind, score: cards.get(agency._id)!.score })));
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const result: ScorecardRunResult = { month, assessed: 0, unchanged: 0, suspended: 0, proposed: 0 };
    for (const agency of assessed) {
      const card = cards.get(agency._id)!;
      const rank = ranks.get(agency._id) ?? { rank: null, activeOfKind: 0, worst: false };
      const facts = assessmentFacts({ agencyId: agency._id, agencyKind: agency.kind, month, card, rank });
      const agencyInputs = inputs.get(agency._id)!;
      const inputsHash = createHash('sha256')
        .update(JSON.stringify({ facts, agencyInputs, byStage: card.recovery.byStage }))
        .digest('base64url');
      const stored = assessedBefore.find((existing) => existing.agencyId === agency._id);
      if (stored?.inputsHash === inputsHash) {
        result.unchanged += 1;
        continue;
      }
      const { prepared, run } = await rules.forUnit(ASSESSMENT_FAMILY, HEAD_OFFICE);
      const started = performance.now();
      const events = await run(facts as Facts);
      const decisionId = randomUUID();
      const at = new Date();
      await this.dependencies.decisions.record([
        {
          decisionId,
          ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
          orgUnit: HEAD_OFFICE,
          caller: actor,
          facts: facts as Facts,
          events,
          eventTypes: [...new Set(events.map((event) => event.type))],
          at,
          durationMs: performance.now() - started,
        },
      ]);
      const outcome = assessmentOutcome(events);
      const record: ScorecardRecord = {
        _id: monthKey(agency._id, month),
        agencyId: agency._id,
        agencyName: agency.agencyName,
        kind: agency.kind,
        month,
        inputs: {
          activities: agencyInputs.compliance.activities,
          findings: agencyInputs.compliance.findings,
          highSeverityFindings: agencyInputs.compliance.highSeverityFindings,
          gateChecks: agencyInputs.compliance.gateChecks,
          gateBlocks: agencyInputs.compliance.gateBlocks,
          placedStages: agencyInputs.recovery.stages,
          cooperation: agencyInputs.cooperation,
        },
        compliance: card.compliance,
        complaints: card.complaints,
        recovery: card.recovery,
        cooperation: card.cooperation,
        score: card.score,
        missing: card.missing,
        rank,
        assessment: {
          decisionId,
          ruleSet: { key: prepared.key, version: prepared.version },
          level: outcome.level,
          measures: outcome.measures,
          reasons: outcome.reasons,
          facts,
          missingFacts: missingFacts(prepared, facts as Facts, events),
          proposalId: null,
        },
        inputsHash,
        revision: (stored?.revision ?? 0) + 1,
        assessedAt: at,
        assessedBy: actor,
        updatedAt: at,
      };
      if (outcome.measures.includes('terminate')) {
        const proposal = await this.dependencies.proposals.propose(agency, { month, decisionId, score: card.score, rank, actor });
        record.assessment.proposalId = proposal.id;
        if (proposal.created) result.proposed += 1;
      }
      if (!(await this.write(record, stored, actor, month))) continue;
      result.assessed += 1;
      await this.publish(record);
      if (outcome.measures.includes('suspend') && agency.status === 'admitted') {
        await this.dependencies.register.suspendRecord(agency, agency.revision, {
          actor,
          reason: `assessment ${month}: level ${outcome.level} (${outcome.reasons.join(', ')}), decision ${decisionId}`,
          asOf: null,
        });
        result.suspended += 1;
      }
    }
    return result;
  }

  /** The inputs of each agency: counters by `_id`, findings by index, cooperation by `_id`, placements through their reader. */
  private async inputsOf(agencies: readonly AgencyRecord[], month: string): Promise<Map<string, ScorecardInputs>> {
    const ids = agencies.map((agency) => agency._id);
    const [counters, cooperation] = await Promise.all([this.dependencies.counters.read(ids, month), this.dependencies.store.cooperationOf(ids, month)]);
    const entered = new Map(cooperation.map((record) => [record._id, record]));
    const inputs = new Map<string, ScorecardInputs>();
    for (const agency of agencies) {
      const counter = counters.get(agency._id);
      const [findings, stages, complained] = await Promise.all([
        this.dependencies.findings.ofMonth(agency._id, month),
        this.dependencies.placed.byStage(agency._id, month),
        this.dependencies.complaints?.count(agency._id, month),
      ]);
      const placedCases = stages.reduce((sum, stage) => sum + (stage.cases ?? 0), 0);
      const rated = entered.get(monthKey(agency._id, month));
      inputs.set(agency._id, {
        compliance: { activities: counter?.activities ?? 0, gateChecks: counter?.gateChecks ?? 0, gateBlocks: counter?.gateBlocks ?? 0, ...findings },
        complaints: complained === undefined ? { known: false } : { known: true, complaints: complained, cases: placedCases },
        recovery: { stages },
        cooperation: {
          averageResponseHours: rated?.averageResponseHours ?? null,
          dataCompleteness: rated?.dataCompleteness ?? null,
          rating: rated?.rating ?? null,
        },
      });
    }
    return inputs;
  }

  /** A first scorecard is inserted, a changed one is the next revision; false when another run wrote it meanwhile. */
  private async write(record: ScorecardRecord, stored: ScorecardRecord | undefined, actor: string, month: string): Promise<boolean> {
    const entry = {
      action: stored ? 'reassessed' : 'assessed',
      actor,
      at: record.assessedAt,
      asOf: null,
      note: `${month}: level ${record.assessment.level}${record.assessment.measures.length ? `, ${record.assessment.measures.join(', ')}` : ''}`,
      decisionId: record.assessment.decisionId,
      facts: record.assessment.facts,
    };
    if (!stored) return this.dependencies.store.insertScorecard(record, entry);
    const { _id, revision: _revision, ...set } = record;
    return this.dependencies.store.applyScorecard({ id: _id, expectedRevision: stored.revision, set, entry });
  }

  /** vendor.assessed: the agency, month, score, level and measures; the id names the revision, so a retried run publishes once. */
  private async publish(record: ScorecardRecord): Promise<void> {
    await this.dependencies.outbox.publish([
      {
        id: `vendor.assessed:${record._id}:${record.revision}`,
        type: 'vendor.assessed',
        orgUnit: HEAD_OFFICE,
        occurredAt: record.assessedAt,
        data: {
          agencyId: record.agencyId,
          agencyName: record.agencyName,
          kind: record.kind,
          month: record.month,
          score: record.score,
          level: record.assessment.level,
          measures: record.assessment.measures,
          missing: record.missing,
          decisionId: record.assessment.decisionId,
          proposalId: record.assessment.proposalId,
          revision: record.revision,
        },
      },
    ]);
  }
}
