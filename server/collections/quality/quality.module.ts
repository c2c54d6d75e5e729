import type { AuditLog } from '../../audit/audit.service';
import type { OrgScope } from '../../authority/org-scope';
import type { DecisionStore } from '../../decisions/decision.store';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import type { EventOutbox } from '../../events/event-outbox';
import type { RouteRegistry } from '../../http/routes';
import type { JobDefinition } from '../../jobs/job-definition';
import type { Logger } from '../../logger';
import type { UnitRuleSets } from '../../monitoring/effective-rule-sets';
import type { Connection } from '../../store/connection';
import type { CollectionGateModule } from '../collections.module';
import type { FindingStore } from '../findings/finding.store';
import type { ScoreWeights } from './compliance-score';
import { QaKpiService } from './qa-kpi.service';
import { QaReviewService } from './qa-review.service';
import { qaSamplingJob } from './qa-sampling.job';
import { counterIncrements, QaSamplingService } from './qa-sampling.service';
import { QaStore } from './qa.store';
import { registerQaRoutes } from './qa.routes';

/**
 * Quality assurance of collection work (Art. 11, 13): the inbox fed by the activity log, the
 * sampling job, the QA queue and review routes, the compliance KPI, and the gate's blocks counted.
 */
export async function registerCollectionQuality(dependencies: {
  routes: RouteRegistry;
  connection: Connection;
  collections: CollectionGateModule;
  findings: FindingStore;
  orgScope: OrgScope;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  outbox: EventOutbox;
  audit: AuditLog;
  weights: ScoreWeights;
  logger: Logger;
}): Promise<{ job: JobDefinition<'none'> }> {
  const store = new QaStore(dependencies.connection);
  await store.init();
  const { collections } = dependencies;
  collections.activities.onRecorded((recorded, at) =>
    store.enqueue(
      recorded.map(({ document }) => document._id),
      at,
    ),
  );
  collections.gate.onDecided(async ({ outcome, orgUnit, actor, at }) => {
    if (outcome === 'block') await store.count(counterIncrements({ orgUnit, actor, day: at.toISOString().slice(0, 10) } as never, { gateBlocks: 1 }));
  });
  registerQaRoutes(
    dependencies.routes,
    new QaReviewService(store, dependencies.findings, dependencies.orgScope, dependencies.outbox, dependencies.audit),
    new QaKpiService(store, dependencies.orgScope, dependencies.weights),
  );
  const sampling = new QaSamplingService({
    store,
    activities: collections.store,
    ruleSets: dependencies.ruleSets,
    evaluator: dependencies.evaluator,
    decisions: dependencies.decisions,
    logger: dependencies.logger,
  });
  return { job: qaSamplingJob(sampling) };
}
