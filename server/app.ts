import fs from 'node:fs';
import type { RequestListener } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Connection } from './store/connection';
import type { Config } from './config';
import type { Principal } from './identity/principal';
import type { GrantContent } from './generated/schema-types';
import { registerHealthRoutes } from './health/health.routes';
import { fastRouteListener, type FastPathCounters } from './http/fast-routes';
import { errorHandler, notFoundHandler, requestContext, securityHeaders } from './http/middleware';
import { buildOpenApiDocument } from './http/openapi';
import { ResponseChecker } from './http/response-check';
import { RouteRegistry, type Authenticator } from './http/routes';
import { SchemaRegistry } from './http/schema-registry';
import { registerApiKeyRoutes } from './identity/api-key.routes';
import { ApiKeyService } from './identity/api-key.service';
import { ApiKeyStore } from './identity/api-key.store';
import { registerAuthRoutes } from './identity/auth.routes';
import { AuthenticationService } from './identity/authentication.service';
import { ensureBootstrapCredentials } from './identity/bootstrap';
import { NaturalPersons } from './identity/natural-person';
import { hashPassword } from './identity/password';
import { SessionStore } from './identity/session.store';
import { registerUserRoutes } from './identity/user.routes';
import { UserService } from './identity/user.service';
import { UserStore } from './identity/user.store';
import type { Logger } from './logger';
import { registerDecisionRoutes } from './decisions/decision.routes';
import { DecisionStore } from './decisions/decision.store';
import { CompiledEvaluator } from './engine/compiled-evaluator';
import { JsonRulesEngineEvaluator, type RuleSetEvaluator } from './engine/evaluator';
import { ActiveVersions } from './rulesets/active-versions';
import { registerEvaluationRoutes } from './rulesets/evaluation.routes';
import { EvaluationService } from './rulesets/evaluation.service';
import { validationContext } from './rulesets/ruleset.catalog';
import { registerRuleSetRoutes } from './rulesets/ruleset.routes';
import { seedStandardPack } from './rulesets/ruleset.seed';
import { RuleSetScope } from './rulesets/ruleset.scope';
import { RuleSetService } from './rulesets/ruleset.service';
import { RuleSetStore } from './rulesets/ruleset.store';
import { registerImpactRoutes } from './impact/impact.routes';
import { ImpactService } from './impact/impact.service';
import { registerStudioRoutes } from './studio/studio.routes';
import { monthEndSnapshotsJob } from './metrics/month-end-snapshots.job';
import { dropsStoredReports } from './reports/stale-reports';
import { monthlyReportsJob } from './reports/monthly-reports.job';
import type { JobDefinition } from './jobs/job-definition';
import { registerMetricRoutes } from './metrics/metric.routes';
import { MetricService } from './metrics/metric.service';
import { SnapshotStore } from './metrics/snapshot.store';
import { registerPortfolioImportRoutes } from './portfolio/import.routes';
import { registerCompletenessRoutes } from './portfolio/completeness.routes';
import { CompletenessService } from './portfolio/completeness.service';
import { CompletenessStore } from './portfolio/completeness.store';
import { BookPages } from './portfolio/book-pages';
import { PortfolioImportService } from './portfolio/import.service';
import { PortfolioStore } from './portfolio/portfolio.store';
import { seedDemoPortfolio } from './portfolio/demo-seed';
import { studioRouter } from './studio/studio.static';
import type { PlatformEventSink } from './events/platform-events';
import { registerWebhookRoutes } from './webhooks/webhook.routes';
import { loggedSink } from './webhooks/webhook.sink';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.module';
import { registerAuditRoutes } from './audit/audit.routes';
import { AuditLog } from './audit/audit.service';
import { AuditStore } from './audit/audit.store';
import { recordSettingsChange } from './audit/settings-audit';
import { registerAuthorityRoutes } from './authority/authority.routes';
import { bookScopeOf, unitShares } from './authority/book-scope';
import { registerObligorFactsRoutes } from './monitoring/obligor-facts.routes';
import { ConflictReport } from './authority/conflict-report';
import { DelegationService } from './authority/delegation.service';
import { DelegationStore } from './authority/delegation.store';
import { EffectiveRuleSets } from './authority/effective-rulesets';
import { registerEffectiveRoutes } from './authority/effective.routes';
import { DEMO_ORG_UNITS, seedDemoAuthority } from './authority/demo-authority';
import { GrantPolicy } from './authority/grant.policy';
import { EffectiveUnitEvaluation } from './authority/unit-evaluation';
import { OverlayPolicy, type OverlayContent } from './authority/overlay.policy';
import { OrgUnitDirectory } from './authority/org-unit.directory';
import { registerOrgUnitRoutes } from './authority/org-unit.routes';
import { OrgUnitService } from './authority/org-unit.service';
import { OrgUnitStore } from './authority/org-unit.store';
import { registerJobRoutes } from './jobs/job.routes';
import { JobRunStore } from './jobs/job-run.store';
import { JobService } from './jobs/job.service';
import { maintenanceJob } from './jobs/maintenance.job';
import { SETTLED_CLAIM_MS, TransitionClaims } from './store/transition-claims';
import { AlertStore } from './monitoring/alert.store';
import { EventOutbox } from './events/event-outbox';
import { obligorMonitoringJob, overdueTasksJob, portfolioMonitoringJob } from './monitoring/monitoring.jobs';
import { PortfolioMonitoringService } from './monitoring/portfolio-monitoring.service';
import { ObligorMonitoringService } from './monitoring/obligor-monitoring.service';
import { FactsSnapshots } from './monitoring/facts-snapshot';
import { OverdueTasksService } from './monitoring/overdue-tasks.service';
import { TaskStore } from './monitoring/task.store';
import { registerWorkQueueRoutes } from './monitoring/work-queue.routes';
import { WorkQueueService } from './monitoring/work-queue.service';
import { ClaimCaseStore } from './claims/claim-case.store';
import { ClaimTriggerService } from './claims/claim-trigger.service';
import { claimTriggersJob } from './claims/claims.job';
import { registerPolicyRoutes } from './claims/policies/policy.routes';
import { PolicyService } from './claims/policies/policy.service';
import { PolicyStore } from './claims/policies/policy.store';
import { registerClaimWorkflowRoutes } from './claims/claim-workflow.routes';
import { ClaimWorkflowService } from './claims/claim-workflow.service';
import { registerClaimDeadlines } from './claims/deadlines';
import { CollectionCaseStore } from './collections/cases/collection-case.store';
import { CollectionCasesService } from './collections/cases/collection-cases.service';
import { collectionCasesJob } from './collections/cases/collection-cases.job';
import { registerCollectionCaseRoutes } from './collections/cases/collection-cases.routes';
import { CollectionCaseWork } from './collections/cases/case-work.service';
import type { UnitRuleSets } from './monitoring/effective-rule-sets';
import { registerReportRoutes } from './reports/business-quality.routes';
import { BusinessQualityService } from './reports/business-quality.service';
import { FindingStore } from './collections/findings/finding.store';
import { FindingsService } from './collections/findings/findings.service';
import { registerFindingRoutes } from './collections/findings/findings.routes';
import { RepaymentConductService } from './collections/findings/repayment-conduct.service';
import { queueRepaymentCheck, repaymentConductJob } from './collections/findings/repayment-conduct.job';
import { createVendorRegister } from './vendors/vendor-module';
import { suspendOnViolation } from './vendors/scorecards/violations';
import type { AgencyStatusReader } from './vendors/agency-status';
import { createPlacements } from './vendors/placements/placements-module';
import { placedCasesReader } from './vendors/placements/placed-cases.reader';
import { NO_PLACEMENTS, type PlacedCases } from './vendors/scorecards/placed-cases';
import { LateAgencyScope } from './collections/gate/agency-scope';
import { dateOfMoment } from './ground/calendar';
import { registerCollectionGate, type CollectionGateModule } from './collections/collections.module';
import { PromiseStore } from './collections/promises/promise.store';
import { registerPromises } from './collections/promises/promises.module';
import { registerComplianceDashboard } from './collections/compliance/compliance.module';
import { complianceRebuildJob } from './collections/compliance/compliance-rebuild.job';
import { registerBacktests } from './backtest/backtest.module';
import type { BacktestService } from './backtest/backtest.service';
import { CollectionTimelineService } from './collections/timeline/timeline.service';
import { registerTimelineRoutes } from './collections/timeline/timeline.routes';
import { registerCollectionQuality } from './collections/quality/quality.module';
import { scoreWeightsFrom } from './collections/quality/quality-settings';
import { registerGateCheckRoute } from './collections/gate/gate.routes';
import { registerRecovery } from './recovery/recovery.module';
import { registerComplaints } from './complaints/complaints.module';
import { registerControl } from './control/control.module';
import { registerStress } from './stress/stress.module';
import { registerActuarial, type ActuarialModule } from './actuarial/actuarial.module';
import { registerIndicators } from './indicators/indicators.module';
import { registerPartners } from './partners/partners.module';
import { createChallengerArms, registerChallenger } from './challenger/challenger.module';
import { createBureau } from './bureau/bureau-module';
import { agencyComplaintsReader } from './complaints/statistics/agency-complaints.reader';
import { monthlyComplaintsReader } from './complaints/statistics/complaint-statistics.reader';
import { memoisedObligorsInForce } from './complaints/statistics/obligors-in-force';
import { registerUnderwriting } from './underwriting/underwriting.module';

export interface AppDependencies {
  config: Config;
  connection: Connection;
  logger: Logger;
  projectRoot: string;
  /** Where monitoring and claims publish platform events; the webhook module's sink unless a test gives its own. */
  eventSink?: PlatformEventSink;
}

export interface Services {
  authentication: AuthenticationService;
  users: UserService;
  apiKeys: ApiKeyService;
  sessions: SessionStore;
  ruleSets: RuleSetService;
  evaluation: EvaluationService;
  backtests: BacktestService;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  portfolioImport: PortfolioImportService;
  metrics: MetricService;
  /** The org-unit tree; answers OrgScope questions for scoped reads. */
  orgScope: OrgUnitDirectory;
  orgUnits: OrgUnitService;
  audit: AuditLog;
  /** HQ's published version plus the overlays on an org unit's path, prepared for evaluation. */
  effectiveRuleSets: EffectiveRuleSets;
  webhooks: Webhooks;
  /** Where producers (monitoring, claims, rule sets) publish platform events. */
  events: PlatformEventSink;
  jobs: JobService;
  alerts: AlertStore;
  tasks: TaskStore;
  outbox: EventOutbox;
  obligorMonitoring: ObligorMonitoringService;
  claimCases: ClaimCaseStore;
  /** The claim workflow (report to archive); `onTransition` is where recovery and the bureau listen. */
  claimWorkflow: ClaimWorkflowService;
  /** The agency register's status reader (server/vendors/agency-status.ts): what the collection gate asks. */
  vendors: AgencyStatusReader;
  collectionGate: CollectionGateModule;
  /** Actuarial notices (Art. 8): evaluated after each portfolio monitoring run and by their monthly job. */
  actuarial: ActuarialModule;
  /** The monthly business-quality reports (Art. 33) and their stored read models. */
  reports: BusinessQualityService;
}

export interface PlatformApp {
  /** What the HTTP server runs: the fast path for the hottest routes, Express for everything else. */
  listener: RequestListener;
  /** Express alone, every route included (the fast path's routes too). */
  app: Express;
  /** Requests the fast path answered and passed on to Express. */
  fastPath: FastPathCounters;
  /** Checks success answers against their declared schemas when VALIDATE_RESPONSES is on (always in tests). */
  responseChecker: ResponseChecker | undefined;
  services: Services;
  routes: RouteRegistry;
  schemas: SchemaRegistry;
  openApi: Record<string, unknown>;
  /** First-start work: bootstrap credentials, then the standard rule pack (and, as capabilities land, demo data). */
  bootstrap(print?: (text: string) => void): Promise<void>;
  /** Starts taking scheduled and requested jobs in this process (the worker, and `npm start` unless JOBS_ENABLED=false). */
  startJobs(): Promise<void>;
  /** Stops background work owned by the app (not the database connection, which the caller owns); flushes the decision log. */
  close(): Promise<void>;
}

export const API_PREFIX = '/api/v1';

/** The composition root: every store and service is built here, and nowhere else. */
export async function createApp({ config, connection, logger, projectRoot, eventSink }: AppDependencies): Promise<PlatformApp> {
  const version = readVersion(projectRoot);
  const schemas = new SchemaRegistry(path.join(projectRoot, 'schemas'));
  const routes = new RouteRegistry();

  const audit = new AuditLog(new AuditStore(connection));
  const userStore = new UserStore(connection);
  const apiKeyStore = new ApiKeyStore(connection);
  const orgUnitStore = new OrgUnitStore(connection);
  const orgScope = new OrgUnitDirectory(orgUnitStore);
  const orgUnits = new OrgUnitService(orgUnitStore, orgScope, audit, async (unit) => ({
    users: await userStore.countActiveIn(unit),
    apiKeys: await apiKeyStore.countLiveIn(unit),
  }));
  const sessions = new SessionStore(connection);
  const authentication = new AuthenticationService(
    userStore,
    apiKeyStore,
    sessions,
    { secret: config.sessionSecret, sessionTtlMinutes: config.sessionTtlMinutes },
    () => hashPassword('timing-equaliser', config.passwordHashCost),
  );
  const forget = () => authentication.forgetCachedCredentials();
  const users = new UserService(userStore, sessions, config.passwordHashCost, forget, orgUnits, audit);
  const apiKeys = new ApiKeyService(apiKeyStore, userStore, config.sessionSecret, forget, orgUnits, audit);

  const webhooks = createWebhooks(connection, config.webhooks, orgScope, orgUnits, logger, audit);

  const ruleSetStore = new RuleSetStore(connection);
  const evaluator: RuleSetEvaluator = config.evaluationPath === 'compiled' ? new CompiledEvaluator() : new JsonRulesEngineEvaluator();
  const ruleSetContext = validationContext(schemas);
  const activeVersions = new ActiveVersions(ruleSetStore, evaluator);
  const persons = new NaturalPersons(userStore, apiKeyStore);
  const ruleSets = new RuleSetService(
    ruleSetStore,
    ruleSetContext,
    evaluator,
    (key) => activeVersions.forget(key),
    loggedSink(webhooks.sink, logger),
    audit,
    persons,
  );
  const decisions = new DecisionStore(connection, logger, {
    ...config.decisionLog,
    spoolDirectory: path.join(config.dataDirectory, 'decision-spool', connection.name),
  });
  const ruleSetScope = new RuleSetScope(ruleSetStore, orgScope);
  const grantStore = new DelegationStore<GrantContent>(connection, 'grant');
  const overlayStore = new DelegationStore<OverlayContent>(connection, 'overlay');
  const effectiveRuleSets = new EffectiveRuleSets(activeVersions, evaluator, grantStore, overlayStore, orgScope, config.internetChannels);
  // Champion/challenger: the running tests route obligors to an arm in the evaluation API and the daily monitoring.
  const challenger = await createChallengerArms({
    connection,
    version: (key, number) => activeVersions.anyVersion(key, number),
    units: effectiveRuleSets,
    evaluator,
    orgScope,
  });
  const evaluation = new EvaluationService(
    activeVersions,
    evaluator,
    ruleSetContext,
    decisions,
    new EffectiveUnitEvaluation(activeVersions, effectiveRuleSets, orgScope),
    challenger.arms,
  );

  const authorityPublished = (key: string) => effectiveRuleSets.forget(key);
  const grants = new DelegationService(grantStore, new GrantPolicy(orgScope, effectiveRuleSets), orgScope, audit, authorityPublished, persons);
  const overlays = new DelegationService(overlayStore, new OverlayPolicy(orgScope, effectiveRuleSets), orgScope, audit, authorityPublished, persons);

  // Express tries routes in order, so the integrations' hot path goes first.
  // The collection gate is asked before every call; the module that answers it is built with the portfolio below.
  const late: { collectionGate?: CollectionGateModule } = {};
  // The gate asks the agency register (status, placements), which is built after it: bound below.
  const agencyScope = new LateAgencyScope();
  registerGateCheckRoute(routes, () => late.collectionGate!.gate);
  registerEvaluationRoutes(routes, evaluation);
  registerHealthRoutes(routes, connection, version);
  registerAuthRoutes(routes, authentication, config.nodeEnv === 'production');
  registerOrgUnitRoutes(routes, orgUnits);
  registerAuditRoutes(routes, audit, orgScope);
  registerUserRoutes(routes, users);
  registerApiKeyRoutes(routes, apiKeys);
  registerRuleSetRoutes(routes, ruleSets, schemas, ruleSetScope);
  registerDecisionRoutes(routes, decisions, evaluation, orgScope);
  registerStudioRoutes(routes, ruleSets, evaluator, ruleSetContext, ruleSetScope);
  registerAuthorityRoutes(routes, grants, overlays, new ConflictReport(overlayStore, effectiveRuleSets, orgScope));
  registerEffectiveRoutes(routes, effectiveRuleSets, orgScope, ruleSetScope);
  registerWebhookRoutes(routes, webhooks.subscriptions, webhooks.log);

  const portfolioStore = new PortfolioStore(connection);
  const bookPages = new BookPages(connection, logger);
  const completeness = new CompletenessService(new CompletenessStore(connection.db!), audit);
  const portfolioImport = new PortfolioImportService(portfolioStore, schemas, logger, bookPages, undefined, completeness);
  const metrics = new MetricService(portfolioStore, bookPages, new SnapshotStore(connection), config.metricSettings, logger, completeness, () =>
    unitShares(orgScope, config.internetChannels),
  );
  registerPortfolioImportRoutes(routes, portfolioImport, schemas, config.imports, completeness);
  registerCompletenessRoutes(routes, completeness);
  const bookScope = (principal: Pick<Principal, 'orgUnit'>) => bookScopeOf(principal, orgScope, config.internetChannels);
  registerMetricRoutes(routes, metrics, bookScope);

  const alerts = new AlertStore(connection);
  const tasks = new TaskStore(connection);
  const outbox = new EventOutbox(connection, eventSink ?? webhooks.sink, logger);
  const claimCases = new ClaimCaseStore(connection);
  const findings = new FindingStore(connection);
  await Promise.all([alerts.init(), tasks.init(), outbox.init(), claimCases.init(), findings.init()]);
  const unitRuleSets: UnitRuleSets = effectiveRuleSets;
  // New-business block list and credit limits (Arts 4, 8): fed by the disposition measures the monitoring runs store.
  const underwriting = await registerUnderwriting({
    routes,
    connection,
    orgScope,
    audit,
    outbox,
    decisions,
    portfolio: portfolioStore,
    tasks,
    alerts,
    syncCheckDecisions: config.underwritingCheckSync,
  });
  const monitoringDependencies = {
    alerts,
    tasks,
    decisions,
    outbox,
    settings: config.monitoring,
    onMeasures: underwriting.onMeasures,
    onMeasuresBegin: underwriting.onMeasuresBegin,
    onRunCommitted: underwriting.onRunCommitted,
  };
  const obligorMonitoring = new ObligorMonitoringService({
    ...monitoringDependencies,
    portfolio: portfolioStore,
    bookPages,
    metricSettings: config.metricSettings,
    ruleSets: unitRuleSets,
    evaluator,
    internetChannels: config.internetChannels,
    factsSnapshots: new FactsSnapshots(connection.db!),
    challengers: challenger.arms,
  });
  registerChallenger({
    routes,
    ...challenger,
    ruleSets: {
      findVersion: (key, number) => ruleSetStore.findVersion(key, number),
      publishedVersion: async (key) => (await activeVersions.prepared(key).catch(() => undefined))?.record.version,
      promoteChallenger: (key, from, principal, reason, testId) => ruleSets.promoteChallenger(key, from, principal, reason, testId),
    },
    ruleSetScope,
    orgScope,
    audit,
    outbox,
    persons,
  });

  // The impact preview is a dry run of obligor monitoring, so it shares its facts and its rule sets.
  registerObligorFactsRoutes(routes, obligorMonitoring, bookScope);
  registerImpactRoutes(
    routes,
    new ImpactService(ruleSets, ruleSetContext, obligorMonitoring, activeVersions, effectiveRuleSets, logger),
    ruleSetScope,
    bookScope,
  );
  const claimWorkflow = new ClaimWorkflowService({
    cases: claimCases,
    portfolio: portfolioStore,
    claimRecords: portfolioImport,
    outbox,
    audit,
    scope: orgScope,
    internetChannels: config.internetChannels,
    today: () => dateOfMoment(new Date()),
  });
  registerClaimWorkflowRoutes(routes, claimWorkflow);
  registerWorkQueueRoutes(routes, new WorkQueueService(alerts, tasks, claimCases, userStore, orgScope, metrics, bookScope));
  registerPolicyRoutes(routes, new PolicyService(new PolicyStore(connection), orgScope));
  const reports = new BusinessQualityService(metrics, alerts, tasks, claimCases, orgScope, bookScope, new SnapshotStore(connection), async () =>
    (await orgScope.tree()).list().map((unit) => unit.id),
  );
  registerReportRoutes(routes, reports);
  // Promises to pay are kept from the activities as they are recorded, and judged daily after the cases (collection-promises).
  const paymentPromises = new PromiseStore(connection);
  await paymentPromises.init();
  const findingsService = new FindingsService(findings, orgScope, audit, tasks);
  registerFindingRoutes(routes, findingsService);
  const collectionGate = registerCollectionGate({
    routes,
    connection,
    settings: config.collectionGate,
    imports: config.imports,
    internetChannels: config.internetChannels,
    schemas,
    portfolio: portfolioStore,
    orgScope,
    evaluation,
    outbox,
    audit,
    logger,
    agencies: agencyScope,
  });
  collectionGate.activities.onRecorded((recorded) => paymentPromises.recordFrom(recorded.map(({ document }) => document)));
  late.collectionGate = collectionGate;
  const compliance = await registerComplianceDashboard({ routes, connection, orgScope, gate: collectionGate, findings, audit, logger });

  const jobs = new JobService(connection, new JobRunStore(connection), config.jobs, logger, { audit });
  // Monitoring runs change what a month's stored report counts, so each drops the stored reports of its month and later.
  // A kept month a run changed gets its reports rebuilt in the background (monthly-reports); a refused queueing only logs (the next reader builds them).
  const rebuildReports = async (month: string) => {
    if (!(await reports.keeps(month))) return;
    await jobs.request('monthly-reports', { month }, 'monitoring').then(
      () => undefined,
      (error: unknown) => logger.info({ month, error: error instanceof Error ? error.message : String(error) }, 'monthly reports not queued'),
    );
  };
  // A month's reports are built once no monitoring run is going on (one built beside a run is not stored).
  const monitoringJobs: string[] = [];
  reports.monitoringRunning = () => jobs.anyRunning(monitoringJobs);
  const registerMonitoring = (definition: JobDefinition) => {
    monitoringJobs.push(definition.name);
    jobs.register(dropsStoredReports(definition, reports, rebuildReports));
  };
  registerMonitoring(obligorMonitoringJob(obligorMonitoring));
  const portfolioMonitoring = new PortfolioMonitoringService({
    ...monitoringDependencies,
    metrics,
    ruleSets: unitRuleSets,
    evaluator,
    internetChannels: config.internetChannels,
  });
  registerMonitoring(portfolioMonitoringJob(portfolioMonitoring, completeness));
  // Actuarial notices (Art. 8, last paragraph): right after each month's portfolio monitoring, and by their own monthly job as a backstop.
  const actuarial = await registerActuarial({
    ...monitoringDependencies,
    routes,
    connection,
    orgScope,
    completeness,
    metrics,
    ruleSets: unitRuleSets,
    evaluator,
    internetChannels: config.internetChannels,
  });
  portfolioMonitoring.onMonitored(actuarial.listener);
  // Its tasks count in the month's report, so a backstop run that adds some drops the stored reports like the monitoring does.
  registerMonitoring(actuarial.job);
  // The indicator catalogue (Art. 6): every metric and warning indicator, versioned with maker-checker.
  await registerIndicators({ routes, connection, audit, schemaRoot: path.join(projectRoot, 'schemas') });
  jobs.register(monthEndSnapshotsJob(metrics, reports));
  jobs.register(monthlyReportsJob(reports));
  jobs.register(complianceRebuildJob(compliance.rebuild));
  // Backtests of warning.obligor and warning.portfolio versions over past month-ends (server/backtest): the monitoring run's facts, an on-demand job.
  const backtestWiring = { routes, connection, jobs, ruleSets, ruleSetContext, activeVersions, effectiveRuleSets, obligorMonitoring, evaluator, orgScope };
  const backtests = await registerBacktests({ ...backtestWiring, bookScope, ruleSetScope, logger, metrics, internetChannels: config.internetChannels });
  // Months a declaration completes get their snapshots in the background; a refused or failed queueing only logs (the first reader computes them then).
  completeness.onMonthsCompleted((month) =>
    jobs.request('month-end-snapshots', { month }, 'completeness').then(
      () => undefined,
      (error: unknown) => logger.warn({ err: error, month }, 'month-end snapshots not queued'),
    ),
  );
  jobs.register(overdueTasksJob(new OverdueTasksService(tasks, outbox)));
  registerMonitoring(
    claimTriggersJob(
      new ClaimTriggerService({
        portfolio: portfolioStore,
        bookPages,
        metricSettings: config.metricSettings,
        ruleSets: unitRuleSets,
        evaluator,
        cases: claimCases,
        decisions,
        outbox,
        tasks,
        internetChannels: config.internetChannels,
      }),
    ),
  );
  // Claim time limits (claim.handling): the daily deadlines, the workbench's queue, refreshed after each workflow step.
  const claimDeadlines = await registerClaimDeadlines({
    connection,
    routes,
    scope: orgScope,
    workflow: claimWorkflow,
    logger,
    dependencies: { cases: claimCases, ruleSets: unitRuleSets, evaluator, decisions, tasks, outbox },
  });
  jobs.register(claimDeadlines.job);
  // Repayments into a personal account or in cash (Art. 13(5),(6)): checked after each import that commits repayments, off its path, and daily.
  jobs.register(
    repaymentConductJob(new RepaymentConductService({ portfolio: portfolioStore, findings, tasks, outbox, internetChannels: config.internetChannels })),
  );
  portfolioImport.onCommitted(queueRepaymentCheck(jobs, logger, () => dateOfMoment(new Date())));
  portfolioImport.onCommitted(() => underwriting.bookChanged());
  const collectionCases = new CollectionCaseStore(connection);
  await collectionCases.init();
  jobs.register(
    collectionCasesJob(
      new CollectionCasesService({
        portfolio: portfolioStore,
        bookPages,
        metricSettings: config.metricSettings,
        ruleSets: unitRuleSets,
        evaluator,
        cases: collectionCases,
        decisions,
        outbox,
        audit,
        internetChannels: config.internetChannels,
      }),
    ),
  );
  registerCollectionCaseRoutes(routes, new CollectionCaseWork(collectionCases, orgScope, outbox, audit));
  jobs.register(
    registerPromises(routes, {
      promises: paymentPromises,
      cases: collectionCases,
      portfolio: portfolioStore,
      ruleSets: unitRuleSets,
      evaluator,
      decisions,
      outbox,
      audit,
      orgScope,
      internetChannels: config.internetChannels,
      graceDays: config.collectionGate.promiseGraceDays,
    }),
  );
  const timeline = new CollectionTimelineService({
    ...collectionGate,
    activities: collectionGate.store.activities,
    cases: collectionCases,
    findings,
    portfolio: portfolioStore,
    decisions,
    orgScope,
  });
  await timeline.init();
  registerTimelineRoutes(routes, timeline);
  // Quality assurance of collection work (Art. 11, 13): sampling of recorded activities, the QA queue and the compliance KPI.
  const collectionQuality = await registerCollectionQuality({
    routes,
    connection,
    collections: collectionGate,
    findings,
    orgScope,
    ruleSets: unitRuleSets,
    evaluator,
    decisions,
    outbox,
    audit,
    weights: scoreWeightsFrom(process.env),
    logger,
  });
  jobs.register(collectionQuality.job);
  // The agency register (Arts 12, 21): HQ's, one register for collection and recovery work.
  // The placements are created after the register (they need it): the scorecards read them through a reader bound below.
  let placedCases: PlacedCases = NO_PLACEMENTS;
  const vendors = await createVendorRegister({
    placed: { byStage: (agencyId, month) => placedCases.byStage(agencyId, month) },
    complaints: await agencyComplaintsReader(connection),
    connection,
    audit,
    outbox,
    ruleSets: unitRuleSets,
    evaluator,
    decisions,
    persons,
    settings: config.vendors,
    routes,
  });
  jobs.register(vendors.job);
  jobs.register(vendors.scorecardsJob);
  // The agency scorecards count agencies' activities and gate checks; a serious confirmed finding suspends the agency (Art. 22(3)).
  collectionGate.activities.onRecorded((recorded) =>
    vendors.agencyCounters.addActivities(recorded.map(({ document }) => ({ agencyId: document.actor.agencyId, day: document.day }))),
  );
  collectionGate.gate.onDecided(async ({ actor, day, outcome }) => {
    if (actor.agencyId) await vendors.agencyCounters.addGateCheck(actor.agencyId, day, outcome === 'block');
  });
  findingsService.onConfirmed(suspendOnViolation(vendors.register));
  // Recovery after payment (Arts 2(5), 17, 19-23): a case per paid claim, its ledger, placed with agencies like collection cases.
  const recovery = await registerRecovery({
    connection,
    routes,
    portfolio: portfolioStore,
    portfolioImport,
    orgScope,
    outbox,
    audit,
    persons,
    internetChannels: config.internetChannels,
    rules: { ruleSets: unitRuleSets, evaluator, decisions },
  });
  jobs.register(recovery.job);
  jobs.register(recovery.impairmentJob);
  // The recovery case opens when the claim is paid (Art. 17), under the same claim id the book's claim record carries; the daily job is the safety net.
  claimWorkflow.onTransition(async ({ action, record, actor }) => {
    if (action !== 'pay' || !record.payment) return;
    const { paidOn, amountCents } = record.payment;
    await recovery.openRecoveryCase({ claimId: record._id, loanId: record.loanId, orgUnit: record.orgUnit, amountCents, paidAt: paidOn }, actor);
  });
  jobs.register(recovery.lookbackJob);
  // Agreements, placements and the exit (Arts 12, 21-22): an agency works only under an agreement, on the cases placed with it.
  const placements = await createPlacements({
    connection,
    register: vendors.register,
    cases: collectionCases,
    recoveryCases: recovery.placeable,
    orgScope,
    outbox,
    audit,
    persons,
    routes,
    today: () => dateOfMoment(new Date()),
  });
  placedCases = placedCasesReader({
    placements: placements.placements,
    cases: collectionCases,
    recoveryCases: recovery.cases,
    portfolio: portfolioStore,
    internetChannels: config.internetChannels,
  });
  agencyScope.bind({
    agencyStatus: (agencyId) => vendors.status.agencyStatus(agencyId),
    placedObligors: (agencyId, obligorIds) => placements.placements.placedObligors(agencyId, obligorIds),
  });
  apiKeys.agencyKnown = async (agencyId) => (await vendors.register.require(agencyId).catch(() => undefined)) !== undefined;
  // Channel partners (Art. 5): the register, violations with the agreement's penalties, quarterly reviews (partner.review).
  const partners = await registerPartners({
    routes,
    connection,
    orgScope,
    audit,
    outbox,
    metrics,
    bookPages,
    portfolio: portfolioStore,
    metricSettings: config.metricSettings,
    ruleSets: unitRuleSets,
    evaluator,
    decisions,
    tasks,
  });
  jobs.register(partners.job);
  // Complaints (Arts 24-31): unit settings and the workflow; the complainant sealed under the webhook secrets' key material.
  const complaints = await registerComplaints({
    routes,
    connection,
    orgScope,
    audit,
    outbox,
    internetChannels: config.internetChannels,
    secretKey: config.webhooks.secretKey,
    ruleSets: unitRuleSets,
    evaluator,
    decisions,
    tasks,
    agencyKnown: apiKeys.agencyKnown,
    partnerKnown: (partnerId) => partners.service.known(partnerId),
  });
  jobs.register(complaints.deadlinesJob);
  // Internal control (Arts 34, 8): inspection plans, inspections on the task queue, emergency plans; overdue remediations daily.
  jobs.register((await registerControl({ routes, connection, orgScope, audit, outbox, tasks })).deadlinesJob);
  // Stress tests (Art. 33): the stress.scenario set, imported financials and the metric module's figures; maker-checker approval.
  const stress = await registerStress({
    routes,
    connection,
    orgScope,
    audit,
    outbox,
    persons,
    metrics,
    bookScope,
    ruleSets: unitRuleSets,
    evaluator,
    decisions,
  });
  jobs.register(stress.job);
  // The monthly report's complaint section: the month's complaints of the caller's units, per 10,000 obligors in force at the month end.
  const monthlyComplaints = await monthlyComplaintsReader(connection);
  const obligors = memoisedObligorsInForce({
    bookPages,
    portfolio: portfolioStore,
    metricSettings: config.metricSettings,
    internetChannels: config.internetChannels,
  });
  reports.complaintFigures = async (month, monthEnd, units) =>
    monthlyComplaints.figures(month, monthEnd, units ?? (await orgScope.tree()).list().map((unit) => unit.id), () => obligors(monthEnd));
  // Credit-bureau reporting (Art. 32): guarantee insurance with the obligor's authorisation; HQ runs it, branches read.
  const bureau = await createBureau({
    connection,
    routes,
    orgScope,
    outbox,
    audit,
    portfolio: portfolioStore,
    bookPages,
    metricSettings: config.metricSettings,
    internetChannels: config.internetChannels,
    settings: config.bureau,
    today: () => dateOfMoment(new Date()),
  });
  jobs.register(bureau.job);
  const transitionClaims = new TransitionClaims(connection);
  jobs.register(
    maintenanceJob(sessions, jobs, [
      { name: 'eventsRepublished', run: () => outbox.retryUnpublished() },
      // Before the general sweep, so the webhook claims it removes from the same collection are counted as theirs.
      ...webhooks.maintenance,
      { name: 'transitionClaims', run: (now) => transitionClaims.deleteBefore(new Date(now.getTime() - SETTLED_CLAIM_MS)) },
    ]),
  );
  registerJobRoutes(routes, jobs);

  // Unique indexes must exist before the first write relies on them.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  await orgUnitStore.ensureHeadOffice();

  const openApi = buildOpenApiDocument(routes, schemas, version);
  const api = express.Router();
  api.get('/openapi.json', (_request, response) => {
    response.json(openApi);
  });
  const authenticate: Authenticator = (request) => authentication.authenticate(request);
  const responseChecker = config.validateResponses ? new ResponseChecker(schemas) : undefined;
  routes.mount(api, schemas, authenticate, responseChecker, logger);
  api.use(notFoundHandler);

  const app = express();
  app.disable('x-powered-by');
  // Hashing every JSON response for an ETag costs time on the evaluation hot path and helps no client of this API.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(requestContext(logger));
  app.use(securityHeaders());
  app.use(API_PREFIX, api);
  app.use(studioRouter(projectRoot));
  app.use(errorHandler(logger));
  // Until Agenda runs scheduled work (server/jobs), this process sends webhook deliveries itself.
  webhooks.loop.start();

  const fastPath: FastPathCounters = { served: 0, passedOn: 0 };
  const listener = config.evaluationFastPath
    ? fastRouteListener({ routes: routes.list(), schemas, authenticate, logger, prefix: API_PREFIX, responses: responseChecker }, app, fastPath)
    : app;

  return {
    listener,
    app,
    fastPath,
    responseChecker,
    services: {
      authentication,
      users,
      apiKeys,
      sessions,
      ruleSets,
      backtests,
      evaluation,
      evaluator,
      decisions,
      portfolioImport,
      metrics,
      orgScope,
      orgUnits,
      audit,
      effectiveRuleSets,
      webhooks,
      events: webhooks.sink,
      jobs,
      alerts,
      tasks,
      outbox,
      obligorMonitoring,
      claimCases,
      claimWorkflow,
      vendors: vendors.status,
      collectionGate,
      actuarial,
      reports,
    },
    routes,
    schemas,
    openApi,
    bootstrap: async (print) => {
      // Decisions a stopped process acknowledged but had not stored yet go to the database first.
      await decisions.open();
      const demo = config.seedDemo && config.nodeEnv === 'development';
      // The demo tree first: the demo branch user belongs to one of its units.
      if (demo) await orgUnits.ensureUnits(DEMO_ORG_UNITS, 'system');
      await ensureBootstrapCredentials(
        config,
        { users, apiKeys, countUsers: () => userStore.count(), activeDemoUsers: () => userStore.activeDemoUsers() },
        logger,
        print,
      );
      await recordSettingsChange(audit, config);
      await seedStandardPack(path.join(projectRoot, 'rules'), ruleSetStore, ruleSetContext, evaluator, logger, audit);
      if (demo) await seedDemoAuthority(orgUnits, grantStore, audit, logger);
      if (demo) await seedDemoPortfolio(portfolioImport, () => metrics.isPortfolioEmpty(), logger, completeness);
      // An import that committed but died while copying its rows into the records is finished now, not at the next import.
      await bookPages.settle(portfolioStore);
    },
    startJobs: () => jobs.start(),
    close: async () => {
      await jobs.stop();
      await webhooks.loop.stop();
      await decisions.close();
    },
  };
}

function readVersion(projectRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
