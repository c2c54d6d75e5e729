import type { Connection } from '../store/connection';
import type { EffectiveRuleSets } from '../authority/effective-rulesets';
import type { OrgScope } from '../authority/org-scope';
import type { RuleSetEvaluator } from '../engine/evaluator';
import { ConflictError } from '../http/errors';
import type { RouteRegistry } from '../http/routes';
import type { Principal } from '../identity/principal';
import type { JobService } from '../jobs/job.service';
import type { Logger } from '../logger';
import type { BookScope } from '../metrics/metric.service';
import type { ObligorMonitoringService } from '../monitoring/obligor-monitoring.service';
import type { ActiveVersions } from '../rulesets/active-versions';
import type { RuleSetService } from '../rulesets/ruleset.service';
import type { RuleSetScope } from '../rulesets/ruleset.scope';
import type { ValidationContext } from '../rulesets/ruleset.validation';
import { backtestJob } from './backtest.job';
import { registerBacktestRoutes } from './backtest.routes';
import { BACKTEST_JOB, BacktestService, type BacktestDependencies } from './backtest.service';
import { BacktestStore } from './backtest.store';

export interface BacktestWiring {
  routes: RouteRegistry;
  connection: Connection;
  jobs: JobService;
  ruleSets: RuleSetService;
  ruleSetContext: ValidationContext;
  activeVersions: ActiveVersions;
  effectiveRuleSets: EffectiveRuleSets;
  obligorMonitoring: ObligorMonitoringService;
  metrics: BacktestDependencies['metrics'];
  internetChannels: readonly string[];
  evaluator: RuleSetEvaluator;
  orgScope: OrgScope;
  bookScope: (principal: Pick<Principal, 'orgUnit'>) => Promise<BookScope | undefined>;
  ruleSetScope: RuleSetScope;
  logger: Logger;
}

/** The backtest capability: its store, service, on-demand job and routes. */
export async function registerBacktests(wiring: BacktestWiring): Promise<BacktestService> {
  const store = new BacktestStore(wiring.connection);
  await store.init();
  const { jobs, logger } = wiring;
  const service: BacktestService = new BacktestService({
    store,
    ruleSets: wiring.ruleSets,
    context: wiring.ruleSetContext,
    active: wiring.activeVersions,
    effective: wiring.effectiveRuleSets,
    monitoring: wiring.obligorMonitoring,
    metrics: wiring.metrics,
    internetChannels: wiring.internetChannels,
    evaluator: wiring.evaluator,
    orgScope: wiring.orgScope,
    bookScope: wiring.bookScope,
    logger,
    queueJob: (requestedBy) => queueJob(jobs, requestedBy, logger),
  });
  jobs.register(backtestJob(service));
  registerBacktestRoutes(wiring.routes, service, wiring.ruleSetScope);
  return service;
}

/**
 * Queues a run of the job. One already running takes the new backtest when it finishes the one in hand; it may however be
 * past its last look at the queue, so the request is queued again once that run has ended.
 */
async function queueJob(jobs: JobService, requestedBy: string, logger: Logger): Promise<void> {
  try {
    await jobs.request(BACKTEST_JOB, {}, requestedBy);
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'job_running')) throw error;
    void requeueAfterRun(jobs, requestedBy).catch((failure: unknown) => logger.warn({ err: failure }, 'backtest job not queued again'));
  }
}

async function requeueAfterRun(jobs: JobService, requestedBy: string): Promise<void> {
  for (let attempt = 0; attempt < 3600; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    try {
      await jobs.request(BACKTEST_JOB, {}, requestedBy);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'job_running')) throw error;
    }
  }
}
