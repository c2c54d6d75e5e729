import type { AuditLog } from '../audit/audit.service';
import type { OrgScope } from '../authority/org-scope';
import type { DecisionStore } from '../decisions/decision.store';
import type { RuleSetEvaluator } from '../engine/evaluator';
import type { EventOutbox } from '../events/event-outbox';
import type { RouteRegistry } from '../http/routes';
import type { JobDefinition } from '../jobs/job-definition';
import type { MetricSettings } from '../metrics/metric-settings';
import type { MetricService } from '../metrics/metric.service';
import type { UnitRuleSets } from '../monitoring/effective-rule-sets';
import type { TaskStore } from '../monitoring/task.store';
import type { BookPages } from '../portfolio/book-pages';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { Connection } from '../store/connection';
import { partnerReviewsJob } from './partner-reviews.job';
import { PartnerLoans } from './partner-loans';
import { PartnerStore } from './partner.store';
import { registerPartnerRoutes } from './partners.routes';
import { PartnersService } from './partners.service';
import { ReviewInputs } from './review-figures';
import { PartnerReviews } from './reviews.service';

export interface PartnersModule {
  service: PartnersService;
  reviews: PartnerReviews;
  /** The quarterly partner-reviews job. */
  job: JobDefinition<'month'>;
}

/** Channel partners (Art. 5): the register, violations and penalties, periodic reviews, their routes and job. */
export async function registerPartners(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  orgScope: OrgScope;
  audit: AuditLog;
  outbox: EventOutbox;
  metrics: MetricService;
  bookPages: BookPages;
  portfolio: PortfolioStore;
  metricSettings: MetricSettings;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  tasks: TaskStore;
}): Promise<PartnersModule> {
  const { connection } = dependencies;
  const store = new PartnerStore(connection);
  await store.init();
  const service = new PartnersService(store, new PartnerLoans(connection), dependencies.orgScope, dependencies.audit, dependencies.outbox);
  const reviews = new PartnerReviews({
    store,
    inputs: new ReviewInputs(dependencies, connection),
    ruleSets: dependencies.ruleSets,
    evaluator: dependencies.evaluator,
    decisions: dependencies.decisions,
    tasks: dependencies.tasks,
    outbox: dependencies.outbox,
    audit: dependencies.audit,
  });
  registerPartnerRoutes(dependencies.routes, service, reviews);
  return { service, reviews, job: partnerReviewsJob(reviews) };
}
