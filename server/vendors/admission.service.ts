import { randomUUID } from 'node:crypto';
import { assertHeadOffice } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { DecisionStore } from '../decisions/decision.store';
import type { Facts } from '../engine/evaluate';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { AdmissionDecisionRequest, AdmissionRequest, AgencyDetail } from '../generated/schema-types';
import { ConflictError, ForbiddenError, UnprocessableError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { NaturalPersons } from '../identity/natural-person';
import { RunRules, type UnitRuleSets } from '../monitoring/effective-rule-sets';
import { maskPersonalFields } from '../privacy/masking';
import { approvalProblem } from '../rulesets/ruleset.lifecycle';
import { admissionOutcome } from './admission-decision';
import { admissionFacts, checksDueOn } from './admission-facts';
import type { AgencyRegister } from './agency-register.service';
import { assertMayStart } from './agency-transitions';
import type { AgencyWrites } from './agency-writes';
import type { AdmissionRecord } from './agency.model';

export const ADMISSION_FAMILY = 'vendor.admission';
const HQ_ONLY = 'Admission to the agency register is decided at HQ (Art. 21)';

export interface AdmissionDependencies {
  register: AgencyRegister;
  writes: AgencyWrites;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  persons: NaturalPersons;
  today: () => string;
}

/**
 * Admission through maker-checker (docs/vendors.md). The maker's request runs vendor.admission (HQ's
 * published version) on the facts the register holds as of today, logs the decision and keeps its id
 * and the evidence (facts and the checks in force) on the request. A different person with the approver
 * role approves or rejects it, with the rule-set lifecycle's checks (server/rulesets/ruleset.lifecycle.ts,
 * server/identity/natural-person.ts). An approval cannot overturn a decision that rejects (422).
 */
export class AdmissionService {
  constructor(private readonly dependencies: AdmissionDependencies) {}

  async request(principal: Principal, agencyId: string, body: AdmissionRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const { register, writes, decisions } = this.dependencies;
    const agency = await register.require(agencyId);
    assertMayStart(agency.status, 'request-admission');
    const asOf = this.dependencies.today();
    const actor = actorName(principal);
    const { facts, checks } = admissionFacts(agency, asOf);
    const { prepared, run } = await new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator).forUnit(ADMISSION_FAMILY, HEAD_OFFICE);
    const started = performance.now();
    const events = await run(facts as Facts);
    const decisionId = randomUUID();
    const at = new Date();
    await decisions.record([
      {
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
        orgUnit: HEAD_OFFICE,
        caller: actor,
        facts: maskPersonalFields(facts) as Facts,
        events,
        eventTypes: [...new Set(events.map((event) => event.type))],
        at,
        durationMs: performance.now() - started,
      },
    ]);
    const outcome = admissionOutcome(events);
    const admission: AdmissionRecord = {
      state: 'requested',
      asOf,
      decisionId,
      ...outcome,
      ruleSet: { key: prepared.key, version: prepared.version },
      facts,
      checks,
      requestedBy: actor,
      requestedAt: at,
      decidedBy: null,
      decidedAt: null,
      note: body.note ?? null,
    };
    await writes.apply(agency, body.revision, {
      action: 'admission-requested',
      actor,
      asOf,
      set: { status: 'applied', admission, checksDueOn: checksDueOn(agency.checks, asOf) },
      note: `${outcome.decision}${outcome.reasons.length > 0 ? `: ${outcome.reasons.join(', ')}` : ''}${body.note ? ` (${body.note})` : ''}`,
      decisionId,
      facts,
    });
    return register.detail(agencyId);
  }

  approve(principal: Principal, agencyId: string, body: AdmissionDecisionRequest): Promise<AgencyDetail> {
    return this.decide('approve', principal, agencyId, body);
  }

  reject(principal: Principal, agencyId: string, body: AdmissionDecisionRequest): Promise<AgencyDetail> {
    return this.decide('reject', principal, agencyId, body);
  }

  private async decide(action: 'approve' | 'reject', principal: Principal, agencyId: string, body: AdmissionDecisionRequest): Promise<AgencyDetail> {
    assertHeadOffice(principal, HQ_ONLY);
    const { register, writes } = this.dependencies;
    const agency = await register.require(agencyId);
    assertMayStart(agency.status, action);
    const admission = agency.admission;
    if (!admission || admission.state !== 'requested')
      throw new ConflictError('invalid_state', `Agency ${agencyId} has no admission request waiting for a decision: request admission first`, [
        { path: '/admission/state', message: admission ? `is ${admission.state}` : 'no request' },
      ]);
    const request = admission;
    const actor = actorName(principal);
    const problem = approvalProblem({ name: actor, roles: principal.roles }, [request.requestedBy], action);
    if (problem) throw new ForbiddenError(problem, 'maker_checker');
    if (action === 'approve') {
      const person = await this.dependencies.persons.approvalProblem(principal, {
        makers: [request.requestedBy],
        submittedAt: request.requestedAt,
        createdAt: request.requestedAt,
      });
      if (person) throw new ForbiddenError(person.message, person.code);
      if (request.decision !== 'admit')
        throw new UnprocessableError(
          'admission_decision_rejects',
          `The vendor.admission decision ${request.decisionId} rejects this agency (${request.reasons.join(', ')}); it stands`,
          request.reasons.map((reason) => ({ path: '/admission/reasons', message: reason })),
        );
    }
    const decided: AdmissionRecord = {
      ...request,
      state: action === 'approve' ? 'approved' : 'rejected',
      decidedBy: actor,
      decidedAt: new Date(),
      note: body.reason ?? request.note,
    };
    const today = this.dependencies.today();
    await writes.apply(agency, body.revision, {
      action: action === 'approve' ? 'admitted' : 'rejected',
      actor,
      set: action === 'approve' ? { status: 'admitted', admission: decided, admittedOn: today } : { status: 'rejected', admission: decided },
      note: body.reason ?? null,
      decisionId: request.decisionId,
      ...(action === 'approve' ? { event: { type: 'vendor.admitted' as const, reason: 'admission approved' } } : {}),
    });
    return register.detail(agencyId);
  }
}
