import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { NaturalPersons } from '../identity/natural-person';
import type { JobDefinition } from '../jobs/job-definition';
import type { BookScope } from '../metrics/metric.service';
import type { UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { Connection } from '../store/connection';
import { StressFinancialsService } from './stress-financials.service';
import { StressFinancialsStore } from './stress-financials.store';
import type { MetricSource } from './stress-metric-inputs';
import { StressResultStore } from './stress-result.store';
import { stressTestsJob } from './stress-tests.job';
import { registerStressRoutes } from './stress.routes';
import { StressService } from './stress.service';

export interface StressModule {
  service: StressService;
  /** The quarterly and yearly stress-tests job. */
  job: JobDefinition<'month'>;
}

/** Stress tests (Art. 33): financials, results and their routes, and the job. */
export async function registerStress(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  persons: NaturalPersons;
  metrics: MetricSource;
  bookScope: (principal: { orgUnit: string }) => Promise<BookScope | undefined>;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
}): Promise<StressModule> {
  const financials = new StressFinancialsStore(dependencies.connection);
  const results = new StressResultStore(dependencies.connection);
  await Promise.all([financials.init(), results.init()]);
  const service = new StressService({ ...dependencies, financials, results });
  registerStressRoutes(dependencies.routes, service, new StressFinancialsService(financials, dependencies.orgScope, dependencies.audit));
  return { service, job: stressTestsJob(service, financials) };
}
