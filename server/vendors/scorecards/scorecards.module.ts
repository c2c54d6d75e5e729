import type { AuditLog } from '../../audit/audit.service';
import type { DecisionStore } from '../../decisions/decision.store';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import type { EventOutbox } from '../../events/event-outbox';
import type { RouteRegistry } from '../../http/routes';
import type { NaturalPersons } from '../../identity/natural-person';
import type { JobDefinition } from '../../jobs/job-definition';
import type { UnitRuleSets } from '../../monitoring/effective-rule-sets';
import type { Connection } from '../../store/connection';
import type { AgencyRegister } from '../agency-register.service';
import type { AgencyStore } from '../agency.store';
import { AgencyCounters } from './agency-counters';
import { EliminationProposals } from './elimination.service';
import { FindingCounts } from './finding-counts';
import type { AgencyComplaints } from './agency-complaints';
import { NO_PLACEMENTS, type PlacedCases } from './placed-cases';
import { registerScorecardRoutes } from './scorecard.routes';
import { ScorecardService } from './scorecard.service';
import { ScorecardStore } from './scorecard.store';
import { Scorecards } from './scorecards';
import { vendorScorecardsJob } from './vendor-scorecards.job';

/** Scorecards, vendor.assessment and elimination proposals wired once: the routes (before the register's), the monthly job and the counters' writer. */
export async function createScorecards(dependencies: {
  connection: Connection;
  agencies: AgencyStore;
  register: AgencyRegister;
  audit: AuditLog;
  outbox: EventOutbox;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  persons: NaturalPersons;
  routes: RouteRegistry;
  today: () => string;
  placed?: PlacedCases;
  complaints?: AgencyComplaints;
}): Promise<{ job: JobDefinition<'month'>; counters: AgencyCounters; service: ScorecardService }> {
  const store = new ScorecardStore(dependencies.connection);
  await store.init();
  const counters = new AgencyCounters(dependencies.connection);
  const proposals = new EliminationProposals(store, dependencies.register, dependencies.persons, dependencies.audit);
  const service = new ScorecardService({
    ...dependencies,
    store,
    counters,
    findings: new FindingCounts(dependencies.connection),
    placed: dependencies.placed ?? NO_PLACEMENTS,
    proposals,
  });
  registerScorecardRoutes(dependencies.routes, new Scorecards(service, store, dependencies.register, dependencies.audit, dependencies.today), proposals);
  return { job: vendorScorecardsJob(service), counters, service };
}
